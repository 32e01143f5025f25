{#
    no_pii_columns(source_models=[])

    For BI-facing models. Fails (one row per offending column) when the built relation has a
    column that is tagged `meta: {pii: true}` in its own yml, or that carries the name of a
    column tagged PII in any of `source_models` (the models it is derived from). The columns
    are read from the warehouse, so a column added to the SQL but not to the yml is caught too.
#}
{% test no_pii_columns(model, source_models=[]) %}

{%- set pii_names = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model'
            and (node.name in source_models or node.alias == model.identifier) -%}
        {%- for column in node.columns.values() if c360.column_meta(column).get('pii') -%}
            {%- do pii_names.append(column.name | lower) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set relation_columns = adapter.get_columns_in_relation(model) -%}
{%- else -%}
    {%- set relation_columns = [] -%}
{%- endif -%}
{%- set offending = [] -%}
{%- for column in relation_columns if column.name | lower in pii_names -%}
    {%- do offending.append(column.name | lower) -%}
{%- endfor -%}

with

final as (
    {%- if offending %}
    {%- for name in offending %}
    select '{{ name }}' as pii_column
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- else %}
    select cast(null as {{ dbt.type_string() }}) as pii_column
    where 1 = 0
    {%- endif %}
)

select * from final

{% endtest %}
