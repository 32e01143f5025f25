{#- One timeline across every source: one row per interaction of a customer that is not erased
    (purchases and returns, support tickets opened and closed, e-mail events, web sessions,
    loyalty points and tier changes, consent decisions, and the creation of each profile record).
    Web events are rolled up to sessions. -#}

with

record_map as (
    select
        record_key
        , customer_id
    from {{ ref('int_customer__record_map') }}
    where not is_erased
),

orders as (
    select * from {{ ref('int_customer__orders') }}
    where buyer_type = 'identified'
),

tickets as (
    select
        ticket_id
        , status
        , channel
        , opened_at
        , closed_at
    from {{ ref('stg_support__tickets') }}
),

email_events as (
    select
        event_id
        , subscriber_id
        , campaign_id
        , event_type
        , occurred_at
    from {{ ref('stg_email__events') }}
),

web_events as (
    select
        anonymous_id
        , session_id
        , event_type
        , occurred_at
    from {{ ref('stg_web__events') }}
),

points as (
    select
        ledger_id
        , card_no
        , posted_at
        , points
        , reason
    from {{ ref('stg_loyalty__points') }}
),

members as (
    select
        member_id
        , card_no
        , enrolled_at
    from {{ ref('stg_loyalty__members') }}
),

tiers as (
    select
        tier_period_id
        , member_id
        , tier
        , valid_from
    from {{ ref('stg_loyalty__tiers') }}
),

consent_events as (
    select
        event_id
        , source_system
        , record_key
        , customer_id
        , channel
        , purpose
        , action
        , occurred_at
    from {{ ref('int_consent__events') }}
    where event_source = 'consent_events'
),

crm_contacts as (
    select
        contact_id
        , created_at
    from {{ ref('stg_crm__contacts') }}
),

ecom_accounts as (
    select
        account_id
        , created_at
    from {{ ref('stg_ecom__accounts') }}
),

web_sessions as (
    select
        anonymous_id
        , session_id
        , min(occurred_at) as started_at
        , max(case when event_type = 'checkout' then 1 else 0 end) as has_checkout
        , max(case when event_type = 'add_to_cart' then 1 else 0 end) as has_add_to_cart
    from web_events
    where session_id is not null
    group by anonymous_id, session_id
),

-- a card's points belong to the card seen at the till, else to the member holding the card
member_cards as (
    select
        card_no
        , {{ dbt.concat(["'loyalty:'", 'min(member_id)']) }} as record_key
    from members
    where card_no is not null
    group by card_no
),

interactions as (
    select
        {{ dbt.concat(["'order:'", 'order_id']) }} as interaction_id
        , record_key
        , 'purchase' as interaction_type
        , case
            when is_return then 'return'
            when source_system = 'pos' then 'store_purchase'
            else 'online_order'
        end as interaction_subtype
        , ordered_at as occurred_at
        , source_system
        , order_id as source_event_id
        , case when source_system = 'pos' then 'store' else 'online' end as channel
        , coalesce(top_category, store_id) as detail
        , revenue_jpy as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from orders

    union all

    select
        {{ dbt.concat(["'ticket_opened:'", 'ticket_id']) }} as interaction_id
        , {{ dbt.concat(["'support:'", 'ticket_id']) }} as record_key
        , 'ticket' as interaction_type
        , 'ticket_opened' as interaction_subtype
        , opened_at as occurred_at
        , 'support' as source_system
        , ticket_id as source_event_id
        , channel
        , status as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from tickets

    union all

    select
        {{ dbt.concat(["'ticket_closed:'", 'ticket_id']) }} as interaction_id
        , {{ dbt.concat(["'support:'", 'ticket_id']) }} as record_key
        , 'ticket' as interaction_type
        , 'ticket_closed' as interaction_subtype
        , closed_at as occurred_at
        , 'support' as source_system
        , ticket_id as source_event_id
        , channel
        , status as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from tickets
    where closed_at is not null

    union all

    select
        {{ dbt.concat(["'email:'", 'event_id']) }} as interaction_id
        , {{ dbt.concat(["'email:'", 'subscriber_id']) }} as record_key
        , 'email' as interaction_type
        , {{ dbt.concat(["'email_'", 'event_type']) }} as interaction_subtype
        , occurred_at
        , 'email' as source_system
        , event_id as source_event_id
        , 'email' as channel
        , campaign_id as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from email_events

    union all

    select
        {{ dbt.concat(["'web_session:'", 'anonymous_id', "':'", 'session_id']) }} as interaction_id
        , {{ dbt.concat(["'web:'", 'anonymous_id']) }} as record_key
        , 'web' as interaction_type
        , 'web_session' as interaction_subtype
        , started_at as occurred_at
        , 'web' as source_system
        , session_id as source_event_id
        , 'web' as channel
        , case
            when has_checkout = 1 then 'checkout'
            when has_add_to_cart = 1 then 'add_to_cart'
            else 'browse'
        end as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from web_sessions

    union all

    select
        {{ dbt.concat(["'points:'", 'points.ledger_id']) }} as interaction_id
        , coalesce(card_records.record_key, member_cards.record_key) as record_key
        , 'loyalty' as interaction_type
        , case when points.points < 0 then 'points_redeemed' else 'points_earned' end as interaction_subtype
        , points.posted_at as occurred_at
        , 'loyalty' as source_system
        , points.ledger_id as source_event_id
        , cast(null as {{ dbt.type_string() }}) as channel
        , points.reason as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(points.points as {{ dbt.type_bigint() }}) as points
    from points
    left join record_map as card_records
        on card_records.record_key = {{ dbt.concat(["'pos_card:'", 'points.card_no']) }}
    left join member_cards
        on points.card_no = member_cards.card_no

    union all

    select
        {{ dbt.concat(["'tier:'", 'tier_period_id']) }} as interaction_id
        , {{ dbt.concat(["'loyalty:'", 'member_id']) }} as record_key
        , 'loyalty' as interaction_type
        , 'tier_started' as interaction_subtype
        , cast(valid_from as timestamp) as occurred_at
        , 'loyalty' as source_system
        , tier_period_id as source_event_id
        , cast(null as {{ dbt.type_string() }}) as channel
        , tier as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from tiers

    union all

    select
        {{ dbt.concat(["'record:crm:'", 'contact_id']) }} as interaction_id
        , {{ dbt.concat(["'crm:'", 'contact_id']) }} as record_key
        , 'profile' as interaction_type
        , 'crm_contact_created' as interaction_subtype
        , created_at as occurred_at
        , 'crm' as source_system
        , contact_id as source_event_id
        , cast(null as {{ dbt.type_string() }}) as channel
        , cast(null as {{ dbt.type_string() }}) as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from crm_contacts
    where created_at is not null

    union all

    select
        {{ dbt.concat(["'record:ecom:'", 'account_id']) }} as interaction_id
        , {{ dbt.concat(["'ecom:'", 'account_id']) }} as record_key
        , 'profile' as interaction_type
        , 'ecom_account_created' as interaction_subtype
        , created_at as occurred_at
        , 'ecom' as source_system
        , account_id as source_event_id
        , cast(null as {{ dbt.type_string() }}) as channel
        , cast(null as {{ dbt.type_string() }}) as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from ecom_accounts
    where created_at is not null

    union all

    select
        {{ dbt.concat(["'record:loyalty:'", 'member_id']) }} as interaction_id
        , {{ dbt.concat(["'loyalty:'", 'member_id']) }} as record_key
        , 'profile' as interaction_type
        , 'loyalty_enrolled' as interaction_subtype
        , enrolled_at as occurred_at
        , 'loyalty' as source_system
        , member_id as source_event_id
        , cast(null as {{ dbt.type_string() }}) as channel
        , cast(null as {{ dbt.type_string() }}) as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from members
    where enrolled_at is not null
),

attributed as (
    select
        record_map.customer_id
        , interactions.*
    from interactions
    inner join record_map
        on interactions.record_key = record_map.record_key
),

kept_customers as (
    select distinct customer_id from record_map
),

consent_interactions as (
    select
        consent_events.customer_id
        , {{ dbt.concat(["'consent:'", 'consent_events.event_id']) }} as interaction_id
        , consent_events.record_key
        , 'consent' as interaction_type
        , consent_events.action as interaction_subtype
        , consent_events.occurred_at
        , consent_events.source_system
        , consent_events.event_id as source_event_id
        , consent_events.channel
        , consent_events.purpose as detail
        , cast(null as decimal(18, 2)) as amount_jpy
        , cast(null as {{ dbt.type_bigint() }}) as points
    from consent_events
    inner join kept_customers
        on consent_events.customer_id = kept_customers.customer_id
),

final as (
    select
        customer_id
        , interaction_id
        , interaction_type
        , interaction_subtype
        , occurred_at
        , source_system
        , source_event_id
        , record_key
        , channel
        , detail
        , amount_jpy
        , points
    from attributed
    where occurred_at is not null

    union all

    select
        customer_id
        , interaction_id
        , interaction_type
        , interaction_subtype
        , occurred_at
        , source_system
        , source_event_id
        , record_key
        , channel
        , detail
        , amount_jpy
        , points
    from consent_interactions
)

select * from final
