{#
    DuckDB implementations of the character-table macros (fold_width, strip_accents,
    katakana_from_hiragana). They give the same result as the default implementations, which
    they call, but run the `translate` only on values holding a character it maps: DuckDB's
    `translate` builds its character map for every row, about 30 µs a value with these tables
    (DuckDB 2.0, this machine), a hundred times a regular-expression test, and only a few per
    cent of the values in customer data contain a character of the table. A value without such
    a character is returned as it is, which is what the translate would return.

    duckdb__fold_width: the translate table maps U+3000, U+FF01–FF9F and U+FFE0–FFE6 only, and
    every two-character form replaced before it contains `ﾞ` or `ﾟ` (U+FF9E, U+FF9F).
    duckdb__strip_accents: the table maps letters in U+00DF–U+017E only.
    duckdb__katakana_from_hiragana: the table maps U+3041–U+3096 only.
#}
{% macro duckdb__fold_width(expr) -%}
    {%- set paired = "case when contains(" ~ expr ~ ", 'ﾞ') or contains(" ~ expr ~ ", 'ﾟ') then "
        ~ c360.fold_width_pairs(expr) ~ " else " ~ expr ~ " end" %}
    case
        when regexp_matches({{ expr }}, '[　！-ﾟ￠-￦]') then {{ c360.fold_width_translate(paired) }}
        else {{ expr }}
    end
{%- endmacro %}

{% macro duckdb__strip_accents(expr) -%}
    case when regexp_matches({{ expr }}, '[ß-ž]') then {{ c360.default__strip_accents(expr) }} else {{ expr }} end
{%- endmacro %}

{% macro duckdb__katakana_from_hiragana(expr) -%}
    case when regexp_matches({{ expr }}, '[ぁ-ゖ]') then {{ c360.default__katakana_from_hiragana(expr) }} else {{ expr }} end
{%- endmacro %}
