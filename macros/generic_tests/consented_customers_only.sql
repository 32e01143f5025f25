{#
    consented_customers_only(channel, purpose)

    For audience marts: every row's customer (the tested column) has consent status `granted`
    for `channel` and `purpose` in customer_consent and is not erased. Returns the customers
    that should not be there, with their consent status (NULL when they have no consent row).
#}
{% test consented_customers_only(model, column_name, channel, purpose) %}

with

audience as (
    select distinct {{ column_name }} as customer_id
    from {{ model }}
),

consent as (
    select
        customer_id
        , consent_status
    from {{ ref('customer_consent') }}
    where channel = '{{ channel }}'
        and purpose = '{{ purpose }}'
),

erased as (
    select customer_id from {{ ref('int_privacy__erased_customers') }}
),

final as (
    select
        audience.customer_id
        , consent.consent_status
        , erased.customer_id is not null as is_erased
    from audience
    left join consent
        on audience.customer_id = consent.customer_id
    left join erased
        on audience.customer_id = erased.customer_id
    where consent.consent_status is null
        or consent.consent_status <> 'granted'
        or erased.customer_id is not null
)

select * from final

{% endtest %}
