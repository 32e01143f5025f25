with

record_map as (
    select
        customer_id
        , source_system
        , record_key
        , match_confidence
        , is_erased
    from {{ ref('int_customer__record_map') }}
),

erased_customers as (
    select
        customer_id
        , erasure_basis
        , first_requested_at
    from {{ ref('int_privacy__erased_customers') }}
),

customer_systems as (
    select distinct
        customer_id
        , source_system
    from record_map
),

system_lists as (
    select
        customer_id
        , count(*) as source_system_count
        , {{ dbt.listagg('source_system', "','", 'order by source_system') }} as source_systems
    from customer_systems
    group by customer_id
),

record_counts as (
    select
        customer_id
        , count(*) as record_count
        , min(match_confidence) as min_match_confidence
    from record_map
    group by customer_id
),

final as (
    select
        record_counts.customer_id
        , erased_customers.customer_id is not null as is_erased
        , erased_customers.erasure_basis
        , erased_customers.first_requested_at as erasure_requested_at
        , record_counts.record_count
        , record_counts.min_match_confidence
        , system_lists.source_system_count
        , system_lists.source_systems
    from record_counts
    inner join system_lists
        on record_counts.customer_id = system_lists.customer_id
    left join erased_customers
        on record_counts.customer_id = erased_customers.customer_id
)

select * from final
