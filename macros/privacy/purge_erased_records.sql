{#
    purge_erased_records(erased_records)

    Post-hook of int_privacy__erased_records (`erased_records`: its relation, `this`). Deletes
    the rows of erased customers from every persisted model whose yml declares
    - `meta: {erasure_purge_key: <column>}` (or a list of columns, e.g. the two record keys of
      a pair table): rows whose column holds one of the erased record keys;
    - `meta: {erasure_purge_customer_key: <column>}` (or a list): rows whose column holds one
      of the erased customer ids. Those models are
    upstream of the identity map, so they cannot anti-join the erasure list themselves (it
    depends on the map); this hook removes the rows right after the list is known, in the same
    run. Models that do not exist yet are skipped. Portable `delete ... where ... in (select ...)`.
    Dispatched: Spark has its own version (macros/spark/privacy.sql), which runs these
    statements as table rewrites where the table format has no row-level delete.
#}
{% macro purge_erased_records(erased_records) -%}
    {{ return(adapter.dispatch('purge_erased_records', 'c360')(erased_records)) }}
{%- endmacro %}

{% macro default__purge_erased_records(erased_records) -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set statements = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- set meta = {} -%}
        {%- do meta.update(node.meta or {}) -%}
        {%- do meta.update(node.config.get('meta') or {}) -%}
        {%- set purges = [] -%}
        {%- for meta_key, erased_column in [('erasure_purge_key', 'record_key'), ('erasure_purge_customer_key', 'customer_id')] -%}
            {%- set keys = meta.get(meta_key) -%}
            {%- for key in ([keys] if keys is string else (keys or [])) -%}
                {%- do purges.append((key, erased_column)) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if purges and node.config.materialized in ('table', 'incremental') -%}
            {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
            {%- if relation is not none -%}
                {%- for key, erased_column in purges -%}
                    {%- do statements.append(
                        "delete from " ~ relation ~ " where " ~ key ~ " in (select "
                        ~ erased_column ~ " from " ~ erased_records ~ ")") -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements | join(';\n')) }}
{%- endmacro %}
