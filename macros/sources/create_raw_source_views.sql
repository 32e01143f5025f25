{#
    create_raw_source_views()

    Run by `on-run-start`. For every source table that declares `meta.file`, creates the view
    `raw.<identifier>` over `<c360_data_dir>/<file>`, selecting the declared columns as text.
    - file absent or empty  -> an empty view with the declared columns (a user may have only
      some of the systems; downstream models then simply see no rows);
    - file lacks a declared column -> a compiler error naming the file and the missing columns.
    Engine-specific parts (file probing, CSV reading) are dispatched: raw_file_exists,
    raw_file_columns, raw_csv_relation.
#}
{% macro create_raw_source_views() %}
    {% if not execute %}{{ return('') }}{% endif %}
    {% set data_dir = var('c360_data_dir') | trim %}
    {% set ns = namespace(created=false) %}
    {% for node in graph.sources.values() if node.meta.get('file') %}
        {% if not ns.created %}
            {% do adapter.create_schema(api.Relation.create(database=node.database, schema=node.schema)) %}
            {% set ns.created = true %}
        {% endif %}
        {% set path = data_dir ~ '/' ~ node.meta['file'] %}
        {% set declared = node.columns.keys() | list %}
        {% set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier) %}
        {% if c360.raw_file_exists(path) %}
            {% set present = c360.raw_file_columns(path) | map('lower') | list %}
            {% set missing = [] %}
            {% for col in declared if col | lower not in present %}{% do missing.append(col) %}{% endfor %}
            {% if missing %}
                {% do exceptions.raise_compiler_error(
                    "Source file " ~ path ~ " lacks the column(s) " ~ (missing | join(', '))
                    ~ ". Expected columns (docs/sources.md): " ~ (declared | join(', '))) %}
            {% endif %}
            {% set body %}
                select {% for col in declared %}cast({{ adapter.quote(col) }} as {{ dbt.type_string() }}) as {{ col }}{{ ", " if not loop.last }}{% endfor %}
                from {{ c360.raw_csv_relation(path) }}
            {% endset %}
        {% else %}
            {% do log("c360: " ~ path ~ " is absent or empty; " ~ node.identifier ~ " is an empty table", info=true) %}
            {% set body %}
                select {% for col in declared %}cast(null as {{ dbt.type_string() }}) as {{ col }}{{ ", " if not loop.last }}{% endfor %}
                where 1 = 0
            {% endset %}
        {% endif %}
        {% do run_query("create or replace view " ~ relation ~ " as " ~ body) %}
    {% endfor %}
    {{ return('') }}
{% endmacro %}


{# True when the file exists and is not empty. #}
{% macro raw_file_exists(path) %}
    {{ return(adapter.dispatch('raw_file_exists', 'c360')(path)) }}
{% endmacro %}

{% macro duckdb__raw_file_exists(path) %}
    {% set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] %}
    {% if found == 0 %}{{ return(false) }}{% endif %}
    {% set size = run_query("select size from read_blob('" ~ path ~ "')").columns[0].values()[0] %}
    {{ return(size > 0) }}
{% endmacro %}


{# The header of a CSV file, as a list of column names. #}
{% macro raw_file_columns(path) %}
    {{ return(adapter.dispatch('raw_file_columns', 'c360')(path)) }}
{% endmacro %}

{% macro duckdb__raw_file_columns(path) %}
    {% set described = run_query("describe select * from " ~ c360.raw_csv_relation(path)) %}
    {{ return(described.columns[0].values() | list) }}
{% endmacro %}


{# A relation expression reading a CSV file with every column as text. #}
{% macro raw_csv_relation(path) %}
    {{ return(adapter.dispatch('raw_csv_relation', 'c360')(path)) }}
{% endmacro %}

{% macro duckdb__raw_csv_relation(path) -%}
    read_csv('{{ path }}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
{%- endmacro %}
