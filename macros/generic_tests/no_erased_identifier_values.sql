{#
    no_erased_identifier_values(identifier_types=none)

    No text value of any column of the model is an identifier of an erased customer: every
    distinct value of every string column is hashed with pii_hash and looked up in
    pii_suppression_list (which holds only salted hashes, so the test needs no PII itself).
    `identifier_types` limits the lookup to some suppression types (default: every type but
    `record_key`, whose `source:id` form no mart column holds). Returns one row per offending
    column and hash.
#}
{% test no_erased_identifier_values(model, identifier_types=none) %}
{#- a ref outside the conditional below, so dbt knows the dependency at parse time -#}
{%- set suppression_list = ref('pii_suppression_list') -%}

{%- set types = identifier_types or c360.marts_var('erasure_identifier_types') -%}
{%- if execute -%}
    {%- set string_columns = adapter.get_columns_in_relation(model) | selectattr('is_string') | map(attribute='name') | list -%}
{%- else -%}
    {%- set string_columns = [] -%}
{%- endif -%}

with

{%- if string_columns %}

column_values as (
    {%- for column in string_columns %}
    select distinct
        '{{ column }}' as column_name
        , cast({{ adapter.quote(column) }} as {{ dbt.type_string() }}) as column_value
    from {{ model }}
    where {{ adapter.quote(column) }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

hashed as (
    select
        column_name
        , {{ c360.pii_hash('column_value') }} as value_hash
    from column_values
),

suppressed as (
    select distinct identifier_hash
    from {{ suppression_list }}
    where identifier_type in ('{{ types | join("', '") }}')
),

final as (
    select
        hashed.column_name
        , hashed.value_hash
    from hashed
    inner join suppressed
        on hashed.value_hash = suppressed.identifier_hash
)

{%- else %}

final as (
    select
        cast(null as {{ dbt.type_string() }}) as column_name
        , cast(null as {{ dbt.type_string() }}) as value_hash
    where 1 = 0
)

{%- endif %}

select * from final

{% endtest %}
