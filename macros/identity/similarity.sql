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


{#
    within_one_edit(a, b): true when `a` and `b` are equal or one edit apart, counted in
    characters (code points): one substitution, insertion or deletion, or two adjacent
    characters swapped. NULL when either is NULL.
    Why not edit_distance(a, b) <= 1: DuckDB's levenshtein and damerau_levenshtein count bytes,
    so two kanji names one character apart are 1 to 3 "edits" apart (`市川結愛` / `川市結愛`: 4),
    and a name typo in Japanese would never be found. Written with list functions over the
    character positions (names are short); Spark has its own spelling. Elsewhere the engine's
    edit distance is used (Postgres and Snowflake count characters).
#}
{% macro within_one_edit(a, b) -%}
    {{ return(adapter.dispatch('within_one_edit', 'c360')(a, b)) }}
{%- endmacro %}

{% macro default__within_one_edit(a, b) -%}
    ({{ c360.edit_distance(a, b) }} <= 1)
{%- endmacro %}

{% macro duckdb__within_one_edit(a, b) -%}
    {%- set h = 'greatest((least(length(' ~ a ~ '), length(' ~ b ~ ')) - 1) // 2, 0)' -%}
    (case
        when {{ a }} is null or {{ b }} is null then null
        when {{ a }} = {{ b }} then true
        when abs(length({{ a }}) - length({{ b }})) > 1 then false
        {#- a cheap necessary condition first: one edit leaves the first or the last
            h = (shorter length - 1) // 2 characters alike, so most pairs skip the lists #}
        when not (
            left({{ a }}, {{ h }}) = left({{ b }}, {{ h }})
            or right({{ a }}, {{ h }}) = right({{ b }}, {{ h }})
        ) then false
        when length({{ a }}) = length({{ b }}) then
            len(list_filter(range(1, length({{ a }}) + 1),
                lambda i: substr({{ a }}, i, 1) <> substr({{ b }}, i, 1))) = 1
            or coalesce(list_bool_or(list_transform(range(1, length({{ a }})),
                lambda i: {{ dbt.concat(['substr(' ~ a ~ ', 1, i - 1)', 'substr(' ~ a ~ ', i + 1, 1)',
                    'substr(' ~ a ~ ', i, 1)', 'substr(' ~ a ~ ', i + 2)']) }} = {{ b }})), false)
        when length({{ a }}) = length({{ b }}) + 1 then
            list_bool_or(list_transform(range(1, length({{ a }}) + 1),
                lambda i: {{ dbt.concat(['substr(' ~ a ~ ', 1, i - 1)', 'substr(' ~ a ~ ', i + 1)']) }} = {{ b }}))
        when length({{ b }}) = length({{ a }}) + 1 then
            list_bool_or(list_transform(range(1, length({{ b }}) + 1),
                lambda i: {{ dbt.concat(['substr(' ~ b ~ ', 1, i - 1)', 'substr(' ~ b ~ ', i + 1)']) }} = {{ a }}))
        else false
    end)
{%- endmacro %}
