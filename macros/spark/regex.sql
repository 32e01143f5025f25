{#
    Spark SQL string literals treat a backslash as an escape character (`'\s'` is `s`, `'\x01'`
    is `x01`), unlike DuckDB, Postgres and the SQL standard. The shared macros write regular
    expressions and translate tables the standard way, so on Spark every literal they emit has
    to double its backslashes. These helpers do that; they assume the session keeps Spark's
    default `spark.sql.parser.escapedStringLiterals=false` (the `spark` profile keeps it).

    spark_string_literal(text): `text` as a Spark SQL string literal, backslashes doubled and
    single quotes doubled.
    spark_escape_literals(sql): an SQL fragment whose string literals are all standard-quoted,
    with the backslashes doubled for Spark (for the output of a default__ macro rendered with a
    placeholder, see spark__fold_width).
#}
{% macro spark_string_literal(text) -%}
    '{{ text | replace("\\", "\\\\") | replace("'", "''") }}'
{%- endmacro %}

{% macro spark_escape_literals(sql) -%}
    {{ sql | replace("\\", "\\\\") }}
{%- endmacro %}


{#
    regex_matches on Spark: `rlike` finds the pattern anywhere in the text, as DuckDB's
    regexp_matches does. The pattern goes through spark_string_literal: `^\+[1-9]` is written
    `'^\\+[1-9]'`; a plain literal would reach the regex engine as `^+[1-9]` (and `\.` as `.`).
#}
{% macro spark__regex_matches(expr, pattern) -%}
    ({{ expr }} rlike {{ c360.spark_string_literal(pattern) }})
{%- endmacro %}


{#
    regex_replace_all on Spark: `regexp_replace` already replaces every match; the pattern and
    the replacement are Java regular expressions as literals with doubled backslashes.
#}
{% macro spark__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ c360.spark_string_literal(pattern) }}, {{ c360.spark_string_literal(replacement) }})
{%- endmacro %}
