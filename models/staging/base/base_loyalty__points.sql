{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the ledger ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('loyalty', 'points')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('ledger_id') }} as ledger_id
        , nullif({{ c360.regex_replace_all(c360.clean_text('card_no'), '[^0-9]', '') }}, '') as card_no
        , {{ c360.clean_text('posted_at') }} as posted_at_raw
        , {{ c360.clean_text('points') }} as points_raw
        , lower({{ c360.clean_text('reason') }}) as reason
        , raw_fingerprint
        , raw_occurrence
    from pending
),

typed as (
    select
        cleaned.*
        , {{ c360.parse_timestamp('posted_at_raw') }} as posted_at
        , cast({{ c360.parse_amount('points_raw') }} as integer) as points
    from cleaned
),

row_results as (
    select
        ledger_id
        , card_no
        , posted_at
        , posted_at_raw
        , points
        , points_raw
        , reason
        , case
            when ledger_id is null then 'missing_record_id'
            when card_no is null then 'missing_card_no'
            when posted_at is null then 'unparseable_timestamp'
            when points is null then 'invalid_points'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from typed
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('loyalty', 'points')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'ledger_id', 'posted_at_raw', logic) }}
),

final as (
    select
        ledger_id
        , card_no
        , posted_at
        , posted_at_raw
        , points
        , points_raw
        , reason
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
