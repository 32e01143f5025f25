{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        full_refresh=false,
        on_schema_change='fail'
    )
}}
{#- Append-only and never rebuilt by --full-refresh: a hash stays suppressed after the source
    systems have deleted the person and the request itself has left the exports. -#}

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

requested_customers as (
    select
        customer_id
        , min(requested_at) as requested_at
        , min(request_id) as request_id
    from request_matches
    where customer_id is not null
    group by customer_id
),

{% if is_incremental() %}
previously_suppressed as (
    select
        identifier_type
        , identifier_hash
    from {{ this }}
),

rearrived_customers as (
    select distinct identifier_hashes.customer_id
    from identifier_hashes
    inner join previously_suppressed
        on identifier_hashes.identifier_type = previously_suppressed.identifier_type
        and identifier_hashes.identifier_hash = previously_suppressed.identifier_hash
    where identifier_hashes.customer_id not in (select requested_customers.customer_id from requested_customers)
),
{% endif %}

erased_customers as (
    select
        customer_id
        , requested_at
        , request_id
        , 'erased_customer' as suppression_reason
    from requested_customers
    {% if is_incremental() %}
    union all

    select
        customer_id
        , cast(null as timestamp) as requested_at
        , cast(null as {{ dbt.type_string() }}) as request_id
        , 'rearrived_customer' as suppression_reason
    from rearrived_customers
    {% endif %}
),

-- identifiers held only by erased customers: a value shared with a kept customer (a family
-- e-mail, a household landline) is not suppressed, or the other person would be erased too
customer_identifiers as (
    select
        identifier_hashes.identifier_type
        , identifier_hashes.identifier_hash
        , min(erased_customers.requested_at) as requested_at
        , min(erased_customers.request_id) as request_id
        , min(erased_customers.suppression_reason) as suppression_reason
    from identifier_hashes
    inner join erased_customers
        on identifier_hashes.customer_id = erased_customers.customer_id
    group by identifier_hashes.identifier_type, identifier_hashes.identifier_hash
    having count(distinct identifier_hashes.customer_id) = max(identifier_hashes.owner_count)
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
            order by suppression_reason, requested_at, request_id
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
        , cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as suppressed_at
    from deduplicated
    {% if is_incremental() %}
    left join previously_suppressed
        on deduplicated.identifier_type = previously_suppressed.identifier_type
        and deduplicated.identifier_hash = previously_suppressed.identifier_hash
    {% endif %}
    where deduplicated.candidate_rank = 1
    {% if is_incremental() %}
        and previously_suppressed.identifier_hash is null
    {% endif %}
)

select * from final
