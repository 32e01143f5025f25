{#
    country_code(expr): ISO-3166 alpha-2 code from a country as typed (`Japan`, `日本`, `JPN`,
    `U.S.A.`, `United Kingdom`, `Deutschland`, ...). Aliases live in the `country_aliases` var;
    any other two-letter value is kept as a code; anything else is NULL.
#}
{% macro country_code(expr) -%}
    {%- set key = "upper(" ~ c360.regex_replace_all(c360.fold_width(expr), "[\\s.]", "") ~ ")" -%}
    case
    {%- for code, aliases in var('country_aliases').items() %}
        when {{ key }} in ('{{ code }}'{% for a in aliases %}, '{{ a | upper | replace(" ", "") | replace(".", "") }}'{% endfor %}) then '{{ code }}'
    {%- endfor %}
        when {{ c360.regex_matches(key, '^[A-Z]{2}$') }} then {{ key }}
    end
{%- endmacro %}
