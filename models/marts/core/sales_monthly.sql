{#- Non-personal sales aggregate: every valid order and till receipt, including those no
    customer mart may hold (anonymous till receipts, unattributed orders, orders of erased
    customers). -#}

with

orders as (
    select * from {{ ref('int_customer__orders') }}
),

monthly as (
    select
        cast({{ dbt.date_trunc('month', 'ordered_date') }} as date) as order_month
        , source_system
        , buyer_type
        , count(*) as order_count
        , sum(case when is_return then 1 else 0 end) as return_count
        , sum(case when is_return then 0 else revenue_jpy end) as revenue_jpy
        , sum(case when is_return then revenue_jpy else 0 end) as returned_revenue_jpy
    from orders
    group by 1, 2, 3
),

final as (
    select
        order_month
        , source_system
        , buyer_type
        , cast(order_count as {{ dbt.type_bigint() }}) as order_count
        , cast(return_count as {{ dbt.type_bigint() }}) as return_count
        , cast(revenue_jpy as decimal(18, 2)) as revenue_jpy
        , cast(returned_revenue_jpy as decimal(18, 2)) as returned_revenue_jpy
    from monthly
)

select * from final
