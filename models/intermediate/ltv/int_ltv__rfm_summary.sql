-- one row per customer with at least one purchase day up to the observation end: the
-- frequency / recency / age / monetary summary the BG/NBD and Gamma-Gamma models take (days)

with

purchase_days as (

    select * from {{ ref('int_ltv__purchase_days') }}

),

per_customer as (

    select
        customer_id
        , observation_end_date
        , min(purchase_date) as first_purchase_date
        , max(purchase_date) as last_purchase_date
        -- previous purchase dates increase with the purchase day: the largest is the one before the last
        , max(previous_purchase_date) as previous_purchase_date
        , count(*) as n_purchase_days
        , sum(n_orders) as n_orders
        , sum(revenue_jpy) as revenue_jpy
        , sum(case when purchase_day_number = 1 then revenue_jpy else 0 end) as first_day_revenue_jpy
    from purchase_days
    group by
        customer_id
        , observation_end_date

),

final as (

    select
        customer_id
        , observation_end_date
        , first_purchase_date
        , last_purchase_date
        , previous_purchase_date
        , n_orders
        , n_purchase_days
        , cast(revenue_jpy as decimal(18, 2)) as revenue_jpy
        , cast(revenue_jpy / n_orders as decimal(18, 2)) as average_order_value_jpy
        , n_purchase_days - 1 as frequency
        , {{ dbt.datediff('first_purchase_date', 'last_purchase_date', 'day') }} as recency_days  -- noqa: LT05
        , {{ dbt.datediff('first_purchase_date', 'observation_end_date', 'day') }} as t_days  -- noqa: LT05
        , {{ dbt.datediff('last_purchase_date', 'observation_end_date', 'day') }} as days_since_last_purchase  -- noqa: LT05
        , {{ dbt.datediff('previous_purchase_date', 'last_purchase_date', 'day') }} as days_before_last_purchase  -- noqa: LT05
        , case
            when n_purchase_days > 1
                then cast((revenue_jpy - first_day_revenue_jpy) as {{ c360.type_double() }}) / (n_purchase_days - 1)
            else 0.0
        end as monetary_value_jpy
    from per_customer

)

select * from final
