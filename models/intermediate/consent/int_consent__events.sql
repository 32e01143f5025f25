{#- Every consent decision: the consent_events export plus the e-mail platform's unsubscribes
    (an opt-out from e-mail marketing), attributed to a customer: through the identity record
    the event names, else its e-mail, else its phone (docs/identity.md). Events that reach no
    customer are kept (customer_id NULL): their contact point still blocks whoever uses it.
    Contact points are kept as salted hashes only. -#}

with

consent_events as (
    select
        consent_event_id as event_id
        , 'consent_events' as event_source
        , source_system
        , source_record_id
        , email
        , phone_e164
        , channel
        , purpose
        , action
        , action as event_type
        , occurred_at
        , expires_at
    from {{ ref('stg_consent__events') }}
),

unsubscribes as (
    select
        event_id
        , 'email_events' as event_source
        , 'email' as source_system
        , subscriber_id as source_record_id
        , email
        , cast(null as {{ dbt.type_string() }}) as phone_e164
        , 'email' as channel
        , 'marketing' as purpose
        , 'opt_out' as action
        , 'unsubscribe' as event_type
        , occurred_at
        , cast(null as timestamp) as expires_at
    from {{ ref('stg_email__events') }}
    where event_type = 'unsubscribe'
),

events as (
    select * from consent_events
    union all
    select * from unsubscribes
),

record_map as (
    select
        record_key
        , customer_id
    from {{ ref('int_customer__record_map') }}
),

identifier_customers as (
    select
        identifier_type
        , identifier_value
        , customer_id
    from {{ ref('int_identifier_customers') }}
    where identifier_type in ('email', 'phone')
),

attributed as (
    select
        events.*
        , by_record.record_key
        , by_record.customer_id as record_customer_id
        , by_email.customer_id as email_customer_id
        , by_phone.customer_id as phone_customer_id
    from events
    left join record_map as by_record
        on by_record.record_key = {{ dbt.concat(['events.source_system', "':'", 'events.source_record_id']) }}
    left join identifier_customers as by_email
        on
            by_email.identifier_type = 'email'
            and events.email = by_email.identifier_value
    left join identifier_customers as by_phone
        on
            by_phone.identifier_type = 'phone'
            and events.phone_e164 = by_phone.identifier_value
),

final as (
    select
        event_id
        , event_source
        , source_system
        , source_record_id
        , record_key
        , coalesce(record_customer_id, email_customer_id, phone_customer_id) as customer_id
        , case
            when record_customer_id is not null then 'record'
            when email_customer_id is not null then 'email'
            when phone_customer_id is not null then 'phone'
        end as attributed_by
        , channel
        , purpose
        , action
        , event_type
        , occurred_at
        , expires_at
        , {{ c360.pii_hash('email') }} as email_hash
        , {{ c360.pii_hash('phone_e164') }} as phone_hash
    from attributed
)

select * from final
