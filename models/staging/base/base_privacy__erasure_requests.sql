-- depends_on: {{ ref('junk_values') }}
{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the request ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('privacy', 'erasure_requests')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('request_id') }} as request_id
        , {{ c360.clean_text('requested_at') }} as requested_at_raw
        , {{ c360.clean_text('email') }} as email_raw
        , {{ c360.clean_text('phone') }} as phone_raw
        , lower({{ c360.clean_text('source_system') }}) as source_system
        , {{ c360.clean_text('source_record_id') }} as source_record_id
        , lower({{ c360.clean_text('status') }}) as status
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
        , {{ c360.parse_timestamp('requested_at_raw') }} as requested_at
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
        request_id
        , requested_at
        , requested_at_raw
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , source_system
        , source_record_id
        , status
        , case
            when request_id is null then 'missing_record_id'
            when email is null and phone_e164 is null and source_record_id is null then 'no_usable_identifier'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from validated
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('privacy', 'erasure_requests')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'request_id', 'requested_at_raw', logic) }}
),

final as (
    select
        request_id
        , requested_at
        , requested_at_raw
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , source_system
        , source_record_id
        , status
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
