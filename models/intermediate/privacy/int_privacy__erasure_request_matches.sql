{#- Each erasure request's identifiers (e-mail, phone, named source record), hashed, and the
    customers they belong to. -#}
{%- set statuses = c360.marts_var('erasure_applied_statuses') -%}

with

requests as (
    select
        request_id
        , requested_at
        , status
        , email
        , phone_e164
        , source_system
        , source_record_id
    from {{ ref('stg_privacy__erasure_requests') }}
    where status in ({{ c360.sql_string_list(statuses) }})
),

identifier_hashes as (
    select distinct
        identifier_type
        , identifier_hash
        , customer_id
        , owner_count
    from {{ ref('int_privacy__identifier_hashes') }}
),

request_identifiers as (
    select
        request_id
        , requested_at
        , status
        , 'record_key' as identifier_type
        , {{ dbt.concat(['source_system', "':'", 'source_record_id']) }} as identifier_value
    from requests
    where
        source_system is not null
        and source_record_id is not null

    union all

    select
        request_id
        , requested_at
        , status
        , 'email' as identifier_type
        , email as identifier_value
    from requests
    where email is not null

    union all

    select
        request_id
        , requested_at
        , status
        , 'phone' as identifier_type
        , phone_e164 as identifier_value
    from requests
    where phone_e164 is not null
),

hashed as (
    select
        request_id
        , requested_at
        , status
        , identifier_type
        , {{ c360.pii_hash('identifier_value') }} as identifier_hash
    from request_identifiers
),

matched as (
    select
        hashed.request_id
        , hashed.requested_at
        , hashed.status
        , hashed.identifier_type
        , hashed.identifier_hash
        , identifier_hashes.customer_id
        , coalesce(identifier_hashes.owner_count, 0) as owner_count
    from hashed
    left join identifier_hashes
        on
            hashed.identifier_type = identifier_hashes.identifier_type
            and hashed.identifier_hash = identifier_hashes.identifier_hash
),

final as (
    select distinct
        request_id
        , requested_at
        , status as request_status
        , identifier_type
        , identifier_hash
        , case when owner_count = 1 then customer_id end as customer_id
        , case
            when owner_count = 0 then 'not_found'
            when owner_count = 1 then 'matched'
            else 'ambiguous'
        end as match_status
        , owner_count
    from matched
)

select * from final
