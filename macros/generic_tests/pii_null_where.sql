{#
    pii_null_where(condition)

    Every column tagged `meta: {pii: true}` in the model's yml is NULL on the rows matching
    `condition` (e.g. `is_erased`: an erased customer's tombstone keeps no personal data).
    The PII columns are read from the graph, so a PII column added later is covered without
    editing the test. Returns the offending rows' PII column names.
#}
{% test pii_null_where(model, condition) %}

{%- set pii_names = c360.pii_columns(model.identifier) if execute else [] -%}

with

final as (
    {%- if pii_names %}
    {%- for pii_name in pii_names %}
    select '{{ pii_name }}' as pii_column
    from {{ model }}
    where ({{ condition }})
        and {{ pii_name }} is not null
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
