-- one row per customer of customer_360 (prospects included): historic value, BG/NBD / Gamma-Gamma predictions
-- and churn risk, as of the observation end date

with

customers as (

    select customer_id from {{ ref('customer_360') }}

),

rfm_summary as (

    select * from {{ ref('int_ltv__rfm_summary') }}

),

scores as (

    select * from {{ ref('int_ltv__customer_scores') }}

),

churn_risk_matrix as (

    select * from {{ ref('ltv_churn_risk_matrix') }}

),

-- days between purchases of the average repeat buyer: the rhythm of customers with one purchase
population_rhythm as (

    select
        avg(cast(recency_days as {{ c360.type_double() }}) / frequency) as purchase_rhythm_days
    from rfm_summary
    where frequency > 0 and recency_days > 0

),

rhythm as (

    select
        rfm_summary.customer_id
        , case
            when rfm_summary.frequency > 0 and rfm_summary.recency_days > 0
                then cast(rfm_summary.recency_days as {{ c360.type_double() }}) / rfm_summary.frequency
            else population_rhythm.purchase_rhythm_days
        end as purchase_rhythm_days
        , case
            when rfm_summary.frequency > 0 and rfm_summary.recency_days > 0 then 'own'
            else 'population'
        end as purchase_rhythm_source
    from rfm_summary
    cross join population_rhythm

),

bands as (

    select
        rfm_summary.customer_id
        , rhythm.purchase_rhythm_days
        , rhythm.purchase_rhythm_source
        , rfm_summary.days_since_last_purchase / nullif(rhythm.purchase_rhythm_days, 0) as overdue_ratio
        , case
            when scores.p_alive is null then null
            when scores.p_alive >= {{ c360.ltv_var('ltv_p_alive_high') }} then 'high'
            when scores.p_alive < {{ c360.ltv_var('ltv_p_alive_low') }} then 'low'
            else 'medium'
        end as p_alive_band
    from rfm_summary
    inner join rhythm
        on rfm_summary.customer_id = rhythm.customer_id
    left join scores
        on rfm_summary.customer_id = scores.customer_id

),

statuses as (

    select
        customer_id
        , purchase_rhythm_days
        , purchase_rhythm_source
        , overdue_ratio
        , p_alive_band
        , case
            when overdue_ratio is null then null
            when overdue_ratio <= {{ c360.ltv_var('ltv_rhythm_late_ratio') }} then 'on_rhythm'
            when overdue_ratio <= {{ c360.ltv_var('ltv_rhythm_very_late_ratio') }} then 'late'
            else 'very_late'
        end as rhythm_status
    from bands

),

churn as (

    select
        statuses.customer_id
        , statuses.purchase_rhythm_days
        , statuses.purchase_rhythm_source
        , statuses.overdue_ratio
        , statuses.p_alive_band
        , statuses.rhythm_status
        , churn_risk_matrix.churn_risk
    from statuses
    left join churn_risk_matrix
        on
            statuses.p_alive_band = churn_risk_matrix.p_alive_band
            and statuses.rhythm_status = churn_risk_matrix.rhythm_status

),

final as (

    select
        cast(customers.customer_id as {{ dbt.type_string() }}) as customer_id
        , cast(rfm_summary.customer_id is not null as {{ dbt.type_boolean() }}) as has_purchased
        , cast(rfm_summary.first_purchase_date as date) as first_purchase_date
        , cast(rfm_summary.last_purchase_date as date) as last_purchase_date
        , cast(coalesce(rfm_summary.n_orders, 0) as {{ dbt.type_bigint() }}) as n_orders
        , cast(coalesce(rfm_summary.n_purchase_days, 0) as {{ dbt.type_bigint() }}) as n_purchase_days
        , cast(coalesce(rfm_summary.revenue_jpy, 0) as decimal(18, 2)) as revenue_jpy
        , cast(rfm_summary.average_order_value_jpy as decimal(18, 2)) as average_order_value_jpy
        , cast(rfm_summary.t_days as {{ dbt.type_bigint() }}) as tenure_days
        , cast(rfm_summary.days_since_last_purchase as {{ dbt.type_bigint() }}) as days_since_last_purchase
        , cast(rfm_summary.days_before_last_purchase as {{ dbt.type_bigint() }}) as days_before_last_purchase
        , cast(rfm_summary.frequency as {{ dbt.type_bigint() }}) as frequency
        , cast(rfm_summary.recency_days as {{ dbt.type_bigint() }}) as recency_days
        , cast(rfm_summary.t_days as {{ dbt.type_bigint() }}) as t_days
        , cast(rfm_summary.monetary_value_jpy as {{ c360.type_double() }}) as monetary_value_jpy
        , cast(scores.p_alive as {{ c360.type_double() }}) as p_alive
        , cast(scores.expected_purchases_90d as {{ c360.type_double() }}) as expected_purchases_90d
        , cast(scores.expected_purchases_365d as {{ c360.type_double() }}) as expected_purchases_365d
        , cast(scores.expected_spend_jpy as {{ c360.type_double() }}) as expected_spend_jpy
        , cast(scores.predicted_clv_jpy as {{ c360.type_double() }}) as predicted_clv_jpy
        , cast(scores.clv_horizon_months as {{ dbt.type_int() }}) as clv_horizon_months
        , cast(churn.purchase_rhythm_days as {{ c360.type_double() }}) as purchase_rhythm_days
        , cast(churn.purchase_rhythm_source as {{ dbt.type_string() }}) as purchase_rhythm_source
        , cast(churn.overdue_ratio as {{ c360.type_double() }}) as overdue_ratio
        , cast(churn.p_alive_band as {{ dbt.type_string() }}) as p_alive_band
        , cast(churn.rhythm_status as {{ dbt.type_string() }}) as rhythm_status
        , cast(churn.churn_risk as {{ dbt.type_string() }}) as churn_risk
        , cast(rfm_summary.observation_end_date as date) as observation_end_date
        , cast(scores.parameters_fitted_at as {{ dbt.type_timestamp() }}) as parameters_fitted_at
    from customers
    left join rfm_summary
        on customers.customer_id = rfm_summary.customer_id
    left join scores
        on customers.customer_id = scores.customer_id
    left join churn
        on customers.customer_id = churn.customer_id

)

select * from final
