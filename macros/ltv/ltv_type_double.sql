{#
    ltv_type_double()

    The engine's 8-byte floating point type, for the LTV scoring. Not dbt.type_float(): on
    DuckDB that renders `float`, a 4-byte REAL, too coarse for scores checked to 1e-6.
#}
{% macro ltv_type_double() %}
    {{ return(adapter.dispatch('ltv_type_double', 'c360')()) }}
{% endmacro %}

{% macro default__ltv_type_double() %}double precision{% endmacro %}

{# Spark and Databricks spell it `double`. #}
{% macro spark__ltv_type_double() %}double{% endmacro %}

{# BigQuery has only `float64`. #}
{% macro bigquery__ltv_type_double() %}float64{% endmacro %}
