{#- Every identity record with its customer, read after int_privacy__erased_records has run
    (and purged erased records from the tables that opt in), so that every customer model sees
    the same, complete mapping and the erasure flag. -#}

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

erased_records as (
    select
        record_key
        , source_system
        , record_id
        , customer_id
        , match_rule
        , match_confidence
        , cluster_size
    from {{ ref('int_privacy__erased_records') }}
),

erased_customers as (
    select customer_id from {{ ref('int_privacy__erased_customers') }}
),

records as (
    select * from erased_records
    union all
    select identity_map.*
    from identity_map
    left join erased_records
        on identity_map.record_key = erased_records.record_key
    where erased_records.record_key is null
),

final as (
    select
        records.record_key
        , records.source_system
        , records.record_id
        , records.customer_id
        , records.match_rule
        , records.match_confidence
        , records.cluster_size
        , erased_customers.customer_id is not null as is_erased
    from records
    left join erased_customers
        on records.customer_id = erased_customers.customer_id
)

select * from final
