{#
    connected_components(nodes, edges, iterations)

    Connected components in portable SQL, with a bounded number of rounds and no recursion or
    cross join: label propagation with pointer jumping. `nodes` is a relation with `node`;
    `edges` one with `node_l`, `node_r`. Every node starts with its own id as label; each round
    (1) takes the smallest label among itself and its neighbours, then (2) replaces its label
    by its label's label, which halves path lengths, so components of diameter d settle in
    about log2(d) + a few rounds. Returns a select of `node`, `component` (the smallest node id
    of the component once converged). The rounds run on integer ranks of the nodes (in node
    order, so the smallest rank is the smallest node), mapped back at the end: joins and
    groups on integers take half the time of the record-key strings. The rounds are unrolled CTEs; the test
    `components_converged` on the model fails if `iterations` was not enough.
    Dispatched: Spark has its own version (macros/spark/connected_components.sql), with the
    same result.
#}
{% macro connected_components(nodes, edges, iterations) -%}
    {{ return(adapter.dispatch('connected_components', 'c360')(nodes, edges, iterations)) }}
{%- endmacro %}

{% macro default__connected_components(nodes, edges, iterations) -%}
with

-- the rounds join and group on integers: each node's rank in node order, so the smallest
-- label is still the smallest node (1M people: 15 s against 33 s on the record-key strings)
cc_ids as (
    select
        node
        , row_number() over (order by node) as node_id
    from (select distinct node from {{ nodes }}) as distinct_nodes
),

-- edges between listed nodes only (an edge to a node outside `nodes` is ignored)
cc_id_edges as (
    select
        node_l_ids.node_id as id_l
        , node_r_ids.node_id as id_r
    from {{ edges }} as edges
    inner join cc_ids as node_l_ids on edges.node_l = node_l_ids.node
    inner join cc_ids as node_r_ids on edges.node_r = node_r_ids.node
),

cc_edges as (
    select id_l as node_from, id_r as node_to from cc_id_edges
    union all
    select id_r as node_from, id_l as node_to from cc_id_edges
),

cc_round_0 as (
    select node_id as node, node_id as label from cc_ids
),
{% for i in range(1, iterations + 1) %}
cc_propagated_{{ i }} as (
    select
        cc_round_{{ i - 1 }}.node
        , least(cc_round_{{ i - 1 }}.label, coalesce(min(neighbour.label), cc_round_{{ i - 1 }}.label)) as label
    from cc_round_{{ i - 1 }}
    left join cc_edges on cc_round_{{ i - 1 }}.node = cc_edges.node_from
    left join cc_round_{{ i - 1 }} as neighbour on cc_edges.node_to = neighbour.node
    group by cc_round_{{ i - 1 }}.node, cc_round_{{ i - 1 }}.label
),

cc_round_{{ i }} as (
    select
        cc_propagated_{{ i }}.node
        , least(cc_propagated_{{ i }}.label, coalesce(pointer.label, cc_propagated_{{ i }}.label)) as label
    from cc_propagated_{{ i }}
    left join cc_propagated_{{ i }} as pointer on cc_propagated_{{ i }}.label = pointer.node
),
{% endfor %}
cc_final as (
    select
        node_ids.node
        , label_ids.node as component
    from cc_round_{{ iterations }}
    inner join cc_ids as node_ids on cc_round_{{ iterations }}.node = node_ids.node_id
    inner join cc_ids as label_ids on cc_round_{{ iterations }}.label = label_ids.node_id
)

select node, component from cc_final
{%- endmacro %}
