{#
    column_meta(column)
    A column's meta, wherever the yml put it (`meta:` or `config: meta:`).
#}
{% macro column_meta(column) -%}
    {%- set meta = {} -%}
    {%- do meta.update(column.get('meta') or {}) -%}
    {%- do meta.update((column.get('config') or {}).get('meta') or {}) -%}
    {{ return(meta) }}
{%- endmacro %}


{#
    model_node(model_name)
    The graph node of a model of this project by name; a compiler error when there is none.
#}
{% macro model_node(model_name) -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == model_name -%}
        {{ return(node) }}
    {%- endfor -%}
    {%- do exceptions.raise_compiler_error("model_node: no model named " ~ model_name) -%}
{%- endmacro %}


{#
    pii_columns(model_name)
    Names of the columns documented with `meta: {pii: true}` in the model's yml, in yml order.
    Read from the graph, so PII is declared once, where the column is documented.
#}
{% macro pii_columns(model_name) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set node = c360.model_node(model_name) -%}
    {%- set names = [] -%}
    {%- for column in node.columns.values() if c360.column_meta(column).get('pii') -%}
        {%- do names.append(column.name) -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}


{#
    bi_safe_columns(model_name, relation_alias)

    The select list of a BI-facing copy of `model_name`, generated from the model's yml (GitLab
    style): every column not tagged PII as is; every column tagged `meta: {pii: true}` replaced
    by `<column>_hash` (pii_hash, salted), or left out when its meta also says `bi: drop`.
    Adding a PII column to the source model therefore adds a hash column to the BI model, and
    the BI model's contract fails until that column is documented there: PII cannot leak into BI
    unnoticed.
#}
{% macro bi_safe_columns(model_name, relation_alias) -%}
    {%- if not execute -%}{{ return(relation_alias ~ '.*') }}{%- endif -%}
    {%- set node = c360.model_node(model_name) -%}
    {%- set items = [] -%}
    {%- for column in node.columns.values() -%}
        {%- set meta = c360.column_meta(column) -%}
        {%- if not meta.get('pii') -%}
            {%- do items.append(relation_alias ~ '.' ~ column.name) -%}
        {%- elif meta.get('bi', 'hash') == 'hash' -%}
            {%- do items.append(c360.pii_hash(relation_alias ~ '.' ~ column.name) ~ ' as ' ~ column.name ~ '_hash') -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(items | join('\n        , ')) }}
{%- endmacro %}
