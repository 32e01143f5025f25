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
{%- set relations = [] -%}
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
            {%- do relations.append(relation) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}
{{ c360.erased_identifier_values_sql(relations, ref('pii_suppression_list')) }}
