with

identifier_hashes as (
    select
        customer_id
        , identifier_type
        , identifier_hash
    from {{ ref('int_privacy__identifier_hashes') }}
),

suppression_list as (
    select
        identifier_type
        , identifier_hash
    from {{ ref('pii_suppression_list') }}
),

request_matches as (
    select
        request_id
        , requested_at
        , customer_id
    from {{ ref('int_privacy__erasure_request_matches') }}
    where customer_id is not null
),

requested as (
    select
        customer_id
        , min(requested_at) as first_requested_at
        , count(distinct request_id) as request_count
    from request_matches
    group by customer_id
),

suppressed as (
    select distinct identifier_hashes.customer_id
    from identifier_hashes
    inner join suppression_list
        on
            identifier_hashes.identifier_type = suppression_list.identifier_type
            and identifier_hashes.identifier_hash = suppression_list.identifier_hash
),

customers as (
    select customer_id from requested
    union
    select customer_id from suppressed
),

final as (
    select
        customers.customer_id
        , case when requested.customer_id is not null then 'erasure_request' else 'suppression_list' end
            as erasure_basis
        , requested.first_requested_at
        , coalesce(requested.request_count, 0) as request_count
    from customers
    left join requested
        on customers.customer_id = requested.customer_id
)

select * from final
