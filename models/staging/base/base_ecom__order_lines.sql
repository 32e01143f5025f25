{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the order line ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('ecom', 'order_lines')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('order_line_id') }} as order_line_id
        , {{ c360.clean_text('order_id') }} as order_id
        , {{ c360.clean_text('product_id') }} as product_id
        , {{ c360.clean_text('product_name') }} as product_name
        , lower({{ c360.clean_text('category') }}) as category
        , {{ c360.clean_text('quantity') }} as quantity_raw
        , {{ c360.clean_text('unit_price') }} as unit_price_raw
        , raw_fingerprint
        , raw_occurrence
    from pending
),

typed as (
    select
        cleaned.*
        , cast({{ c360.parse_amount('quantity_raw') }} as integer) as quantity
        , {{ c360.parse_amount('unit_price_raw') }} as unit_price
    from cleaned
),

row_results as (
    select
        order_line_id
        , order_id
        , product_id
        , product_name
        , category
        , quantity
        , unit_price
        , unit_price_raw
        , case
            when order_line_id is null then 'missing_record_id'
            when order_id is null then 'missing_order_id'
            when quantity is null or quantity <= 0 then 'invalid_quantity'
            when unit_price is null or unit_price < 0 then 'invalid_amount'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from typed
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('ecom', 'order_lines')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'order_line_id', 'order_id', logic) }}
),

final as (
    select
        order_line_id
        , order_id
        , product_id
        , product_name
        , category
        , quantity
        , unit_price
        , unit_price_raw
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
