{#
    strip_name_titles(expr): a name key without courtesy titles typed into a name field
    (`macias ms` -> `macias`, `mr thomas` -> `thomas`), from var('name_titles'), nor placeholder
    words (`howard unknown` -> `howard`), from var('name_junk_tokens'). Support agents type
    them; left in, a title reads as a given name and vetoes the customer's own records.
    NULL when nothing else is left.
#}
{% macro strip_name_titles(expr) -%}
    {%- set titles = var('name_titles', []) + var('name_junk_tokens', []) -%}
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
    (name_compact_a / name_compact_b) equals (max_edits = 0) or is one character edit from
    (max_edits = 1, within_one_edit) one of the other side's, on names of at least 3 characters.
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
            and {{ c360.within_one_edit('name_compact_' ~ l ~ '_l', 'name_compact_' ~ r ~ '_r') }})
            {%- endif %}
            {{- " or" if not (outer.last and loop.last) }}
        {%- endfor %}
    {%- endfor %}
    )
{%- endmacro %}


{#
    readings_disagree(col): true when both sides have a latin key (`col` is e.g.
    first_name_latin_key) and the two differ beyond romanization noise (Jaro-Winkler < 0.95).
    Two kanji names one character apart are a typo only when their readings do not say
    otherwise (和彦 kazuhiko and 和夫 kazuo are two names): a mistyped kanji has no learned
    reading, a real name has its own.
#}
{% macro readings_disagree(col) -%}
    coalesce(jw_{{ col }} < 0.95, false)
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


{#
    initial_matches_name(col): level condition for a two-part name written with an initial
    (`m rubio`, `a pelletier`): one side's tokens are one letter and a name, the other side has
    that name and a token starting with the letter (`michelle rubio`). Checks the first two
    tokens of each side, in either position (the keys are sorted).
#}
{% macro initial_matches_name(col) -%}
    (
    {%- for this, other in [('_l', '_r'), ('_r', '_l')] %}
        {%- set outer = loop %}
        {%- for i, k in [(1, 2), (2, 1)] %}
            {%- set middle = loop %}
            {%- for j, m in [(1, 2), (2, 1)] %}
        (length(split_part({{ col ~ this }}, ' ', {{ i }})) = 1
            and split_part({{ col ~ this }}, ' ', 3) = ''
            and length(split_part({{ col ~ this }}, ' ', {{ k }})) >= 2
            and split_part({{ col ~ this }}, ' ', {{ k }}) = split_part({{ col ~ other }}, ' ', {{ j }})
            and length(split_part({{ col ~ other }}, ' ', {{ m }})) >= 2
            and substr(split_part({{ col ~ other }}, ' ', {{ m }}), 1, 1) = split_part({{ col ~ this }}, ' ', {{ i }}))
            {{- " or" if not (outer.last and middle.last and loop.last) }}
            {%- endfor %}
        {%- endfor %}
    {%- endfor %}
    )
{%- endmacro %}
