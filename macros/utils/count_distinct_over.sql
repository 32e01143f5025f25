{#
    count_distinct_over(expr, partition_by): the number of distinct non-NULL values of `expr`
    in the window `partition by <partition_by>`, i.e. `count(distinct expr) over (...)`.
    Dispatched because Spark rejects DISTINCT in window functions
    (DISTINCT_WINDOW_FUNCTION_UNSUPPORTED); its version is in macros/spark/cross_db.sql.
#}
{% macro count_distinct_over(expr, partition_by) -%}
    {{ return(adapter.dispatch('count_distinct_over', 'c360')(expr, partition_by)) }}
{%- endmacro %}

{% macro default__count_distinct_over(expr, partition_by) -%}
    count(distinct {{ expr }}) over (partition by {{ partition_by }})
{%- endmacro %}
