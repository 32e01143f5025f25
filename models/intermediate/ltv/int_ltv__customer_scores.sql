-- one row per customer with at least one purchase: BG/NBD P(alive) and expected purchases,
-- Gamma-Gamma expected spend and the discounted value of the next ltv_clv_horizon_months months,
-- scored in SQL by the macros of macros/ltv (days are the time unit). Expected purchases depend
-- only on (frequency, recency, age) and the 2F1 in them only on (frequency, age): each is computed
-- once per distinct value and joined back to the customers (same expressions, fewer rows)
{%- set horizon_months = c360.ltv_var('ltv_clv_horizon_months') | int %}
{%- set days_per_month = 365.0 / 12 %}
{%- set n_terms = c360.ltv_var('ltv_hyp2f1_terms') | int %}
{#- the 2F1 series is summed in blocks of this many terms, one CTE each (see macros/ltv/ltv_hyp2f1.sql) #}
{%- set block_terms = 10 %}
{%- set n_blocks = ((n_terms + block_terms - 1) / block_terms) | int %}
{%- set hyp = c360.ltv_bg_nbd_hyp2f1_arguments('horizon_days', 'frequency', 'age', 'bg_r', 'bg_alpha', 'bg_a', 'bg_b') %}
{%- set carried = 'horizon, horizon_days, frequency, age, bg_r, bg_alpha, bg_a, bg_b, hyp_a, hyp_b, hyp_c, hyp_z' %}

with

rfm_summary as (

    select * from {{ ref('int_ltv__rfm_summary') }}

),

parameters as (

    select * from {{ ref('ltv_parameters') }}

),

-- one row, null where a model was not fitted
fitted as (

    select
        max(case when model = 'bg_nbd' and parameter_name = 'r' then parameter_value end) as bg_r
        , max(case when model = 'bg_nbd' and parameter_name = 'alpha' then parameter_value end) as bg_alpha
        , max(case when model = 'bg_nbd' and parameter_name = 'a' then parameter_value end) as bg_a
        , max(case when model = 'bg_nbd' and parameter_name = 'b' then parameter_value end) as bg_b
        , max(case when model = 'gamma_gamma' and parameter_name = 'p' then parameter_value end) as gg_p
        , max(case when model = 'gamma_gamma' and parameter_name = 'q' then parameter_value end) as gg_q
        , max(case when model = 'gamma_gamma' and parameter_name = 'gamma' then parameter_value end) as gg_gamma
        , max(fitted_at) as parameters_fitted_at
    from parameters

),

-- the horizons expected purchases are needed at: 90 and 365 days, and the end of each month for the value
horizons as (

    select 'd90' as horizon, cast(90 as {{ c360.type_double() }}) as horizon_days
    union all
    select 'd365' as horizon, cast(365 as {{ c360.type_double() }}) as horizon_days
    {% for month in range(1, horizon_months + 1) %}
        union all
        select
            'm{{ month }}' as horizon
            , cast({{ month * days_per_month }} as {{ c360.type_double() }}) as horizon_days
    {% endfor %}

),

inputs as (

    select
        rfm_summary.customer_id
        , cast(rfm_summary.frequency as {{ c360.type_double() }}) as frequency
        , cast(rfm_summary.recency_days as {{ c360.type_double() }}) as recency
        , cast(rfm_summary.t_days as {{ c360.type_double() }}) as age
        , cast(rfm_summary.monetary_value_jpy as {{ c360.type_double() }}) as monetary_value
        , fitted.bg_r
        , fitted.bg_alpha
        , fitted.bg_a
        , fitted.bg_b
        , fitted.gg_p
        , fitted.gg_q
        , fitted.gg_gamma
        , fitted.parameters_fitted_at
    from rfm_summary
    cross join fitted

),

-- the distinct (frequency, recency, age) of the customers: the expected purchases depend on nothing else
rfm_points as (

    select distinct
        frequency
        , recency
        , age
    from inputs

),

-- the 2F1 does not depend on recency: it is evaluated once per distinct (frequency, age)
frequency_ages as (

    select distinct
        frequency
        , age
    from rfm_points

),

-- one row per distinct (frequency, age) and horizon, so the long 2F1 expression is planned once
scoring_points as (

    select
        horizons.horizon
        , horizons.horizon_days
        , frequency_ages.frequency
        , frequency_ages.age
        , fitted.bg_r
        , fitted.bg_alpha
        , fitted.bg_a
        , fitted.bg_b
    from frequency_ages
    cross join fitted
    cross join horizons

),

-- the transformed 2F1 of the expected purchases: its arguments, then the series from the remainder
-- estimate after n_terms terms back to the first term, block_terms terms per step
hyp2f1_arguments as (

    select
        *
        , {{ hyp.a }} as hyp_a
        , {{ hyp.b }} as hyp_b
        , {{ hyp.c }} as hyp_c
        , {{ hyp.z }} as hyp_z
    from scoring_points

),

hyp2f1_step_{{ n_blocks }} as (

    select
        {{ carried }}
        , {{ c360.ltv_hyp2f1_remainder('hyp_a', 'hyp_b', 'hyp_c', 'hyp_z', n_terms) }} as hyp2f1_partial
    from hyp2f1_arguments

),

{% for step in range(n_blocks - 1, -1, -1) %}
    {% set first_term = step * block_terms %}
    {% set step_terms = [block_terms, n_terms - first_term] | min %}
    hyp2f1_step_{{ step }} as (
        select
            {{ carried }}
            , {{ c360.ltv_hyp2f1_horner('hyp_a', 'hyp_b', 'hyp_c', 'hyp_z', first_term, step_terms, 'hyp2f1_partial') }}
                as hyp2f1_partial
        from hyp2f1_step_{{ step + 1 }}
    ),
{% endfor %}

-- expected purchases per distinct (frequency, recency, age) and horizon
expected_at_horizons as (

    select
        rfm_points.frequency
        , rfm_points.recency
        , rfm_points.age
        , hyp2f1_step_0.horizon
        , {{ c360.ltv_bg_nbd_expected_purchases(
            'hyp2f1_step_0.horizon_days', 'rfm_points.frequency', 'rfm_points.recency', 'rfm_points.age',
            'hyp2f1_step_0.bg_r', 'hyp2f1_step_0.bg_alpha', 'hyp2f1_step_0.bg_a', 'hyp2f1_step_0.bg_b',
            hyp2f1='hyp2f1_step_0.hyp2f1_partial') }}
            as expected_purchases
    from rfm_points
    inner join hyp2f1_step_0
        on
            rfm_points.frequency = hyp2f1_step_0.frequency
            and rfm_points.age = hyp2f1_step_0.age

),

expected_by_rfm as (

    select
        frequency
        , recency
        , age
        {% for month in range(1, horizon_months + 1) %}
            , max(case when horizon = 'm{{ month }}' then expected_purchases end) as expected_purchases_m{{ month }}
        {% endfor %}
        , max(case when horizon = 'd90' then expected_purchases end) as expected_purchases_90d
        , max(case when horizon = 'd365' then expected_purchases end) as expected_purchases_365d
    from expected_at_horizons
    group by
        frequency
        , recency
        , age

),

scored as (

    select
        inputs.customer_id
        , {{ c360.ltv_bg_nbd_p_alive('inputs.frequency', 'inputs.recency', 'inputs.age',
            'inputs.bg_r', 'inputs.bg_alpha', 'inputs.bg_a', 'inputs.bg_b') }} as p_alive
        , expected_by_rfm.expected_purchases_90d
        , expected_by_rfm.expected_purchases_365d
        , {{ c360.ltv_gamma_gamma_expected_spend('inputs.frequency', 'inputs.monetary_value',
            'inputs.gg_p', 'inputs.gg_q', 'inputs.gg_gamma') }} as expected_spend_jpy,
        {%- set cumulative = [] %}
        {%- for month in range(1, horizon_months + 1) %}
            {%- do cumulative.append('expected_by_rfm.expected_purchases_m' ~ month) %}
        {%- endfor %}
        {{ c360.ltv_discounted_value(
            c360.ltv_gamma_gamma_expected_spend('inputs.frequency', 'inputs.monetary_value', 'inputs.gg_p', 'inputs.gg_q', 'inputs.gg_gamma'),
            cumulative,
            'power(1.0 + ' ~ c360.ltv_var('ltv_discount_rate_annual') ~ ', 1.0 / 12) - 1.0') }} as predicted_clv_jpy
        , inputs.parameters_fitted_at
    from inputs
    left join expected_by_rfm
        on
            inputs.frequency = expected_by_rfm.frequency
            and inputs.recency = expected_by_rfm.recency
            and inputs.age = expected_by_rfm.age

),

-- rounded to 1e-10: far below the series' accuracy (1e-6), and stable for the unit tests
final as (

    select
        customer_id
        , round(p_alive, 10) as p_alive
        , round(expected_purchases_90d, 10) as expected_purchases_90d
        , round(expected_purchases_365d, 10) as expected_purchases_365d
        , round(expected_spend_jpy, 10) as expected_spend_jpy
        , round(predicted_clv_jpy, 10) as predicted_clv_jpy
        , {{ horizon_months }} as clv_horizon_months
        , parameters_fitted_at
    from scored

)

select * from final
