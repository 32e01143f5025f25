{#
    Seeds on Spark. Two adapter macros of dbt-spark are overridden (a root-project spark__
    macro takes precedence over the adapter's in dbt's dispatch):
    - spark__create_csv_table: a seed's `column_types` may say `varchar` or `text` (the
      portable spelling that DuckDB and Postgres take); Spark 4 rejects VARCHAR without a
      length, so they go through spark_type (types.sql) and become `string`;
    - spark__load_csv_rows: the session connection of dbt-spark substitutes the values into
      the INSERT as `'<value>'` without escaping, so a value with an apostrophe
      (`Can't Lose Them`) breaks the statement and an empty cell arrives as the text 'None'.
      * With the in-process session (method `session`, the seed files are on the driver's
        disk; spark_is_local_session) the rows are read from the CSV file by Spark itself, as DuckDB's seed loader
        does: an empty cell is NULL and every other text is kept as written, including the
        words `null` and `none` (junk_values lists them as values; dbt's agate reader would
        turn `null` into NULL);
      * otherwise (Thrift, ODBC: the file is not on the server) every value of dbt's agate
        table is written as a literal: text through spark_string_literal (quotes and
        backslashes escaped), empty cells NULL. Caveat: agate reads the text `null` as NULL.
#}
{% macro spark_seed_column_type(model, agate_table, index) %}
    {%- set col_name = agate_table.column_names[index] -%}
    {%- set type = model['config'].get('column_types', {}).get(col_name) or adapter.convert_type(agate_table, index) -%}
    {{ return(c360.spark_type(type)) }}
{% endmacro %}


{% macro spark__create_csv_table(model, agate_table) %}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
  {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ c360.spark_seed_column_type(model, agate_table, loop.index0) }}
            {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {{ partition_cols(label="partitioned by") }}
    {{ clustered_cols(label="clustered by") }}
    {{ location_clause() }}
    {{ comment_clause() }}
  {% endset %}
  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}
  {{ return(sql) }}
{% endmacro %}


{% macro spark__load_csv_rows(model, agate_table) %}
  {%- set types = [] -%}
  {%- for col_name in agate_table.column_names -%}
      {%- do types.append(c360.spark_seed_column_type(model, agate_table, loop.index0)) -%}
  {%- endfor -%}
  {%- if c360.spark_is_local_session() -%}
      {%- set path = model.root_path ~ '/' ~ model.original_file_path -%}
      {#- one view per seed: seeds load in parallel threads of one Spark session -#}
      {%- set file_view = 'c360_seed_file__' ~ this.identifier -%}
      {%- do run_query(
          "create or replace temporary view " ~ file_view ~ " using csv options (path " ~ c360.spark_string_literal(path)
          ~ ", header 'true', inferSchema 'false', sep ',', quote '\"', escape '\"', multiLine 'true', encoding 'UTF-8')") -%}
      {% set sql %}
          insert into {{ this.render() }}
          select
          {%- for col_name in agate_table.column_names %}
              cast({{ adapter.quote(col_name) }} as {{ types[loop.index0] }}){{ "," if not loop.last }}
          {%- endfor %}
          from {{ file_view }}
      {% endset %}
      {% do adapter.add_query(sql, abridge_sql_log=True) %}
      {{ return(sql) }}
  {%- endif -%}
  {% set statements = [] %}
  {% for chunk in agate_table.rows | batch(get_batch_size()) %}
      {% set sql %}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for value in row -%}
                  cast({{ c360.spark_seed_literal(value) }} as {{ types[loop.index0] }})
                  {%- if not loop.last %}, {% endif -%}
              {%- endfor -%})
              {%- if not loop.last %},{% endif %}
          {% endfor %}
      {% endset %}
      {% do adapter.add_query(sql, abridge_sql_log=True) %}
      {% if loop.index0 == 0 %}{% do statements.append(sql) %}{% endif %}
  {% endfor %}
  {{ return(statements[0] if statements else '') }}
{% endmacro %}


{# A seed cell as a Spark SQL literal: NULL, true/false, a number, or quoted text. #}
{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true -%}
        true
    {%- elif value is sameas false -%}
        false
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        {{ c360.spark_string_literal(value | string) }}
    {%- endif -%}
{%- endmacro %}


{#
    spark_is_local_session(): true when the `spark` profile connects with method `session`
    (C360_SPARK_METHOD, profiles.yml), i.e. Spark runs in the dbt process and reads the
    project's files. dbt does not expose the connection method to macros, hence the variable.
#}
{% macro spark_is_local_session() %}
    {{ return(env_var('C360_SPARK_METHOD', 'session') | trim | lower == 'session') }}
{% endmacro %}
