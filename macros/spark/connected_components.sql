{#
    connected_components on Spark: the same result as default__connected_components (each
    node's component is the smallest node id of its component), computed by Hash-to-Min
    message passing instead of label propagation with pointer jumping.

    Why: the portable version refers to every round twice (a node's own label and its
    neighbours' labels, then the label's label), and Spark inlines CTEs, so 10 unrolled
    rounds become a plan of 4^10 copies that the driver cannot even plan. Here each round
    reads the previous round once:
    - round 0: every node with its member set {itself and its neighbours};
    - each round: a node sends its whole set to the smallest member, and the smallest member
      to every member (one `inline` over the node's row); each node's new set is the union of
      what it received (a group by).
    A component of diameter d settles in O(log d) rounds, like pointer jumping; after that the
    smallest node holds the whole component and every other node holds it among its members,
    so `array_min(members)` is the component. Edges are kept only between listed nodes, as the
    portable version ignores the others. `iterations` rounds are unrolled; the model's
    convergence test catches too few, as on DuckDB.
    (Spark's recursive CTEs cannot express this: no aggregate over the recursive reference.)
#}
{% macro spark__connected_components(nodes, edges, iterations) -%}
with

cc_nodes as (
    select distinct node from {{ nodes }}
),

cc_edges as (
    select edges.node_l as node_from, edges.node_r as node_to
    from {{ edges }} as edges
    left semi join cc_nodes as l on edges.node_l = l.node
    left semi join cc_nodes as r on edges.node_r = r.node
),

cc_directed as (
    select node_from, node_to from cc_edges
    union all
    select node_to as node_from, node_from as node_to from cc_edges
),

cc_round_0 as (
    select
        cc_nodes.node
        , array_sort(array_distinct(concat(array(cc_nodes.node), collect_list(cc_directed.node_to)))) as members
    from cc_nodes
    left join cc_directed on cc_nodes.node = cc_directed.node_from
    group by cc_nodes.node
),
{% for i in range(1, iterations + 1) %}
cc_round_{{ i }} as (
    select
        message.target as node
        , array_sort(array_distinct(flatten(collect_list(message.members)))) as members
    from (
        select inline(concat(
            array(named_struct('target', array_min(members), 'members', members)),
            transform(members, member -> named_struct('target', member, 'members', array(array_min(members))))
        ))
        from cc_round_{{ i - 1 }}
    ) as message
    group by message.target
),
{% endfor %}
cc_final as (
    select node, array_min(members) as component from cc_round_{{ iterations }}
)

select node, component from cc_final
{%- endmacro %}
