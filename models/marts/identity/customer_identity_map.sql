{#- One row per identity record: the customer it belongs to, and how it got there. -#}
with

assignments as (
    select * from {{ ref('int_customer_id_assignments') }}
),

clusters as (
    select * from {{ ref('int_identity_clusters') }}
),

records as (
    select * from {{ ref('int_identity_records') }}
),

decisions as (
    select * from {{ ref('int_match_decisions') }}
    where is_accepted
),

record_edges as (
    select
        record_key_l as record_key,
        match_rule,
        match_confidence
    from decisions
    union all
    select
        record_key_r as record_key,
        match_rule,
        match_confidence
    from decisions
),

strongest_edge as (
    select
        record_key
        , match_rule
        , match_confidence
        , row_number() over (partition by record_key order by match_confidence desc, match_rule asc) as edge_rank
    from record_edges
),

final as (
    select
        records.record_key
        , records.source_system
        , records.record_id
        , assignments.customer_id
        , coalesce(strongest_edge.match_rule, 'singleton') as match_rule
        , cast(coalesce(strongest_edge.match_confidence, 1.0) as double) as match_confidence
        , cast(clusters.cluster_size as integer) as cluster_size
    from records
    inner join clusters on records.record_key = clusters.record_key
    inner join assignments on records.record_key = assignments.record_key
    left join strongest_edge on records.record_key = strongest_edge.record_key and strongest_edge.edge_rank = 1
)

select * from final
