{#- Clusters larger than var('max_cluster_size'): a sign of over-merging. Should be empty; a test fails otherwise. -#}
-- read after the erasure purge (tests/privacy/assert_purged_models_read_after_purge.sql)
-- depends_on: {{ ref('int_privacy__erased_records') }}
with

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

final as (
    select
        customer_id
        , cast(count(*) as integer) as record_count
        , cast(count(distinct source_system) as integer) as source_system_count
    from identity_map
    group by customer_id
    having count(*) > {{ var('max_cluster_size') }}
)

select * from final
