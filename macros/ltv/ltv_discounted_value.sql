{#
    ltv_discounted_value(expected_spend, cumulative_purchases, discount_rate)

    Discounted value of the next len(cumulative_purchases) periods, as lifetimes'
    customer_lifetime_value computes it:

        expected_spend * sum_{i = 1..P} (E_i - E_{i-1}) / (1 + d)^i,   E_0 = 0

    cumulative_purchases: a list of SQL expressions, E_i = expected purchases up to the end of
    period i (e.g. ltv_bg_nbd_expected_purchases at i months, or the columns holding them);
    discount_rate: d, the rate per period (SQL expression or number).
#}
{% macro ltv_discounted_value(expected_spend, cumulative_purchases, discount_rate) %}
    {{ return(adapter.dispatch('ltv_discounted_value', 'c360')(expected_spend, cumulative_purchases, discount_rate)) }}
{% endmacro %}

{% macro default__ltv_discounted_value(expected_spend, cumulative_purchases, discount_rate) -%}
    {%- if cumulative_purchases is string or cumulative_purchases | length == 0 -%}
        {%- do exceptions.raise_compiler_error("ltv_discounted_value: cumulative_purchases must be a non-empty list of SQL expressions") -%}
    {%- endif -%}
    (({{ expected_spend }}) * (
        {%- for e in cumulative_purchases %}
        {{ "+ " if not loop.first }}(({{ e }}) - {{ "(" ~ cumulative_purchases[loop.index0 - 1] ~ ")" if not loop.first else "0.0" }}) / power(1.0 + ({{ discount_rate }}), {{ loop.index }})
        {%- endfor %}
    ))
{%- endmacro %}
