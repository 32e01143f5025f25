{#
    cte_materialized()

    The keyword that makes a CTE be computed once however often the query reads it:
    `name as {{ c360.cte_materialized() }} (select ...)`. DuckDB and PostgreSQL inline a CTE
    without an aggregate at every reference, so a chain of CTEs that each read the previous one
    twice grows as 2^n copies of the first (connected_components' pointer jumping); with
    `materialized` each is computed once. Empty on engines without the keyword (Spark,
    Snowflake, BigQuery), where the query is written for the engine's own planner or has its
    own version.
#}
{% macro cte_materialized() %}
    {{- return(adapter.dispatch('cte_materialized', 'c360')()) -}}
{% endmacro %}

{% macro default__cte_materialized() %}{% endmacro %}

{% macro duckdb__cte_materialized() %}materialized{% endmacro %}

{% macro postgres__cte_materialized() %}materialized{% endmacro %}
