{#- Every model that reads a purged model reads it after the erasure purge.
    The post-hook of int_privacy__erased_records deletes erased records from every model whose
    yml sets meta erasure_purge_key / erasure_purge_customer_key. A model that reads one of those
    tables must therefore either run before the purge (be upstream of int_privacy__erased_records:
    it is then purged itself or feeds the erasure list) or after it (be downstream of
    int_privacy__erased_records, e.g. through a `-- depends_on:` line). Any other reader may run
    at the same time as the purge when dbt has more than one thread, and then sees the erased rows
    on one run and not on the next. Returns one row per such reader and the purged model it reads;
    the check is on the project graph, so it holds before any data is loaded. -#}
{%- set violations = [] -%}
{%- if execute -%}
    {%- set purger = 'model.' ~ project_name ~ '.int_privacy__erased_records' -%}
    {%- set children = {} -%}
    {%- set purged = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- set meta = {} -%}
        {%- do meta.update(node.meta or {}) -%}
        {%- do meta.update(node.config.get('meta') or {}) -%}
        {%- if meta.get('erasure_purge_key') or meta.get('erasure_purge_customer_key') -%}
            {%- do purged.append(node.unique_id) -%}
        {%- endif -%}
        {%- for parent in node.depends_on.nodes -%}
            {%- do children.setdefault(parent, []).append(node.unique_id) -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- upstream of the purger: walk parents; downstream: walk children (a list grown while it is read) -#}
    {%- set upstream = [purger] -%}
    {%- for uid in upstream -%}
        {%- for parent in graph.nodes[uid].depends_on.nodes
                if parent in graph.nodes and parent not in upstream -%}
            {%- do upstream.append(parent) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set downstream = [purger] -%}
    {%- for uid in downstream -%}
        {%- for child in children.get(uid, []) if child not in downstream -%}
            {%- do downstream.append(child) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for model in purged -%}
        {%- for reader in children.get(model, [])
                if graph.nodes[reader].resource_type == 'model'
                and reader not in upstream and reader not in downstream -%}
            {%- do violations.append((graph.nodes[reader].name, graph.nodes[model].name)) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}

select
    cast(null as {{ dbt.type_string() }}) as reader_model
    , cast(null as {{ dbt.type_string() }}) as purged_model
where 1 = 0
{%- for reader, model in violations %}
union all
select
    '{{ reader }}' as reader_model
    , '{{ model }}' as purged_model
{%- endfor %}
