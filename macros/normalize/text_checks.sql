{#
    Cheap tests that let clean_text skip work a value does not need; each is true whenever the
    skipped step could change the value (a false positive only costs time).

    has_non_ascii(expr): true when `expr` holds a character outside U+0001–U+007F (width folding
    changes nothing else). DuckDB: its byte length differs from its length in characters.
    has_collapsible_space(expr): true when collapsing runs of white space to one space could
    change `expr`: two white-space characters in a row, or one other than the space. DuckDB
    (RE2: `\s` is tab, newline, form feed, carriage return and space): a double space or one of
    those four characters. Elsewhere true, so the collapse always runs.
#}
{% macro has_non_ascii(expr) -%}
    {{ return(adapter.dispatch('has_non_ascii', 'c360')(expr)) }}
{%- endmacro %}

{% macro default__has_non_ascii(expr) -%}
    {{ c360.regex_matches(expr, '[^\\x01-\\x7f]') }}
{%- endmacro %}

{% macro duckdb__has_non_ascii(expr) -%}
    strlen({{ expr }}) <> length({{ expr }})
{%- endmacro %}

{% macro has_collapsible_space(expr) -%}
    {{ return(adapter.dispatch('has_collapsible_space', 'c360')(expr)) }}
{%- endmacro %}

{% macro default__has_collapsible_space(expr) -%}
    true
{%- endmacro %}

{% macro duckdb__has_collapsible_space(expr) -%}
    (contains({{ expr }}, '  ') or contains({{ expr }}, chr(9)) or contains({{ expr }}, chr(10))
    or contains({{ expr }}, chr(12)) or contains({{ expr }}, chr(13)))
{%- endmacro %}
