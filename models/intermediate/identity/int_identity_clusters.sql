{#-
    One row per identity record: its cluster (connected component of the accepted match edges)
    and the cluster's size.

    Incremental, and equal to a full rebuild by construction (docs/incremental.md): each record
    carries `memo_hash`, a hash of its accepted neighbours (a group fingerprint) and of this
    model's code. On an incremental run a record is *changed* when its memo_hash differs from
    the stored one (an edge gained or lost, a new record, the code edited) or it left the
    records; the *affected* clusters are the stored clusters of the changed records and of
    their current neighbours. Components are recomputed on the records of the affected
    clusters plus the new records, with the edges among them, and replace those rows; the
    other clusters have exactly the edges they had, so they are unchanged. That record set is
    closed under the current edges: an edge from it either is new (both ends changed) or was
    there before (both ends in one stored cluster). Records that left are pruned (post-hook).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='record_key',
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune(ref('int_identity_records'), ['record_key']) }}"]
) }}
{%- do c360.memo_assert_compatible() %}

with

records as (
    select record_key as node from {{ ref('int_identity_records') }}
),

edges as (
    select
        record_key_l as node_l
        , record_key_r as node_r
    from {{ ref('int_match_decisions') }}
    where is_accepted
),

adjacency as (
    select
        node_l as node
        , node_r as neighbour
    from edges
    union all
    select
        node_r as node
        , node_l as neighbour
    from edges
),

neighbourhoods as (
    select
        node
        , {{ c360.group_fingerprint('adjacency') }} as neighbours_fingerprint
    from adjacency
    group by node
),

record_neighbourhoods as (
    select
        records.node
        , neighbourhoods.neighbours_fingerprint
    from records
    left join neighbourhoods on records.node = neighbourhoods.node
),

record_memo as (
    select
        node
        , {{ c360.memo_hash(['neighbours_fingerprint'], c360.model_code()) }} as memo_hash
    from record_neighbourhoods
),

previous as (
    {%- if is_incremental() %}
        select
            record_key
            , cluster_key
            , memo_hash
        from {{ this }}
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as record_key
            , cast(null as {{ dbt.type_string() }}) as cluster_key
            , cast(null as {{ dbt.type_string() }}) as memo_hash
        where 1 = 0
    {%- endif %}
),

changed as (
    -- records with another neighbourhood (or new, or code edited), and records that left
    select record_memo.node
    from record_memo
    left join previous on record_memo.node = previous.record_key
    where previous.memo_hash is null or previous.memo_hash <> record_memo.memo_hash
    union all
    select previous.record_key as node
    from previous
    where not exists (
        select 1 from record_memo
        where record_memo.node = previous.record_key
    )
),

touched as (
    select changed.node from changed
    union
    select adjacency.neighbour as node
    from changed
    inner join adjacency on changed.node = adjacency.node
),

affected_clusters as (  -- noqa: ST03
    select distinct previous.cluster_key
    from previous
    inner join touched on previous.record_key = touched.node
),

scope_nodes as (
    -- an incremental run: the new records and the records of affected clusters (the only reader
    -- of affected_clusters); a full build: all records
    {%- if is_incremental() %}
        select record_memo.node
        from record_memo
        left join previous on record_memo.node = previous.record_key
        where
            previous.record_key is null
            or previous.cluster_key in (select affected_clusters.cluster_key from affected_clusters)
    {%- else %}
        select records.node from records
    {%- endif %}
),

scope_edges as (
    select
        edges.node_l
        , edges.node_r
    from edges
    -- the scope is closed under the edges: one end in it means both are
    where {{ "edges.node_l in (select scope_nodes.node from scope_nodes)" if is_incremental() else "true" }}
),

components as (
    {{ c360.connected_components('scope_nodes', 'scope_edges', var('connected_components_iterations')) }}
),

final as (
    select
        components.node as record_key
        , components.component as cluster_key
        , count(*) over (partition by components.component) as cluster_size
        , record_memo.memo_hash
    from components
    inner join record_memo on components.node = record_memo.node
)

select * from final
