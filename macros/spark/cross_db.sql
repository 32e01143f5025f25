{#
    listagg on Spark with its `order by`. dbt-spark's own spark__listagg ignores the order
    (it warns and concatenates collect_list in whatever order the shuffle delivers), so a
    list such as int_customer__spine.source_systems would differ from run to run and from
    DuckDB's. This version sorts: `order_by_clause` is `order by <expr> [asc|desc]` (one key),
    the values are collected with their key, sorted by key then value, and joined.
    (A root-project spark__listagg takes precedence over the adapter's for dbt.listagg.)
#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- set collected = "collect_list(" ~ measure ~ ")" -%}
    {%- if order_by_clause -%}
        {%- set clause = order_by_clause | trim -%}
        {%- set match = modules.re.match('(?is)^order\\s+by\\s+(.+?)(\\s+(asc|desc))?$', clause) -%}
        {%- if not match or ',' in match.group(1) -%}
            {%- do exceptions.raise_compiler_error("spark__listagg: only `order by <expression> [asc|desc]` is supported, got: " ~ order_by_clause) -%}
        {%- endif -%}
        {%- set sorted = "transform(array_sort(collect_list(named_struct('k', " ~ match.group(1) ~ ", 'v', " ~ measure ~ "))), s -> s.v)" -%}
        {%- set collected = ("reverse(" ~ sorted ~ ")") if (match.group(3) or '') | lower == 'desc' else sorted -%}
    {%- endif -%}
    {%- if limit_num -%}
        {%- set collected = "slice(" ~ collected ~ ", 1, " ~ limit_num ~ ")" -%}
    {%- endif -%}
    array_join({{ collected }}, {{ delimiter_text }})
{%- endmacro %}
