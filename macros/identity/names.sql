{#
    strip_name_titles(expr): a name key without courtesy titles typed into a name field
    (`macias ms` -> `macias`, `mr thomas` -> `thomas`), from var('name_titles'). Support agents
    type them; left in, a title reads as a given name and vetoes the customer's own records.
    NULL when nothing else is left.
#}
{% macro strip_name_titles(expr) -%}
    {%- set titles = var('name_titles', []) -%}
    {%- if titles | length == 0 -%}
        {{ expr }}
    {%- else -%}
        nullif(trim({{ c360.regex_replace_all(
            c360.regex_replace_all(dbt.concat(["' '", expr, "' '"]), ' (' ~ (titles | join('|')) ~ ') ', ' '),
            '  +', ' ') }}), '')
    {%- endif -%}
{%- endmacro %}


{#
    name_compact(first, second): two name parts joined with no space, `first || second`, NULL
    when either is NULL. A name typed as one word (`河野和子`, `yamadataro`) equals one of the two
    orders of its parts (`河野` `和子`), whichever order the system keeps.
#}
{% macro name_compact(first, second) -%}
    case when {{ first }} is not null and {{ second }} is not null
        then {{ dbt.concat([first, second]) }}
    end
{%- endmacro %}


{#
    compact_names_agree(max_edits): level condition: one of the two compact orders of one side
    (name_compact_a / name_compact_b) equals (max_edits = 0) or is within `max_edits` edits of
    one of the other side's, on names of at least 3 characters.
#}
{% macro compact_names_agree(max_edits=0) -%}
    (
    {%- for l in ['a', 'b'] %}
        {%- set outer = loop %}
        {%- for r in ['a', 'b'] %}
            {%- if max_edits == 0 %}
        name_compact_{{ l }}_l = name_compact_{{ r }}_r
            {%- else %}
        (length(name_compact_{{ l }}_l) >= 3
            and {{ c360.edit_distance('name_compact_' ~ l ~ '_l', 'name_compact_' ~ r ~ '_r') }} <= {{ max_edits }})
            {%- endif %}
            {{- " or" if not (outer.last and loop.last) }}
        {%- endfor %}
    {%- endfor %}
    )
{%- endmacro %}


{#
    readings_disagree(col): true when both sides have a latin key (`col` is e.g.
    first_name_latin_key) and the two are clearly different (Jaro-Winkler < 0.8). Two kanji
    names one character apart are a typo only when their readings do not say otherwise
    (和彦 kazuhiko and 和夫 kazuo are two names).
#}
{% macro readings_disagree(col) -%}
    coalesce({{ c360.jaro_winkler(col ~ '_l', col ~ '_r') }} < 0.8, false)
{%- endmacro %}


{#
    phone_national_number(expr): an E.164 number without `+` and its calling code, for the
    calling codes of var('phone_country_rules') (longest first); NULL for other codes.
    `+33582827826` -> `582827826`.
#}
{% macro phone_national_number(expr) -%}
    {%- set codes = [] -%}
    {%- for country, rule in var('phone_country_rules').items() -%}
        {%- if rule.calling_code not in codes %}{% do codes.append(rule.calling_code) %}{% endif -%}
    {%- endfor -%}
    case
    {%- for digits in [4, 3, 2, 1] %}
        {%- for code in codes if code | length == digits %}
        when {{ expr }} like '+{{ code }}%' then substr({{ expr }}, {{ digits + 2 }})
        {%- endfor %}
    {%- endfor %}
    end
{%- endmacro %}
