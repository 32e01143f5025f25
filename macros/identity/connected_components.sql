{#
    connected_components(nodes, edges, iterations)

    Connected components in portable SQL, with a bounded number of rounds and no recursion or
    cross join: min-label contraction with pointer jumping. `nodes` is a relation with `node`;
    `edges` one with `node_l`, `node_r`. Returns a select of `node`, `component` (the smallest
    node of its component once converged).
    Each round works on the contracted graph left by the previous one (round 1: the edges
    themselves): every node that still has an edge points to the smallest of itself and its
    neighbours; pointer jumping (5 doublings) sends each node to the root of that forest; the
    edges are rewritten between roots and those inside one root dropped. A component is done
    when it has no edge left, so the graph shrinks round by round (1M people: 5.9M directed
    edges in round 1, a few thousand in round 3) and a round on an empty graph costs nothing.
    The smallest node of a component is its own parent in every round, so it is the root
    everything ends at. Each node's component is the composition of the rounds' root maps,
    resolved backwards over the shrinking rounds and joined to every node once at the end.
    Rounds needed (simulated): chains of 40 nodes in random order 5, of 1,000 nodes 8; a graph
    needs more only with a path of more than 32 nodes in increasing order (one round per 32).
    The rounds run on integer ranks of the nodes (in node order, so the smallest rank is the
    smallest node), mapped back at the end. The test `components_converged` on the model fails
    if `iterations` was not enough.
    Dispatched: Spark has its own version (macros/spark/connected_components.sql), with the
    same result.
#}
{% macro connected_components(nodes, edges, iterations) -%}
    {{ return(adapter.dispatch('connected_components', 'c360')(nodes, edges, iterations)) }}
{%- endmacro %}

{% macro default__connected_components(nodes, edges, iterations) -%}
{%- set jumps = 5 -%}
with

-- the rounds join and group on integers: each node's rank in node order, so the smallest
-- label is still the smallest node (1M people: 15 s against 33 s on the record-key strings)
cc_ids as {{ c360.cte_materialized() }} (
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

cc_edges_0 as {{ c360.cte_materialized() }} (
    select distinct
        node_from
        , node_to
    from (
        select id_l as node_from, id_r as node_to from cc_id_edges
        union all
        select id_r as node_from, id_l as node_to from cc_id_edges
    ) as directed
    where node_from <> node_to
),
{% for i in range(1, iterations + 1) %}
-- round {{ i }}: each node with an edge points to the smallest of itself and its neighbours
cc_parent_{{ i }}_0 as {{ c360.cte_materialized() }} (
    select
        node_from as node
        , least(node_from, min(node_to)) as parent
    from cc_edges_{{ i - 1 }}
    group by node_from
),
{% for j in range(1, jumps + 1) %}
cc_parent_{{ i }}_{{ j }} as {{ c360.cte_materialized() }} (
    -- a parent is a node with an edge (a neighbour or the node itself), so it has a row
    select
        child.node
        , grandparent.parent
    from cc_parent_{{ i }}_{{ j - 1 }} as child
    inner join cc_parent_{{ i }}_{{ j - 1 }} as grandparent on child.parent = grandparent.node
),
{% endfor %}
cc_half_{{ i }} as {{ c360.cte_materialized() }} (
    -- the edges with their first end moved to its root (in two steps, so that no planner
    -- pairs the two root lookups on `<>` alone, a cross join, before joining the edges)
    select
        root_from.parent as node_from
        , edges.node_to
    from cc_edges_{{ i - 1 }} as edges
    inner join cc_parent_{{ i }}_{{ jumps }} as root_from on edges.node_from = root_from.node
),

cc_edges_{{ i }} as {{ c360.cte_materialized() }} (
    -- the edges between roots, each once per direction; edges inside a root are done
    select distinct
        half.node_from
        , root_to.parent as node_to
    from cc_half_{{ i }} as half
    inner join cc_parent_{{ i }}_{{ jumps }} as root_to on half.node_to = root_to.node
    where half.node_from <> root_to.parent
),
{% endfor %}
-- each round's nodes with the label they end with: their root, followed through later rounds
cc_resolved_{{ iterations }} as (
    select node, parent as label from cc_parent_{{ iterations }}_{{ jumps }}
),
{% for i in range(iterations - 1, 0, -1) %}
cc_resolved_{{ i }} as (
    select
        roots.node
        , coalesce(later.label, roots.parent) as label
    from cc_parent_{{ i }}_{{ jumps }} as roots
    left join cc_resolved_{{ i + 1 }} as later on roots.parent = later.node
),
{% endfor %}
cc_final as (
    select
        node_ids.node
        , label_ids.node as component
    from cc_ids as node_ids
    left join cc_resolved_1 as resolved on node_ids.node_id = resolved.node
    inner join cc_ids as label_ids on coalesce(resolved.label, node_ids.node_id) = label_ids.node_id
)

select node, component from cc_final
{%- endmacro %}
