{#
    Source files on Spark, for create_raw_source_views (macros/sources). Spark has no
    table function that reads a CSV file with its header, so each file gets an external table
    `raw.<file name>__csv` (CSV, header row, every column a string, nothing copied: the table
    reads the file in place), and `raw.<identifier>` is the usual view over it, selecting the
    declared columns by name, so column order in the file still does not matter.
    Paths are read by the Spark driver and executors: a local path for the local session,
    `hdfs://`, `s3a://`, `abfss://` ... on a cluster (C360_DATA_DIR, docs/spark.md).
#}


{#
    raw_file_exists on Spark: lists the data directory with the binaryFile source, filtered to
    the file name (a missing file is then no error, only no row), and reads the file size.
    Absent or zero bytes -> false, like duckdb__raw_file_exists.
#}
{% macro spark__raw_file_exists(path) %}
    {% set parts = c360.spark_split_path(path) %}
    {% set probe = 'c360_raw_file_probe__' ~ modules.re.sub('[^A-Za-z0-9_]', '_', parts[1]) %}
    {% do run_query(
        "create or replace temporary view " ~ probe ~ " using binaryFile options (path "
        ~ c360.spark_string_literal(parts[0]) ~ ", pathGlobFilter " ~ c360.spark_string_literal(parts[1])
        ~ ", recursiveFileLookup 'false')") %}
    {% set size = run_query("select coalesce(max(length), 0) from " ~ probe).columns[0].values()[0] %}
    {{ return(size > 0) }}
{% endmacro %}


{#
    raw_file_columns on Spark: (re)creates the external table over the file and returns its
    columns, which Spark takes from the header row.
    CSV options as DuckDB reads the exports (docs/sources.md): comma, `"` quoting and `""` as
    the escaped quote, quoted fields may span lines (multiLine), nothing trimmed, every column
    text (no schema inference), UTF-8.
#}
{% macro spark__raw_file_columns(path) %}
    {% set relation = c360.spark__raw_csv_relation(path) %}
    {% do run_query("drop table if exists " ~ relation) %}
    {% do run_query(
        "create table " ~ relation ~ " using csv options (path " ~ c360.spark_string_literal(path)
        ~ ", header 'true', inferSchema 'false', sep ',', quote '\"', escape '\"', multiLine 'true'"
        ~ ", encoding 'UTF-8', mode 'PERMISSIVE')") %}
    {% set described = run_query("describe table " ~ relation) %}
    {% set names = [] %}
    {% for row in described.rows %}
        {#- stop at the partition / detail sections some Spark versions append -#}
        {% if row[0] is none or row[0] == '' or row[0].startswith('#') %}{% break %}{% endif %}
        {% do names.append(row[0] | replace('\ufeff', '')) %}
    {% endfor %}
    {{ return(names) }}
{% endmacro %}


{#
    raw_csv_relation on Spark: the external table of the file, in the schema of the source that
    declares it (`raw`), named after the file: `raw.crm_contacts__csv` for crm_contacts.csv.
#}
{% macro spark__raw_csv_relation(path) %}
    {% set file_name = c360.spark_split_path(path)[1] %}
    {% set ns = namespace(schema='raw') %}
    {% for node in graph.sources.values() if node.meta.get('file') == file_name %}
        {% set ns.schema = node.schema %}
    {% endfor %}
    {% set stem = modules.re.sub('[^A-Za-z0-9_]', '_', file_name.rsplit('.', 1)[0]) %}
    {{ return(api.Relation.create(schema=ns.schema, identifier=stem ~ '__csv')) }}
{% endmacro %}


{# spark_split_path(path): [directory, file name]. #}
{% macro spark_split_path(path) %}
    {% set cleaned = path | trim %}
    {% set cut = cleaned.rfind('/') %}
    {% if cut < 0 %}{{ return(['.', cleaned]) }}{% endif %}
    {{ return([cleaned[:cut] or '/', cleaned[cut + 1:]]) }}
{% endmacro %}
