{#- No erased identifier value in any column of any mart. Every model under models/marts/ that
    does not carry the per-model no_erased_identifier_values test is checked here, whoever owns
    it: the distinct values of its text columns are hashed (pii_hash) and looked up in
    pii_suppression_list. Fails with the model, column and hash of each erased customer's
    e-mail, phone, loyalty card, login, web-shop account or device id found.
    The depends_on lines make dbt build run this after every mart; a mart missing from them is
    still checked, but may be checked before it is rebuilt: add new marts here. -#}
-- depends_on: {{ ref('pii_suppression_list') }}
-- depends_on: {{ ref('erasure_request_audit') }}
-- depends_on: {{ ref('sales_monthly') }}
-- depends_on: {{ ref('customer_consent_flags') }}
-- depends_on: {{ ref('customer_identity_map') }}
-- depends_on: {{ ref('identity_match_edges') }}
-- depends_on: {{ ref('customer_id_history') }}
-- depends_on: {{ ref('identity_oversized_clusters') }}
-- depends_on: {{ ref('customer_ltv') }}
-- depends_on: {{ ref('customer_segments') }}
-- depends_on: {{ ref('ltv_parameters') }}
{%- set types = c360.marts_var('erasure_identifier_types') -%}
{%- set columns = [] -%}
{%- if execute -%}
    {%- set tested = [] -%}
    {%- for test_node in graph.nodes.values()
            if test_node.resource_type == 'test'
            and (test_node.test_metadata or {}).get('name') == 'no_erased_identifier_values' -%}
        {%- do tested.append(test_node.attached_node) -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values()
            if node.resource_type == 'model'
            and node.fqn[1] == 'marts'
            and node.config.materialized != 'ephemeral'
            and node.unique_id not in tested -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if relation is not none -%}
            {%- for column in adapter.get_columns_in_relation(relation) if column.is_string() -%}
                {%- do columns.append((relation, column.name)) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

with

suppressed as (
    select distinct identifier_hash
    from {{ ref('pii_suppression_list') }}
    where identifier_type in ({{ c360.sql_string_list(types) }})
),

column_values as (
    {%- for relation, column_name in columns %}
        select distinct
            '{{ relation.identifier }}' as model_name
            , '{{ column_name }}' as column_name
            , cast({{ adapter.quote(column_name) }} as {{ dbt.type_string() }}) as column_value
        from {{ relation }}
        where {{ adapter.quote(column_name) }} is not null
        union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as model_name
        , cast(null as {{ dbt.type_string() }}) as column_name
        , cast(null as {{ dbt.type_string() }}) as column_value
    where 1 = 0
),

hashed as (
    select
        model_name
        , column_name
        , {{ c360.pii_hash('column_value') }} as value_hash
    from column_values
),

final as (
    select
        hashed.model_name
        , hashed.column_name
        , hashed.value_hash
    from hashed
    inner join suppressed
        on hashed.value_hash = suppressed.identifier_hash
)

select * from final
