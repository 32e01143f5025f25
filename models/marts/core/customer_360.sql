{#- One row per customer_id: the golden record with its lineage, and activity summaries.
    Erased customers keep a tombstone row (is_erased, no personal data, no activity); their
    sales stay only in the non-personal sales_monthly. -#}
{%- set lineage_attributes = ['name', 'name_kana', 'name_latin', 'email', 'phone', 'address', 'birth_date', 'gender'] -%}
{%- set identifier_types = c360.marts_var('erasure_identifier_types') -%}

with

spine as (
    select * from {{ ref('int_customer__spine') }}
),

golden_record as (
    select * from {{ ref('int_customer__golden_record') }}
),

as_of as (
    select
        as_of_date
        , recent_window_start_date
    from {{ ref('int_customer__as_of_date') }}
),

orders as (
    select
        customer_id
        , order_id
        , source_system
        , ordered_at
        , revenue_jpy
        , is_return
    from {{ ref('customer_orders') }}
),

interaction_rows as (
    select
        customer_id
        , interaction_type
        , interaction_subtype
        , occurred_at
        , detail
        , points
    from {{ ref('customer_interactions') }}
),

order_lines as (
    select
        order_id
        , category
        , quantity
    from {{ ref('stg_ecom__order_lines') }}
    where category is not null
),

record_map as (
    select
        record_key
        , customer_id
    from {{ ref('int_customer__record_map') }}
    where not is_erased
),

tiers as (
    select
        member_id
        , tier
        , valid_from
        , valid_to
    from {{ ref('stg_loyalty__tiers') }}
),

tier_ranks as (
    select
        tier
        , tier_rank
    from {{ ref('loyalty_tier_ranks') }}
),

identifiers as (
    select
        record_key
        , identifier_type
        , identifier_value
    from {{ ref('int_identifiers') }}
    where identifier_type in ({{ c360.sql_string_list(identifier_types) }})
),

-- the flags each summary counts; e-mail sends and bounces are not the customer's doing
interactions as (
    select
        interaction_rows.*
        , interaction_rows.interaction_subtype not in ('email_send', 'email_bounce') as is_customer_action
        , interaction_rows.interaction_subtype = 'ticket_opened'
        and interaction_rows.detail in ('open', 'pending') as is_open_ticket
        , interaction_rows.interaction_subtype = 'ticket_opened'
        and interaction_rows.detail in ('solved', 'closed') as is_closed_ticket
        , interaction_rows.interaction_subtype = 'ticket_opened'
        and cast(interaction_rows.occurred_at as date) between as_of.recent_window_start_date and as_of.as_of_date
            as is_recent_ticket
        , interaction_rows.interaction_subtype in ('email_open', 'email_click') as is_email_engagement
    from interaction_rows
    cross join as_of
),

order_summary as (
    select
        customer_id
        , sum(case when not is_return then 1 else 0 end) as order_count
        , sum(case when is_return then 1 else 0 end) as return_count
        , sum(case when not is_return then revenue_jpy else 0 end) as revenue_jpy
        , min(case when not is_return then ordered_at end) as first_order_at
        , max(case when not is_return then ordered_at end) as last_order_at
        , sum(case when not is_return and source_system = 'ecom' then 1 else 0 end) as online_order_count
        , sum(case when not is_return and source_system = 'pos' then 1 else 0 end) as store_order_count
        , sum(case when not is_return and source_system = 'ecom' then revenue_jpy else 0 end) as online_revenue_jpy
    from orders
    group by customer_id
),

category_orders as (
    select
        orders.customer_id
        , order_lines.category
        , count(distinct orders.order_id) as order_count
        , sum(order_lines.quantity) as quantity
    from orders
    inner join order_lines
        on orders.order_id = order_lines.order_id
    where not orders.is_return
    group by orders.customer_id, order_lines.category
),

favourite_categories as (
    select
        customer_id
        , category
        , row_number() over (
            partition by customer_id
            order by order_count desc, quantity desc, category asc
        ) as category_rank
    from category_orders
),

interaction_summary as (
    select
        interactions.customer_id
        , min(case when interactions.is_customer_action then interactions.occurred_at end) as first_seen_at
        , max(case when interactions.is_customer_action then interactions.occurred_at end) as last_seen_at
        , sum(case when interactions.interaction_subtype = 'ticket_opened' then 1 else 0 end) as ticket_count
        , sum(case when interactions.is_open_ticket then 1 else 0 end) as open_ticket_count
        , sum(case when interactions.is_closed_ticket then 1 else 0 end) as closed_ticket_count
        , sum(case when interactions.is_recent_ticket then 1 else 0 end) as tickets_last_90_days
        , sum(case when interactions.interaction_subtype = 'email_send' then 1 else 0 end) as emails_sent
        , sum(case when interactions.interaction_subtype = 'email_open' then 1 else 0 end) as emails_opened
        , sum(case when interactions.interaction_subtype = 'email_click' then 1 else 0 end) as emails_clicked
        , max(case when interactions.is_email_engagement then interactions.occurred_at end) as email_last_engaged_at
        , sum(case when interactions.interaction_subtype = 'web_session' then 1 else 0 end) as web_session_count
        , max(case when interactions.interaction_subtype = 'web_session' then interactions.occurred_at end)
            as last_web_session_at
        , sum(case when interactions.interaction_type = 'loyalty' then interactions.points end)
            as loyalty_points_balance
    from interactions
    group by interactions.customer_id
),

current_tiers as (
    select
        record_map.customer_id
        , tiers.tier
        , row_number() over (
            partition by record_map.customer_id
            order by tier_ranks.tier_rank desc, tiers.valid_from desc
        ) as tier_rank
    from tiers
    cross join as_of
    inner join record_map
        on record_map.record_key = {{ dbt.concat(["'loyalty:'", 'tiers.member_id']) }}
    left join tier_ranks
        on tiers.tier = tier_ranks.tier
    where
        tiers.valid_from <= as_of.as_of_date
        and (tiers.valid_to is null or tiers.valid_to >= as_of.as_of_date)
),

customer_identifiers as (
    select distinct
        record_map.customer_id
        , identifiers.identifier_type
        , identifiers.identifier_value
    from identifiers
    inner join record_map
        on identifiers.record_key = record_map.record_key
),

identifier_summary as (
    select
        customer_id
        , count(*) as identifier_count
        , sum(case when identifier_type = 'email' then 1 else 0 end) as email_count
        , sum(case when identifier_type = 'phone' then 1 else 0 end) as phone_count
    from customer_identifiers
    group by customer_id
),

customers as (
    select
        spine.*
        , as_of.as_of_date
        -- activity counts are 0 without activity, NULL on an erased customer's tombstone
        , case when not spine.is_erased then 0 end as zero_unless_erased
    from spine
    cross join as_of
),

final as (
    select
        customers.customer_id
        , customers.is_erased
        , customers.erasure_requested_at
        -- golden record
        , golden_record.first_name
        , golden_record.last_name
        , golden_record.first_name_kana
        , golden_record.last_name_kana
        , golden_record.first_name_latin
        , golden_record.last_name_latin
        , golden_record.email
        , golden_record.is_email_verified
        , golden_record.phone_e164
        , golden_record.country_code
        , golden_record.postal_code
        , golden_record.region
        , golden_record.city
        , golden_record.address_line
        , golden_record.birth_date
        , golden_record.gender
        -- lineage of each attribute
        {%- for attribute in lineage_attributes %}
            , golden_record.{{ attribute }}_source_system
            , golden_record.{{ attribute }}_source_record_id
            , golden_record.{{ attribute }}_rule
        {%- endfor %}
        -- activity
        , interaction_summary.first_seen_at
        , interaction_summary.last_seen_at
        , cast(coalesce(order_summary.order_count, customers.zero_unless_erased) as {{ dbt.type_bigint() }})
            as order_count
        , cast(coalesce(order_summary.return_count, customers.zero_unless_erased) as {{ dbt.type_bigint() }})
            as return_count
        , cast(coalesce(order_summary.revenue_jpy, customers.zero_unless_erased) as decimal(18, 2)) as revenue_jpy
        , cast(order_summary.revenue_jpy / nullif(order_summary.order_count, 0) as decimal(18, 2))
            as average_order_value_jpy
        , order_summary.first_order_at
        , order_summary.last_order_at
        , favourite_categories.category as favourite_category
        , cast(coalesce(order_summary.online_order_count, customers.zero_unless_erased) as {{ dbt.type_bigint() }})
            as online_order_count
        , cast(coalesce(order_summary.store_order_count, customers.zero_unless_erased) as {{ dbt.type_bigint() }})
            as store_order_count
        , cast(order_summary.online_revenue_jpy / nullif(order_summary.revenue_jpy, 0) as decimal(9, 4))
            as online_revenue_share
        , current_tiers.tier as loyalty_tier
        , cast(interaction_summary.loyalty_points_balance as {{ dbt.type_bigint() }}) as loyalty_points_balance
        {%- for column in ['ticket_count', 'open_ticket_count', 'closed_ticket_count', 'tickets_last_90_days',
                           'emails_sent', 'emails_opened', 'emails_clicked'] %}
            , cast(coalesce(interaction_summary.{{ column }}, customers.zero_unless_erased) as {{ dbt.type_bigint() }})
                as {{ column }}
        {%- endfor %}
        , interaction_summary.email_last_engaged_at
        , cast(
            coalesce(interaction_summary.web_session_count, customers.zero_unless_erased) as {{ dbt.type_bigint() }}
        ) as web_session_count
        , interaction_summary.last_web_session_at
        -- sources and identifiers
        , case when not customers.is_erased then customers.source_systems end as source_systems
        , cast(case when not customers.is_erased then customers.source_system_count end as {{ dbt.type_bigint() }})
            as source_system_count
        , cast(case when not customers.is_erased then customers.record_count end as {{ dbt.type_bigint() }})
            as record_count
        {%- for column in ['identifier_count', 'email_count', 'phone_count'] %}
            , cast(coalesce(identifier_summary.{{ column }}, customers.zero_unless_erased) as {{ dbt.type_bigint() }})
                as {{ column }}
        {%- endfor %}
        , cast(case when not customers.is_erased then customers.min_match_confidence end as decimal(5, 4))
            as min_match_confidence
        , customers.as_of_date
    from customers
    left join golden_record
        on customers.customer_id = golden_record.customer_id
    left join order_summary
        on customers.customer_id = order_summary.customer_id
    left join favourite_categories
        on
            customers.customer_id = favourite_categories.customer_id
            and favourite_categories.category_rank = 1
    left join interaction_summary
        on customers.customer_id = interaction_summary.customer_id
    left join current_tiers
        on
            customers.customer_id = current_tiers.customer_id
            and current_tiers.tier_rank = 1
    left join identifier_summary
        on customers.customer_id = identifier_summary.customer_id
)

select * from final
