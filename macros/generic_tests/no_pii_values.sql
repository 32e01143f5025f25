{#
    no_pii_values(pii_model, key)

    For BI-facing models: no value of any column of the model equals (as text) a value of a
    column tagged `meta: {pii: true}` in `pii_model`, on the same `key` row (e.g. an e-mail
    copied into a "masked" column). Catches PII under a harmless name. Returns one row per
    offending key and PII column.
    A value the model publishes under a column that `pii_model` also has, not tagged PII, with
    the same value on that row, is not a leak: Austin living in Austin, the surname 石川 in the
    prefecture 石川 (the city and region columns carry it in their own right).
#}
{% test no_pii_values(model, pii_model, key) %}

{%- set pii_model_name = pii_model.identifier -%}
{%- if execute -%}
    {%- set pii_names = c360.pii_columns(pii_model_name) -%}
    {%- set model_columns = adapter.get_columns_in_relation(model) | map(attribute='name') | reject('equalto', key) | list -%}
    {%- set pii_lower = pii_names | map('lower') | list -%}
    {%- set shared_columns = adapter.get_columns_in_relation(pii_model) | map(attribute='name') | map('lower')
        | reject('in', pii_lower) | list -%}
{%- else -%}
    {%- set pii_names = [] -%}
    {%- set model_columns = [] -%}
    {%- set shared_columns = [] -%}
{%- endif -%}

with

{%- if pii_names and model_columns %}

-- one join, every column cast to text once (not once per PII column)
joined as (
    select
        bi.{{ key }} as key_value
        {%- for column in model_columns %}
            {%- set bi_value = "cast(bi." ~ adapter.quote(column) ~ " as " ~ dbt.type_string() ~ ")" %}
            {%- if column | lower in shared_columns %}
        -- published in its own right when the source row holds the same value in this column
        , case when {{ bi_value }} = cast(pii.{{ adapter.quote(column) }} as {{ dbt.type_string() }}) then null
            else {{ bi_value }} end as bi_value_{{ loop.index }}
            {%- else %}
        , {{ bi_value }} as bi_value_{{ loop.index }}
            {%- endif %}
        {%- endfor %}
        {%- for pii_name in pii_names %}
        , cast(pii.{{ pii_name }} as {{ dbt.type_string() }}) as pii_value_{{ loop.index }}
        {%- endfor %}
    from {{ model }} as bi
    inner join {{ pii_model }} as pii
        on bi.{{ key }} = pii.{{ key }}
),

pii_columns as (
    {%- for pii_name in pii_names %}
    select
        {{ loop.index }} as pii_index
        , '{{ pii_name }}' as pii_column
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        joined.key_value
        , pii_columns.pii_column
    from joined
    cross join pii_columns
    where
        case pii_columns.pii_index
            {%- for pii_name in pii_names %}
            when {{ loop.index }} then joined.pii_value_{{ loop.index }}
            {%- endfor %}
        end in (
            {%- for column in model_columns %}
            joined.bi_value_{{ loop.index }}{{ ',' if not loop.last }}
            {%- endfor %}
        )
)
{%- else %}

final as (
    select
        cast(null as {{ dbt.type_string() }}) as key_value
        , cast(null as {{ dbt.type_string() }}) as pii_column
    where 1 = 0
)
{%- endif %}

select * from final

{% endtest %}
