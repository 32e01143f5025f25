{#
    ltv_var(name)

    The value of an LTV var: the project's (dbt_project.yml, `# ltv` block, or --vars), else the
    default below, so the LTV models build with or without the block.
#}
{% macro ltv_var(name) %}
    {%- set defaults = {
        'ltv_observation_end_date': none,
        'ltv_discount_rate_annual': 0.10,
        'ltv_clv_horizon_months': 12,
        'ltv_hyp2f1_terms': 200,
        'ltv_p_alive_high': 0.7,
        'ltv_p_alive_low': 0.3,
        'ltv_rhythm_late_ratio': 1.5,
        'ltv_rhythm_very_late_ratio': 3.0,
        'ltv_new_customer_days': 90,
        'ltv_lapsed_after_days': 365,
        'ltv_reactivation_window_days': 90,
    } -%}
    {%- if name not in defaults -%}
        {%- do exceptions.raise_compiler_error("ltv_var: unknown LTV var " ~ name) -%}
    {%- endif -%}
    {{ return(var(name, defaults[name])) }}
{% endmacro %}
