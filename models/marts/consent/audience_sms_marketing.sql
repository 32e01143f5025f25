{#- Marketing SMS audience: customers whose SMS marketing consent is granted and who are not
    erased (customer_consent_flags.can_sms_marketing), with the number to text. -#}

with

flags as (
    select customer_id from {{ ref('customer_consent_flags') }}
    where can_sms_marketing
),

consent as (
    select
        customer_id
        , effective_since
        , proof_source_system
        , proof_event_id
    from {{ ref('customer_consent') }}
    where
        channel = 'sms'
        and purpose = 'marketing'
        and consent_status = 'granted'
),

golden_record as (
    select
        customer_id
        , phone_e164
        , first_name
        , last_name
        , country_code
    from {{ ref('int_customer__golden_record') }}
),

final as (
    select
        flags.customer_id
        , golden_record.phone_e164
        , golden_record.first_name
        , golden_record.last_name
        , golden_record.country_code
        , consent.effective_since as consent_granted_since
        , consent.proof_source_system as consent_source_system
        , consent.proof_event_id as consent_event_id
    from flags
    inner join consent
        on flags.customer_id = consent.customer_id
    inner join golden_record
        on flags.customer_id = golden_record.customer_id
)

select * from final
