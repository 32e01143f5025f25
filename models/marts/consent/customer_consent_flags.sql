{#- One row per customer: may we use this channel and purpose now? True only when consent is
    granted (customer_consent), the customer is not erased, and the golden record holds the
    contact point the channel needs (e-mail; phone for SMS and calls; street address for post;
    push needs no stored contact point). -#}
{%- set consents = [
    ('email', 'marketing'), ('sms', 'marketing'), ('phone', 'marketing'), ('post', 'marketing'),
    ('push', 'marketing'), ('email', 'profiling'), ('email', 'third_party_sharing')] -%}

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
        {%- for channel, purpose in consents %}
            , max(case when channel = '{{ channel }}' and purpose = '{{ purpose }}' and is_granted then 1 else 0 end)
            = 1 as {{ channel }}_{{ purpose }}
        {%- endfor %}
    from consent
    group by customer_id
),

-- granted, and not erased
usable as (
    select
        spine.customer_id
        , spine.is_erased
        {%- for channel, purpose in consents %}
            , coalesce(granted.{{ channel }}_{{ purpose }} and not spine.is_erased, false)
                as {{ channel }}_{{ purpose }}
        {%- endfor %}
        , coalesce(golden_record.has_email, false) as has_email
        , coalesce(golden_record.has_phone, false) as has_phone
        , coalesce(golden_record.has_postal_address, false) as has_postal_address
    from spine
    left join granted
        on spine.customer_id = granted.customer_id
    left join golden_record
        on spine.customer_id = golden_record.customer_id
),

final as (
    select
        customer_id
        , email_marketing and has_email as can_email_marketing
        , sms_marketing and has_phone as can_sms_marketing
        , phone_marketing and has_phone as can_phone_marketing
        , post_marketing and has_postal_address as can_post_marketing
        , push_marketing as can_push_marketing
        , is_erased
        , email_profiling as can_email_profiling
        , email_third_party_sharing and has_email as can_email_third_party_sharing
    from usable
)

select * from final
