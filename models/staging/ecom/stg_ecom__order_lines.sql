{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_ecom__order_lines') }}
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
    from base
    where reject_reason is null
)

select * from final
