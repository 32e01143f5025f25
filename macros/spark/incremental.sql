{#
    The `delete+insert` incremental strategy on Spark (int_customer_id_assignments uses it).
    dbt-spark offers append, insert_overwrite and merge, and merge needs a table format with
    row-level updates (Delta, Iceberg, Hudi), which a plain Spark (parquet tables, no extra
    jars) does not have. Two adapter macros are overridden here (a root-project macro takes
    precedence over the adapter's):
    - dbt_spark_validate_get_incremental_strategy: also accepts 'delete+insert' (it needs a
      unique_key); every other strategy is validated as dbt-spark does;
    - dbt_spark_get_incremental_sql: for 'delete+insert'
        * on Delta / Iceberg / Hudi: `delete from` the target the keys of the new rows, then
          `insert into` the new rows (row-level DML);
        * on any other format: the rows to keep (target rows whose key is not among the new
          rows) and the new rows are written to a staging table `<target>__dbt_di`, which
          then overwrites the target (`insert overwrite` from a separate table, since Spark
          cannot overwrite a table in a query that reads it), and the staging table is dropped.
      Other strategies go to dbt-spark's macros unchanged.
#}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) %}
    {% if raw_strategy == 'delete+insert' %}
        {% if not config.get('unique_key') %}
            {% do exceptions.raise_compiler_error("Incremental strategy 'delete+insert' needs a unique_key") %}
        {% endif %}
        {% do return(raw_strategy) %}
    {% endif %}
    {% do return(dbt.dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format)) %}
{% endmacro %}


{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) %}
    {%- if strategy != 'delete+insert' -%}
        {{ return(dbt.dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates)) }}
    {%- endif -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set columns = adapter.get_columns_in_relation(target) | map(attribute='quoted') | join(', ') -%}
    {%- set file_format = config.get('file_format', default='parquet') -%}
    {%- set key_match -%}
        {% for key in keys %}target_rows.{{ key }} = new_rows.{{ key }}{{ " and " if not loop.last }}{% endfor %}
    {%- endset -%}
    {%- if file_format in ['delta', 'iceberg', 'hudi'] -%}
        {%- do run_query("delete from " ~ target ~ " as target_rows where exists (select 1 from " ~ source ~ " as new_rows where " ~ key_match ~ ")") -%}
        {{ return("insert into table " ~ target ~ " select " ~ columns ~ " from " ~ source) }}
    {%- endif -%}
    {%- set staging = target.incorporate(path={"identifier": target.identifier ~ "__dbt_di"}) -%}
    {%- do run_query("drop table if exists " ~ staging) -%}
    {%- do run_query(
        "create table " ~ staging ~ " using " ~ file_format ~ " as"
        ~ " select " ~ columns ~ " from " ~ target ~ " as target_rows"
        ~ " left anti join " ~ source ~ " as new_rows on " ~ key_match
        ~ " union all select " ~ columns ~ " from " ~ source) -%}
    {%- do run_query("insert overwrite table " ~ target ~ " select " ~ columns ~ " from " ~ staging) -%}
    {{ return("drop table if exists " ~ staging) }}
{% endmacro %}
