{#
    country_code(expr): ISO-3166 alpha-2 code from a country as typed (`Japan`, `日本`, `JPN`,
    `U.S.A.`, `United Kingdom`, `Deutschland`, ...). Aliases live in the `country_aliases` var;
    any other two-letter value is kept as a code; anything else is NULL.

    In two steps, so that a model can compute the key once in one CTE and look it up in the next
    (the lookup repeats the key in every branch):
    country_code_key(expr): width-folded, upper-cased, without white space and dots;
    country_code_from_key(key): the code for such a key.
    country_code(expr) is country_code_from_key(country_code_key(expr)).
#}
{% macro country_code(expr) -%}
    {{ c360.country_code_from_key(c360.country_code_key(expr)) }}
{%- endmacro %}

{% macro country_code_key(expr) -%}
    upper({{ c360.regex_replace_all(c360.fold_width(expr), "[\\s.]", "") }})
{%- endmacro %}

{% macro country_code_from_key(key) -%}
    case
    {%- for code, aliases in var('country_aliases').items() %}
        when {{ key }} in ('{{ code }}'{% for a in aliases %}, '{{ a | upper | replace(" ", "") | replace(".", "") }}'{% endfor %}) then '{{ code }}'
    {%- endfor %}
        when {{ c360.regex_matches(key, '^[A-Z]{2}$') }} then {{ key }}
    end
{%- endmacro %}
