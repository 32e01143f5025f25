-- depends_on: {{ ref('junk_values') }}
{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the consent event ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('consent', 'events')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('consent_event_id') }} as consent_event_id
        , lower({{ c360.clean_text('source_system') }}) as source_system
        , {{ c360.clean_text('source_record_id') }} as source_record_id
        , {{ c360.clean_text('email') }} as email_raw
        , {{ c360.clean_text('phone') }} as phone_raw
        , lower({{ c360.clean_text('channel') }}) as channel
        , lower({{ c360.clean_text('purpose') }}) as purpose
        , lower({{ c360.clean_text('action') }}) as action
        , {{ c360.clean_text('occurred_at') }} as occurred_at_raw
        , {{ c360.clean_text('expires_at') }} as expires_at_raw
        , raw_fingerprint
        , raw_occurrence
    from pending
),

prepared as (
    select
        cleaned.*
        {{ c360.contact_point_inputs('email_raw', 'phone_raw') }}
    from cleaned
),

normalized as (
    select
        prepared.*
        {{ c360.contact_point_columns('null') }}
        , {{ c360.parse_timestamp('occurred_at_raw') }} as occurred_at
        , {{ c360.parse_timestamp('expires_at_raw') }} as expires_at
    from prepared
),

validated as (
    select
        normalized.*
        , {{ c360.valid_phone('phone_candidate') }} as phone_e164
    from normalized
),

row_results as (
    select
        consent_event_id
        , source_system
        , source_record_id
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , channel
        , purpose
        , action
        , occurred_at
        , occurred_at_raw
        , expires_at
        , case
            when consent_event_id is null then 'missing_record_id'
            when channel is null or channel not in ('email', 'sms', 'phone', 'post', 'push') then 'invalid_channel'
            when purpose is null or purpose not in ('marketing', 'profiling', 'third_party_sharing')
                then 'invalid_purpose'
            when
                action is null
                or action not in ('opt_in', 'opt_out', 'double_opt_in_request', 'double_opt_in_confirm')
                then 'invalid_action'
            when occurred_at is null then 'unparseable_timestamp'
            when email is null and phone_e164 is null and source_record_id is null then 'no_usable_identifier'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from validated
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('consent', 'events')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'consent_event_id', 'occurred_at_raw', logic) }}
),

final as (
    select
        consent_event_id
        , source_system
        , source_record_id
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , channel
        , purpose
        , action
        , occurred_at
        , occurred_at_raw
        , expires_at
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
