{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        full_refresh=false,
        on_schema_change='fail'
    )
}}
{#- Append-only and never rebuilt by --full-refresh: a hash stays suppressed after the source
    systems have deleted the person and the request itself has left the exports. On an
    incremental run, customers holding a hash suppressed earlier are erased again, and their
    new identifiers are added. -#}

with

request_matches as (
    select
        request_id
        , requested_at
        , identifier_type
        , identifier_hash
        , customer_id
        , match_status
    from {{ ref('int_privacy__erasure_request_matches') }}
),

identifier_hashes as (
    select
        customer_id
        , identifier_type
        , identifier_hash
        , owner_count
    from {{ ref('int_privacy__identifier_hashes') }}
),

previously_suppressed as (
    {%- if is_incremental() %}
        select
            identifier_type
            , identifier_hash
        from {{ this }}
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as identifier_type
            , cast(null as {{ dbt.type_string() }}) as identifier_hash
        where 1 = 0
    {%- endif %}
),

requested_customers as (
    select
        customer_id
        , min(requested_at) as requested_at
        , min(request_id) as request_id
    from request_matches
    where customer_id is not null
    group by customer_id
),

rearrived_customers as (
    select distinct identifier_hashes.customer_id
    from identifier_hashes
    inner join previously_suppressed
        on
            identifier_hashes.identifier_type = previously_suppressed.identifier_type
            and identifier_hashes.identifier_hash = previously_suppressed.identifier_hash
    left join requested_customers
        on identifier_hashes.customer_id = requested_customers.customer_id
    where requested_customers.customer_id is null
),

erased_customers as (
    select
        customer_id
        , requested_at
        , request_id
        , 'erased_customer' as suppression_reason
    from requested_customers

    union all

    select
        customer_id
        , cast(null as timestamp) as requested_at
        , cast(null as {{ dbt.type_string() }}) as request_id
        , 'rearrived_customer' as suppression_reason
    from rearrived_customers
),

erased_holdings as (
    select
        identifier_hashes.identifier_type
        , identifier_hashes.identifier_hash
        , identifier_hashes.customer_id
        , identifier_hashes.owner_count
        , erased_customers.requested_at
        , erased_customers.request_id
        , erased_customers.suppression_reason
    from identifier_hashes
    inner join erased_customers
        on identifier_hashes.customer_id = erased_customers.customer_id
),

-- values held only by erased customers: a value shared with a kept customer (a family
-- e-mail, a household landline, a login that is another person's e-mail) is not suppressed,
-- or the other person would be erased too
exclusive_hashes as (
    select identifier_hash
    from erased_holdings
    group by identifier_hash
    having count(distinct customer_id) = max(owner_count)
),

customer_identifiers as (
    select
        erased_holdings.identifier_type
        , erased_holdings.identifier_hash
        , min(erased_holdings.requested_at) as requested_at
        , min(erased_holdings.request_id) as request_id
        , min(erased_holdings.suppression_reason) as suppression_reason
    from erased_holdings
    inner join exclusive_hashes
        on erased_holdings.identifier_hash = exclusive_hashes.identifier_hash
    group by erased_holdings.identifier_type, erased_holdings.identifier_hash
),

-- the request's own identifiers, also when no customer holds them (yet); not when they are
-- shared by several customers (ambiguous requests wait for a manual decision)
request_identifiers as (
    select
        identifier_type
        , identifier_hash
        , min(requested_at) as requested_at
        , min(request_id) as request_id
        , 'erasure_request' as suppression_reason
    from request_matches
    where match_status in ('matched', 'not_found')
    group by identifier_type, identifier_hash
),

candidates as (
    select * from request_identifiers
    union all
    select * from customer_identifiers
),

deduplicated as (
    select
        identifier_type
        , identifier_hash
        , requested_at
        , request_id
        , suppression_reason
        , row_number() over (
            partition by identifier_type, identifier_hash
            order by
                case suppression_reason when 'erasure_request' then 1 when 'erased_customer' then 2 else 3 end asc
                , requested_at asc
                , request_id asc
        ) as candidate_rank
    from candidates
),

final as (
    select
        deduplicated.identifier_type
        , deduplicated.identifier_hash
        , deduplicated.suppression_reason
        , deduplicated.request_id as first_request_id
        , deduplicated.requested_at as first_requested_at
        , cast({{ dbt.current_timestamp() }} as timestamp) as suppressed_at
    from deduplicated
    left join previously_suppressed
        on
            deduplicated.identifier_type = previously_suppressed.identifier_type
            and deduplicated.identifier_hash = previously_suppressed.identifier_hash
    where
        deduplicated.candidate_rank = 1
        and previously_suppressed.identifier_hash is null
)

select * from final
