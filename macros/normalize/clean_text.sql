{#
    clean_text(expr): width-folded, trimmed text with runs of white space collapsed to one
    space; the empty string becomes NULL. The first step applied to every raw text column.
    Folding is skipped for pure-ASCII values (most rows), which it would not change, and so is
    the white-space collapse when the value has no run to collapse (text_checks.sql).
    `expr` is repeated in the SQL: pass a column, not an expression.
#}
{% macro clean_text(expr) -%}
    case
        when {{ c360.has_non_ascii(expr) }}
            then nullif(trim({{ c360.regex_replace_all(c360.fold_width(expr), '\\s+', ' ') }}), '')
        when {{ c360.has_collapsible_space(expr) }}
            then nullif(trim({{ c360.regex_replace_all(expr, '\\s+', ' ') }}), '')
        else nullif(trim({{ expr }}), '')
    end
{%- endmacro %}


{#
    name_key(expr): a comparison key for a name in any script, from cleaned text (clean_text,
    which has already folded the width). Lower-cased, accents stripped, hiragana turned into
    katakana, and spaces, dots, hyphens, apostrophes and the katakana middle dot removed:
    `Yamada Tarō` -> `yamadataro`, `やまだ たろう` -> `ヤマダタロウ`. NULL when nothing is left.
#}
{% macro name_key(expr) -%}
    nullif({{ c360.regex_replace_all(
        c360.katakana_from_hiragana(c360.strip_accents('lower(' ~ expr ~ ')')),
        "[\\s.\\-'’・･,]", '') }}, '')
{%- endmacro %}


{#
    strip_accents(expr): Latin letters without diacritics (`josé` -> `jose`), for lower-case
    input. A translate over the Latin-1 and Latin Extended-A letters seen in names, on every
    engine: DuckDB's own strip_accents also drops the voicing marks of kana (`ダ` -> `タ`),
    which would merge different Japanese names.
#}
{% macro strip_accents(expr) -%}
    {{ return(adapter.dispatch('strip_accents', 'c360')(expr)) }}
{%- endmacro %}

{% macro default__strip_accents(expr) -%}
    translate({{ expr }}, 'àáâãäåāăąçćčďèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿźżžß', 'aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrssstuuuuuuuuyyzzzs')
{%- endmacro %}
