{#
    Identifier value -> customer, for identifier values that belong to exactly one customer
    (a family address shared by two customers is left out). Used to attribute consent events
    and erasure requests that carry only an email or a phone.
#}
-- read after the erasure purge (tests/privacy/assert_purged_models_read_after_purge.sql)
-- depends_on: {{ ref('int_privacy__erased_records') }}
with

identifiers as (
    select * from {{ ref('int_identifiers') }}
    where identifier_type in ('email', 'phone', 'loyalty_card', 'login_id', 'ecom_account_id', 'anonymous_id')
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

owners as (
    select
        identifiers.identifier_type
        , identifiers.identifier_value
        , min(identity_map.customer_id) as customer_id
        , count(distinct identity_map.customer_id) as customer_count
    from identifiers
    inner join identity_map on identifiers.record_key = identity_map.record_key
    group by identifiers.identifier_type, identifiers.identifier_value
),

final as (
    select
        identifier_type
        , identifier_value
        , customer_id
    from owners
    where customer_count = 1
)

select * from final
