{{ config(post_hook="{{ c360.purge_erased_records(this) }}") }}

with

identity_map as (
    select
        record_key
        , source_system
        , record_id
        , customer_id
        , match_rule
        , match_confidence
        , cluster_size
    from {{ ref('customer_identity_map') }}
),

erased_customers as (
    select customer_id from {{ ref('int_privacy__erased_customers') }}
),

final as (
    select
        identity_map.record_key
        , identity_map.source_system
        , identity_map.record_id
        , identity_map.customer_id
        , identity_map.match_rule
        , identity_map.match_confidence
        , identity_map.cluster_size
    from identity_map
    inner join erased_customers
        on identity_map.customer_id = erased_customers.customer_id
)

select * from final
