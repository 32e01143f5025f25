{#
    purge_erased_records on Spark (for the post-hook of int_privacy__erased_records).

    The portable version issues `delete from <table> where <key> in (select ... from <erased>)`
    statements, joined by `;`. Spark runs neither: DELETE needs a table format with row-level
    deletes (Delta, Iceberg, Hudi; plain Parquet tables have none), and a hook runs as one
    statement. This version takes the statements of default__purge_erased_records and runs each
    as a rewrite: the rows to keep (an anti join with the erased keys, which keeps exactly what
    the DELETE keeps) go to a staging table `<table>__dbt_purge`, which then
    overwrites the table (Spark cannot overwrite a table in a query that reads it); on Delta /
    Iceberg / Hudi tables the DELETE runs as it is. Returns a no-op statement for the hook.
#}
{% macro spark__purge_erased_records(erased_records) -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set statements = c360.default__purge_erased_records(erased_records) | string -%}
    {%- for statement in statements.split(';') if statement | trim -%}
        {%- set parsed = modules.re.match('(?is)^\\s*delete\\s+from\\s+(\\S+)\\s+where\\s+(\\S+)\\s+in\\s+\\(\\s*select\\s+(\\S+)\\s+from\\s+(.+)\\)\\s*$', statement) -%}
        {%- if parsed is none -%}
            {%- do exceptions.raise_compiler_error("spark__purge_erased_records: unexpected statement: " ~ statement) -%}
        {%- endif -%}
        {%- set table, key, erased_column, erased_relation = parsed.group(1), parsed.group(2), parsed.group(3), parsed.group(4) -%}
        {%- set described = run_query("describe table extended " ~ table) -%}
        {%- set provider = [] -%}
        {%- for row in described.rows if row[0] == 'Provider' -%}{%- do provider.append(row[1] | lower) -%}{%- endfor -%}
        {%- if provider and provider[0] in ['delta', 'iceberg', 'hudi'] -%}
            {%- do run_query(statement) -%}
        {%- else -%}
            {%- set staging = table ~ '__dbt_purge' -%}
            {%- do run_query("drop table if exists " ~ staging) -%}
            {%- do run_query("create table " ~ staging ~ " using " ~ (provider[0] if provider else 'parquet')
                ~ " as select kept.* from " ~ table ~ " as kept left anti join (select " ~ erased_column
                ~ " as erased_value from " ~ erased_relation ~ ") as erased on kept." ~ key ~ " = erased.erased_value") -%}
            {%- do run_query("insert overwrite table " ~ table ~ " select * from " ~ staging) -%}
            {%- do run_query("drop table if exists " ~ staging) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('select 1 as purged') }}
{%- endmacro %}
