{#
    Junk values: placeholders people type when a form insists (`test@test.com`, `N/A`,
    `000-0000-0000`). They live in the seed `junk_values` (kind, value); kind `any` applies to
    every kind. Matching is case-insensitive; phone values are also matched on their digits.

    junk_match(expr, kind): boolean SQL, true when `expr` is a junk value of that kind.
    null_if_junk(expr, kind): `expr`, or NULL when it is junk.

    The blocklist is read from the seed when the model runs (models using these macros declare
    `-- depends_on: {{ ref('junk_values') }}`), and inlined as a literal list, so the SQL stays
    portable and needs no join.
#}
{% macro junk_values(kind) %}
    {% if not execute %}{{ return([]) }}{% endif %}
    {% set rows = run_query("select lower(value) from " ~ ref('junk_values') ~ " where kind in ('any', '" ~ kind ~ "')") %}
    {% set listed = rows.columns[0].values() | list %}
    {% set values = listed[:] %}
    {% if kind == 'phone' %}
        {% for v in listed %}
            {% set digits = modules.re.sub('[^0-9]', '', v) %}
            {% if digits | length >= 6 %}
                {% do values.append(digits) %}
                {% do values.append('+' ~ digits) %}
                {% if digits.startswith('0') %}{% do values.append('+' ~ var('phone_country_rules')[var('default_country')]['calling_code'] ~ digits[1:]) %}{% endif %}
            {% endif %}
        {% endfor %}
    {% endif %}
    {{ return(values | unique | list) }}
{% endmacro %}

{% macro junk_match(expr, kind) -%}
    {%- set values = c360.junk_values(kind) -%}
    {%- if values | length == 0 -%}
        false
    {%- else -%}
        coalesce(lower({{ expr }}) in ({% for v in values %}'{{ v | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor %}), false)
    {%- endif -%}
{%- endmacro %}

{% macro null_if_junk(expr, kind) -%}
    case when {{ c360.junk_match(expr, kind) }} then null else {{ expr }} end
{%- endmacro %}
