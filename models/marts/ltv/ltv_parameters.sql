-- one row per model ('bg_nbd', 'gamma_gamma') and parameter: the fitted parameters with the
-- fit's log-likelihood, size and date

with

fitted as (

    select * from {{ ref('int_ltv__fitted_parameters') }}

),

final as (

    select
        cast({{ dbt.concat(['model', "'.'", 'parameter_name']) }} as {{ dbt.type_string() }}) as parameter_key
        , cast(model as {{ dbt.type_string() }}) as model  -- noqa: RF04
        , cast(parameter_name as {{ dbt.type_string() }}) as parameter_name
        , cast(parameter_value as {{ c360.type_double() }}) as parameter_value
        , cast(log_likelihood as {{ c360.type_double() }}) as log_likelihood
        , cast(n_customers as {{ dbt.type_bigint() }}) as n_customers
        , cast(converged as {{ dbt.type_boolean() }}) as converged
        , cast(time_unit as {{ dbt.type_string() }}) as time_unit
        , cast(observation_end_date as date) as observation_end_date
        , cast(fitted_at as {{ dbt.type_timestamp() }}) as fitted_at
    from fitted

)

select * from final
