{#
    Phone numbers to E.164, in three steps so a staging model can compute one per CTE:

    phone_digits(expr)            cleaned text -> digits and `+` only (`(090) 1234-5678` -> `09012345678`),
                                  without a `(0)` trunk (`+44 (0)20 7946 0958` -> `+442079460958`)
    phone_to_e164(digits, country) -> `+<calling code><national number>` candidate, using the
                                  record's ISO country, or a guess when it is NULL (a leading trunk
                                  `0` means var('default_country'); ten digits without it, NANP)
    valid_phone(e164)             -> the candidate when its length fits its calling code (var
                                  `phone_country_rules`), it is not one digit repeated, and it is
                                  not on the junk blocklist; else NULL.
#}
{% macro phone_digits(expr) -%}
    {#- `(0)` is the trunk prefix written inside an international number (`+44 (0)20 7946 0958`) -#}
    nullif({{ c360.regex_replace_all(c360.regex_replace_all(expr, '\\(0\\)', ''), '[^0-9+]', '') }}, '')
{%- endmacro %}


{% macro phone_to_e164(digits, country) -%}
    {%- set rules = var('phone_country_rules') -%}
    {%- set guessed -%}
        coalesce({{ country }}, case
            when {{ digits }} like '0%' then '{{ var("default_country") }}'
            when length({{ digits }}) = 10 then 'US'
            when length({{ digits }}) = 11 and {{ digits }} like '1%' then 'US'
        end)
    {%- endset -%}
    case
        when {{ digits }} like '+%' then {{ dbt.concat(["'+'", "replace(" ~ digits ~ ", '+', '')"]) }}
        when {{ digits }} like '00%' then {{ dbt.concat(["'+'", "substr(" ~ digits ~ ", 3)"]) }}
        when {{ digits }} like '%+%' then null
    {%- for code, rule in rules.items() %}
        {%- if rule.get('trunk_prefix') == '0' %}
        when {{ guessed }} = '{{ code }}' and {{ digits }} like '0%'
            then {{ dbt.concat(["'+" ~ rule.calling_code ~ "'", "substr(" ~ digits ~ ", 2)"]) }}
        when {{ guessed }} = '{{ code }}' and length({{ digits }}) between {{ rule.nsn_min }} and {{ rule.nsn_max }}
            then {{ dbt.concat(["'+" ~ rule.calling_code ~ "'", digits]) }}
        {%- else %}
        when {{ guessed }} = '{{ code }}' and length({{ digits }}) = {{ rule.nsn_max + 1 }} and {{ digits }} like '{{ rule.calling_code }}%'
            then {{ dbt.concat(["'+'", digits]) }}
        when {{ guessed }} = '{{ code }}' and length({{ digits }}) = {{ rule.nsn_max }}
            then {{ dbt.concat(["'+" ~ rule.calling_code ~ "'", digits]) }}
        {%- endif %}
    {%- endfor %}
    end
{%- endmacro %}


{% macro valid_phone(e164) -%}
    {%- set rules = var('phone_country_rules') -%}
    case
        when {{ e164 }} is null then null
        when not {{ c360.regex_matches(e164, '^\\+[1-9][0-9]{7,14}$') }} then null
        when {{ c360.junk_match(e164, 'phone') }} then null
    {%- for code, rule in rules.items() %}
        {%- set start = 2 + (rule.calling_code | length) -%}
        {%- set national = "substr(" ~ e164 ~ ", " ~ start ~ ")" %}
        when {{ e164 }} like '+{{ rule.calling_code }}%' then case
            when length({{ national }}) not between {{ rule.nsn_min }} and {{ rule.nsn_max }} then null
            when replace({{ national }}, substr({{ national }}, 1, 1), '') = '' then null
            else {{ e164 }}
        end
    {%- endfor %}
        when replace(substr({{ e164 }}, 3), substr({{ e164 }}, 3, 1), '') = '' then null
        else {{ e164 }}
    end
{%- endmacro %}
