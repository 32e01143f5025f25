{#
    Junk values: placeholders people type when a form insists (`test@test.com`, `N/A`,
    `000-0000-0000`). They live in the seed `junk_values` (kind, value); kind `any` applies to
    every kind. Matching is case-insensitive; phone values are also matched on their digits.

    junk_match(expr, kind): boolean SQL, true when `expr` is a junk value of that kind.
    null_if_junk(expr, kind): `expr`, or NULL when it is junk.

    The blocklist is read from the seed when the model runs (models using these macros declare
    `-- depends_on: {{ ref('junk_values') }}`), and inlined as a literal list, so the SQL stays
    portable and needs no join. Unit tests of such models must give `ref('junk_values')` as an
    input (dbt requires every parent), but the list still comes from the seed table.
#}
{% macro junk_values(kind) %}
    {% if not execute %}{{ return([]) }}{% endif %}
    {% set relation = ref('junk_values') %}
    {% if model.resource_type == 'unit_test' %}
        {#- In a dbt unit test ref() names the fixture CTE, which this compile-time query cannot
            read, and `graph` is empty: read the seed table itself (schema `seeds`, as configured
            in dbt_project.yml); dbt build creates it before the unit tests run. -#}
        {% set relation = adapter.get_relation(database=target.database, schema=generate_schema_name('seeds', none), identifier='junk_values') %}
        {% if relation is none %}
            {% do exceptions.raise_compiler_error("junk_values: seed table not found; run `dbt seed` (or dbt build) before the unit tests") %}
        {% endif %}
    {% elif flags.WHICH == 'compile' and load_relation(relation) is none %}
        {#- `dbt compile`, and the sqlfluff dbt templater (make lint), on a warehouse where the seed
            is not built yet: render without the blocklist instead of failing. -#}
        {% do log("junk_values: " ~ relation ~ " does not exist yet; compiled without the blocklist", info=false) %}
        {{ return([]) }}
    {% endif %}
    {% set rows = run_query("select lower(value) from " ~ relation ~ " where kind in ('any', '" ~ kind ~ "')") %}
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
