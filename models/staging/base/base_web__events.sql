{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the event ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('web', 'events')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('event_id') }} as event_id
        , {{ c360.clean_text('anonymous_id') }} as anonymous_id
        , lower({{ c360.clean_text('user_id') }}) as user_id
        , {{ c360.clean_text('session_id') }} as session_id
        , lower({{ c360.clean_text('event_type') }}) as event_type
        , {{ c360.clean_text('page_path') }} as page_path
        , {{ c360.clean_text('occurred_at') }} as occurred_at_raw
        , raw_fingerprint
        , raw_occurrence
    from pending
),

typed as (
    select
        cleaned.*
        , {{ c360.parse_timestamp('occurred_at_raw') }} as occurred_at
    from cleaned
),

row_results as (
    select
        event_id
        , anonymous_id
        , user_id
        , session_id
        , event_type
        , page_path
        , occurred_at
        , occurred_at_raw
        , case
            when event_id is null then 'missing_record_id'
            when anonymous_id is null then 'missing_anonymous_id'
            when occurred_at is null then 'unparseable_timestamp'
            when event_type is null or event_type not in ('page_view', 'login', 'add_to_cart', 'checkout')
                then 'invalid_event_type'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from typed
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('web', 'events')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'event_id', 'occurred_at_raw', logic) }}
),

final as (
    select
        event_id
        , anonymous_id
        , user_id
        , session_id
        , event_type
        , page_path
        , occurred_at
        , occurred_at_raw
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
