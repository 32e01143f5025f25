{#
    Type names on Spark. The project's yml (model contracts, seed column_types) spells text
    `varchar`, as DuckDB, Postgres and most warehouses do; Spark 4 rejects VARCHAR without a
    length (DATATYPE_MISSING_SIZE) and calls it `string`.

    spark_type(data_type): the Spark spelling of a type name: `varchar`, `text`, `char`,
    `character varying` (without a length) -> `string`; `double precision` -> `double`;
    `timestamp with time zone` / `timestamptz` -> `timestamp`; anything else unchanged.

    spark__cast: dbt.cast on Spark through spark_type. dbt renders a model contract's column
    types with dbt.cast (get_empty_schema_sql), so contracts written with `varchar` hold on
    Spark too. (A root-project spark__cast takes precedence over the adapter's.)
#}
{% macro spark_type(data_type) -%}
    {%- set t = (data_type | string | trim | lower) -%}
    {%- if t in ['varchar', 'text', 'char', 'character varying', 'nvarchar', 'bpchar'] -%}
        {{ return('string') }}
    {%- elif t == 'double precision' -%}
        {{ return('double') }}
    {%- elif t in ['timestamp with time zone', 'timestamptz'] -%}
        {{ return('timestamp') }}
    {%- endif -%}
    {{ return(data_type) }}
{%- endmacro %}

{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ c360.spark_type(type) }})
{%- endmacro %}
