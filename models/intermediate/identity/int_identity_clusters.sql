{#- One row per identity record: its cluster (connected component of the accepted match edges). -#}
with

records as (
    select record_key as node from {{ ref('int_identity_records') }}
),

edges as (
    select
        record_key_l as node_l,
        record_key_r as node_r
    from {{ ref('int_match_decisions') }}
    where is_accepted
),

components as (
    {{ c360.connected_components('records', 'edges', var('connected_components_iterations')) }}
),

final as (
    select
        components.node as record_key
        , components.component as cluster_key
        , count(*) over (partition by components.component) as cluster_size
    from components
)

select * from final
