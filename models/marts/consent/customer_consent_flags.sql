{#- One row per customer: may we use this channel and purpose now? True only when consent is
    granted (customer_consent), the customer is not erased, and the golden record holds the
    contact point the channel needs (e-mail; phone for SMS and calls; street address for post;
    push needs no stored contact point). -#}

with

spine as (
    select
        customer_id
        , is_erased
    from {{ ref('int_customer__spine') }}
),

consent as (
    select
        customer_id
        , channel
        , purpose
        , consent_status = 'granted' as is_granted
    from {{ ref('customer_consent') }}
),

golden_record as (
    select
        customer_id
        , email is not null as has_email
        , phone_e164 is not null as has_phone
        , address_line is not null and postal_code is not null as has_postal_address
    from {{ ref('int_customer__golden_record') }}
),

granted as (
    select
        customer_id
        , max(case when channel = 'email' and purpose = 'marketing' and is_granted then 1 else 0 end) = 1 as email_marketing
        , max(case when channel = 'sms' and purpose = 'marketing' and is_granted then 1 else 0 end) = 1 as sms_marketing
        , max(case when channel = 'phone' and purpose = 'marketing' and is_granted then 1 else 0 end) = 1 as phone_marketing
        , max(case when channel = 'post' and purpose = 'marketing' and is_granted then 1 else 0 end) = 1 as post_marketing
        , max(case when channel = 'push' and purpose = 'marketing' and is_granted then 1 else 0 end) = 1 as push_marketing
        , max(case when channel = 'email' and purpose = 'profiling' and is_granted then 1 else 0 end) = 1 as email_profiling
        , max(case when channel = 'email' and purpose = 'third_party_sharing' and is_granted then 1 else 0 end) = 1 as email_third_party_sharing
    from consent
    group by customer_id
),

final as (
    select
        spine.customer_id
        , coalesce(not spine.is_erased and granted.email_marketing and golden_record.has_email, false) as can_email_marketing
        , coalesce(not spine.is_erased and granted.sms_marketing and golden_record.has_phone, false) as can_sms_marketing
        , coalesce(not spine.is_erased and granted.phone_marketing and golden_record.has_phone, false) as can_phone_marketing
        , coalesce(not spine.is_erased and granted.post_marketing and golden_record.has_postal_address, false) as can_post_marketing
        , coalesce(not spine.is_erased and granted.push_marketing, false) as can_push_marketing
        , spine.is_erased
        , coalesce(not spine.is_erased and granted.email_profiling, false) as can_email_profiling
        , coalesce(not spine.is_erased and granted.email_third_party_sharing and golden_record.has_email, false) as can_email_third_party_sharing
    from spine
    left join granted
        on spine.customer_id = granted.customer_id
    left join golden_record
        on spine.customer_id = golden_record.customer_id
)

select * from final
