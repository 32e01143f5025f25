{#
    fold_kanji_variants(expr): a name key with variant (itaiji) kanji replaced by their everyday
    form, from var('kanji_variants') ({variant: standard}): `髙橋` -> `高橋`, `齋藤` -> `斎藤`.
    Registered and everyday spellings of one surname are the same name. A single `translate`,
    which DuckDB and Spark share (both work on code points, so `𠮷` outside the BMP folds too),
    run only on values holding a variant: DuckDB's translate costs ~30 µs a value, a regex
    test about a hundredth of that.
#}
{% macro fold_kanji_variants(expr) -%}
    {%- set variants = var('kanji_variants', {}) -%}
    {%- if variants | length == 0 -%}
        {{ expr }}
    {%- else -%}
        case
            when {{ c360.regex_matches(expr, '[' ~ (variants.keys() | join('')) ~ ']') }}
                then translate({{ expr }}, '{{ variants.keys() | join("") }}', '{{ variants.values() | join("") }}')
            else {{ expr }}
        end
    {%- endif -%}
{%- endmacro %}
