{#
    type_double()

    The engine's 8-byte floating point type, for scores and money computed in SQL (LTV scores,
    survivorship scores). Not dbt.type_float(): on DuckDB that renders `float`, a 4-byte REAL,
    too coarse for scores checked to 1e-6.
#}
{% macro type_double() %}
    {{ return(adapter.dispatch('type_double', 'c360')()) }}
{% endmacro %}

{% macro default__type_double() %}double precision{% endmacro %}

{# Spark and Databricks spell it `double`. #}
{% macro spark__type_double() %}double{% endmacro %}

{# BigQuery has only `float64`. #}
{% macro bigquery__type_double() %}float64{% endmacro %}
