-- one row per customer and purchase day up to the observation end (returns excluded)
{%- set observation_end = c360.ltv_var('ltv_observation_end_date') %}

with

orders as (

    select * from {{ ref('customer_orders') }}

),

purchases as (

    select
        customer_id
        , order_id
        , ordered_date
        , revenue_jpy
    from orders
    where
        customer_id is not null
        and not coalesce(is_return, false)

),

-- one row: the var ltv_observation_end_date, else the latest order date
observation as (

    {% if observation_end %}
        select cast('{{ observation_end }}' as date) as observation_end_date
    {% else %}
        select max(ordered_date) as observation_end_date
        from purchases
    {% endif %}

),

purchase_days as (

    select
        purchases.customer_id
        , purchases.ordered_date as purchase_date
        , observation.observation_end_date
        , count(*) as n_orders
        , sum(purchases.revenue_jpy) as revenue_jpy
    from purchases
    cross join observation
    where purchases.ordered_date <= observation.observation_end_date
    group by
        purchases.customer_id
        , purchases.ordered_date
        , observation.observation_end_date

),

numbered as (

    select
        customer_id
        , purchase_date
        , observation_end_date
        , n_orders
        , revenue_jpy
        , row_number() over (partition by customer_id order by purchase_date) as purchase_day_number
        , lag(purchase_date) over (partition by customer_id order by purchase_date) as previous_purchase_date
    from purchase_days

),

final as (

    select
        {{ dbt.concat(['customer_id', "'|'", dbt.cast('purchase_date', dbt.type_string())]) }} as purchase_day_key
        , customer_id
        , purchase_date
        , previous_purchase_date
        , purchase_day_number
        , n_orders
        , revenue_jpy
        , observation_end_date
    from numbered

)

select * from final
