{#
    Generic test ltv_between(min_value, max_value): fails on the rows whose column is outside
    [min_value, max_value] (nulls pass).
#}
{% test ltv_between(model, column_name, min_value, max_value) %}
    {%- if min_value is none or max_value is none -%}
        {%- do exceptions.raise_compiler_error("ltv_between needs min_value and max_value") -%}
    {%- endif %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}
