{#- The direct identifiers (var erasure_identifier_types) and the record key of every identity
    record, as salted hashes: what the suppression list is matched against. No clear PII. -#}
{%- set identifier_types = c360.marts_var('erasure_identifier_types') -%}

with

identity_map as (
    select
        record_key
        , customer_id
    from {{ ref('customer_identity_map') }}
),

identifiers as (
    select
        record_key
        , identifier_type
        , identifier_value
    from {{ ref('int_identifiers') }}
    where
        identifier_type in ({{ c360.sql_string_list(identifier_types) }})
        and identifier_value is not null
),

record_identifiers as (
    select
        identity_map.customer_id
        , identity_map.record_key
        , identifiers.identifier_type
        , identifiers.identifier_value
    from identifiers
    inner join identity_map
        on identifiers.record_key = identity_map.record_key

    union all

    select
        customer_id
        , record_key
        , 'record_key' as identifier_type
        , record_key as identifier_value
    from identity_map
),

distinct_values as (
    select distinct
        identifier_type
        , identifier_value
    from record_identifiers
),

value_hashes as (
    select
        identifier_type
        , identifier_value
        , {{ c360.pii_hash('identifier_value') }} as identifier_hash
    from distinct_values
),

-- one row per record and identifier type already (int_identifiers holds one value per record
-- and type, a tested key; the identity map one row per record): no distinct needed
hashed as (
    select
        record_identifiers.customer_id
        , record_identifiers.record_key
        , record_identifiers.identifier_type
        , value_hashes.identifier_hash
    from record_identifiers
    inner join value_hashes
        on
            record_identifiers.identifier_type = value_hashes.identifier_type
            and record_identifiers.identifier_value = value_hashes.identifier_value
),

-- owners of a value whatever its type: a login that is also another customer's e-mail is shared
owners as (
    select
        identifier_hash
        , count(distinct customer_id) as owner_count
    from hashed
    group by identifier_hash
),

final as (
    select
        hashed.customer_id
        , hashed.record_key
        , hashed.identifier_type
        , hashed.identifier_hash
        , owners.owner_count
    from hashed
    inner join owners
        on hashed.identifier_hash = owners.identifier_hash
)

select * from final
