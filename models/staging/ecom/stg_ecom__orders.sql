{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_ecom__orders') }}
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
    from base
    where reject_reason is null
)

select * from final
