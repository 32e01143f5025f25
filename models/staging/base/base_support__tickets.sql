-- depends_on: {{ ref('junk_values') }}
{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the ticket ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('support', 'tickets')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('ticket_id') }} as ticket_id
        , {{ c360.clean_text('account_id') }} as account_id
        , {{ c360.null_if_junk(c360.clean_text('contact_name'), 'name') }} as contact_name
        , {{ c360.clean_text('contact_email') }} as contact_email_raw
        , {{ c360.clean_text('contact_phone') }} as contact_phone_raw
        , lower({{ c360.clean_text('status') }}) as status
        , lower({{ c360.clean_text('channel') }}) as channel
        , {{ c360.clean_text('subject') }} as subject
        , {{ c360.clean_text('opened_at') }} as opened_at_raw
        , {{ c360.clean_text('closed_at') }} as closed_at_text
        , raw_fingerprint
        , raw_occurrence
    from pending
),

prepared as (
    select
        cleaned.*
        , {{ c360.parse_timestamp('closed_at_text') }} as closed_at
        {{ c360.contact_point_inputs('contact_email_raw', 'contact_phone_raw') }}
    from cleaned
),

normalized as (
    select
        prepared.*
        , {{ c360.parse_timestamp('opened_at_raw') }} as opened_at
        {{ c360.contact_point_columns('null') }}
        , {{ c360.sorted_name_key('contact_name') }} as full_name_key
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
        ticket_id
        , account_id
        , contact_name
        , full_name_key
        , email
        , contact_email_raw as email_raw
        , phone_e164
        , contact_phone_raw as phone_raw
        , status
        , channel
        , subject
        , opened_at
        , opened_at_raw
        , closed_at
        , case
            when ticket_id is null then 'missing_record_id'
            when opened_at is null then 'unparseable_timestamp'
            when account_id is null and email is null and phone_e164 is null and full_name_key is null
                then 'no_usable_identifier'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from validated
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('support', 'tickets')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'ticket_id', 'opened_at_raw', logic) }}
),

final as (
    select
        ticket_id
        , account_id
        , contact_name
        , full_name_key
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , status
        , channel
        , subject
        , opened_at
        , opened_at_raw
        , closed_at
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
