{#
    String similarity functions whose names differ between engines.
    jaro_winkler(a, b): 0..1; DuckDB has it built in; Spark has none (spark__ version in
    macros/identity/spark_similarity.sql once the Spark target lands).
    edit_distance(a, b): Damerau-Levenshtein where the engine has it (a transposition costs 1),
    else Levenshtein.
#}
{% macro jaro_winkler(a, b) -%}
    {{ return(adapter.dispatch('jaro_winkler', 'c360')(a, b)) }}
{%- endmacro %}

{% macro duckdb__jaro_winkler(a, b) -%}
    jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}


{% macro edit_distance(a, b) -%}
    {{ return(adapter.dispatch('edit_distance', 'c360')(a, b)) }}
{%- endmacro %}

{% macro default__edit_distance(a, b) -%}
    levenshtein({{ a }}, {{ b }})
{%- endmacro %}

{% macro duckdb__edit_distance(a, b) -%}
    damerau_levenshtein({{ a }}, {{ b }})
{%- endmacro %}
