with

orders as (
    select * from {{ ref('int_customer__orders') }}
    where buyer_type = 'identified'
),

final as (
    select
        customer_id
        , order_id
        , source_system
        , ordered_at
        , ordered_date
        , currency
        , amount
        , revenue_jpy
        , is_return
        , order_status
        , store_id
        , cast(item_count as {{ dbt.type_bigint() }}) as item_count
        , top_category
        , record_key
    from orders
)

select * from final
