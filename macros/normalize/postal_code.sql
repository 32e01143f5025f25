{#
    postal_code(expr, country): a normalized postal code, or NULL when it does not fit the
    country's format. `expr` is cleaned text; `〒`, spaces and hyphens are ignored on input.
      JP 1234567 / 〒123-4567 -> 123-4567     US 94103-1234 -> 94103     CA k1a0b1 -> K1A 0B1
      GB sw1a1aa -> SW1A 1AA                   DE, FR: five digits       AU: four digits
    With no country, seven digits are taken as Japanese; other values are kept upper-cased.

    In two steps, so that a model can compute the compact form once in one CTE and format it in
    the next (the formatting repeats it in every branch):
    postal_code_compact(expr): upper-cased, without `〒`, white space and hyphens;
    postal_code_from_compact(p, country): the normalized code from that compact form.
    postal_code(expr, country) is postal_code_from_compact(postal_code_compact(expr), country).
#}
{% macro postal_code(expr, country) -%}
    {{ c360.postal_code_from_compact(c360.postal_code_compact(expr), country) }}
{%- endmacro %}

{% macro postal_code_compact(expr) -%}
    upper({{ c360.regex_replace_all(expr, "[〒\\s-]", "") }})
{%- endmacro %}

{% macro postal_code_from_compact(p, country) -%}
    case
        when {{ p }} is null or {{ p }} = '' then null
        when coalesce({{ country }}, 'JP') = 'JP' and {{ c360.regex_matches(p, '^[0-9]{7}$') }}
            then {{ dbt.concat(["substr(" ~ p ~ ", 1, 3)", "'-'", "substr(" ~ p ~ ", 4, 4)"]) }}
        when {{ country }} = 'US' and {{ c360.regex_matches(p, '^[0-9]{5}([0-9]{4})?$') }} then substr({{ p }}, 1, 5)
        when {{ country }} = 'CA' and {{ c360.regex_matches(p, '^[A-Z][0-9][A-Z][0-9][A-Z][0-9]$') }}
            then {{ dbt.concat(["substr(" ~ p ~ ", 1, 3)", "' '", "substr(" ~ p ~ ", 4, 3)"]) }}
        when {{ country }} = 'GB' and {{ c360.regex_matches(p, '^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$') }}
            then {{ dbt.concat(["substr(" ~ p ~ ", 1, length(" ~ p ~ ") - 3)", "' '", "substr(" ~ p ~ ", length(" ~ p ~ ") - 2, 3)"]) }}
        when {{ country }} in ('DE', 'FR') and {{ c360.regex_matches(p, '^[0-9]{5}$') }} then {{ p }}
        when {{ country }} = 'AU' and {{ c360.regex_matches(p, '^[0-9]{4}$') }} then {{ p }}
        when {{ country }} is null and not {{ c360.regex_matches(p, '^[0-9]{7}$') }} then {{ p }}
    end
{%- endmacro %}
