{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the order ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('ecom', 'orders')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('order_id') }} as order_id
        , {{ c360.clean_text('account_id') }} as account_id
        , {{ c360.clean_text('ordered_at') }} as ordered_at_raw
        , upper({{ c360.clean_text('currency') }}) as currency
        , {{ c360.clean_text('order_total') }} as order_total_raw
        , lower({{ c360.clean_text('status') }}) as status
        , raw_fingerprint
        , raw_occurrence
    from pending
),

typed as (
    select
        cleaned.*
        , {{ c360.parse_timestamp('ordered_at_raw') }} as ordered_at
        , {{ c360.parse_amount('order_total_raw') }} as order_total
    from cleaned
),

row_results as (
    select
        order_id
        , account_id
        , ordered_at
        , ordered_at_raw
        , currency
        , order_total
        , order_total_raw
        , status
        , case
            when order_id is null then 'missing_record_id'
            when account_id is null then 'missing_account_id'
            when ordered_at is null then 'unparseable_timestamp'
            when order_total is null or order_total < 0 then 'invalid_amount'
            when currency is null then 'missing_currency'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from typed
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('ecom', 'orders')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'order_id', 'ordered_at_raw', logic) }}
),

final as (
    select
        order_id
        , account_id
        , ordered_at
        , ordered_at_raw
        , currency
        , order_total
        , order_total_raw
        , status
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
