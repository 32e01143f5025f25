{{
    config(
        materialized='incremental',
        unique_key='record_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
{#
    Stable customer ids. One row per identity record ever seen, with the customer_id it holds
    now. Each run recomputes every current record's id from the previous run's assignment
    (this table), so ids survive reruns and new data:
    - a cluster whose records held one id keeps it;
    - clusters that merged keep the oldest id (earliest issued; ties: smallest id); the others
      are retired (customer_id_history records the merge);
    - a cluster that split: the part holding most of the id's records keeps it, the other parts
      get new ids (history records the split);
    - a new cluster gets a new id: `cus_` and 16 hex digits of a hash of its anchor record key
      (and of the id it split from), never of an email, phone or name.
    Records no longer present keep their last row, so an id is remembered if they come back.
    `dbt build --full-refresh` reissues every id from scratch.
#}

with

clusters as (
    select * from {{ ref('int_identity_clusters') }}
),

previous as (
    {%- if is_incremental() %}
        select
            record_key
            , customer_id
            , customer_id_issued_at
        from {{ this }}
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as record_key
            , cast(null as {{ dbt.type_string() }}) as customer_id
            , cast(null as timestamp) as customer_id_issued_at
        where 1 = 0
    {%- endif %}
),

members as (
    select
        clusters.record_key
        , clusters.cluster_key
        , previous.customer_id as previous_customer_id
        , previous.customer_id_issued_at as previous_issued_at
    from clusters
    left join previous on clusters.record_key = previous.record_key
),

claims as (
    select
        cluster_key
        , previous_customer_id
        , min(previous_issued_at) as issued_at
        , count(*) as holding_records
    from members
    where previous_customer_id is not null
    group by cluster_key, previous_customer_id
),

owned as (
    select
        claims.*
        , row_number() over (
            partition by claims.previous_customer_id order by claims.holding_records desc, claims.cluster_key asc
        ) as owner_rank
    from claims
),

kept as (
    select
        cluster_key
        , previous_customer_id as customer_id
        , issued_at
        , row_number() over (partition by cluster_key order by issued_at, previous_customer_id) as keep_rank
    from owned
    where owner_rank = 1
),

cluster_seeds as (
    -- one row per cluster; a new id hashes the cluster's anchor record key and the id it split from
    select
        cluster_key
        , coalesce(max(previous_customer_id), '') as split_from
    from members
    group by cluster_key
),

{%- set anchor = dbt.concat(["cluster_seeds.cluster_key", "'|'", "cluster_seeds.split_from"]) %}
{%- set new_id = dbt.concat(["'cus_'", "substr(" ~ dbt.hash(anchor) ~ ", 1, 16)"]) %}

cluster_ids as (
    select
        cluster_seeds.cluster_key
        , coalesce(kept.customer_id, {{ new_id }}) as customer_id
        , coalesce(kept.issued_at, cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp))
            as customer_id_issued_at
    from cluster_seeds
    left join kept
        on cluster_seeds.cluster_key = kept.cluster_key and kept.keep_rank = 1
),

final as (
    select
        members.record_key
        , members.cluster_key
        , cluster_ids.customer_id
        , cluster_ids.customer_id_issued_at
        , members.previous_customer_id
        , cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as assigned_at
    from members
    inner join cluster_ids on members.cluster_key = cluster_ids.cluster_key
)

select * from final
