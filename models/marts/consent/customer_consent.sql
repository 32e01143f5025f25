{#- One row per customer x channel x purpose (channels and purposes from the consent_purposes
    seed), with the status and the event that proves it. Rules, in this order:
    1. erased customer                                  -> denied (erased)
    2. no event                                         -> the seed's status_without_record
       (unknown: e-mail and SMS marketing need an explicit opt-in)
    3. the latest event of any of the customer's records wins; on a tie the less permissive
       wins (opt-out, then double opt-in request, then opt-in / confirmation)
    4. latest is an opt-out or an e-mail platform unsubscribe -> denied
    5. an opt-out of another record of the customer within consent_conflict_window_hours of
       the winning event: the merged records conflict    -> denied (conflict)
    6. latest is a double opt-in request                 -> pending until a confirmation
    7. latest is a grant that has expired by the as-of date -> unknown (expired)
    8. the customer's contact point for the channel (golden e-mail, golden phone) was opted out
       after the grant, by any record or customer, for a purpose whose seed row says
       opt_out_blocks_contact_point                      -> denied (contact_point_opt_out)
    9. otherwise                                         -> granted -#}
{%- set window_hours = c360.marts_var('consent_conflict_window_hours') | int -%}

with

spine as (
    select
        customer_id
        , is_erased
    from {{ ref('int_customer__spine') }}
),

purposes as (
    select
        channel
        , purpose
        , status_without_record
        , opt_out_blocks_contact_point
    from {{ ref('consent_purposes') }}
),

consent_events as (
    select
        event_id
        , event_source
        , source_system
        , source_record_id
        , record_key
        , customer_id
        , channel
        , purpose
        , action
        , event_type
        , occurred_at
        , expires_at
        , email_hash
        , phone_hash
    from {{ ref('int_consent__events') }}
),

golden_contact as (
    select
        customer_id
        , email_hash
        , phone_hash
    from {{ ref('int_customer__golden_record') }}
),

as_of as (
    select as_of_end_at from {{ ref('int_customer__as_of_date') }}
),

-- an erased customer's opt-out still blocks a shared address, but never names its record
events as (
    select
        consent_events.event_id
        , consent_events.event_source
        , consent_events.source_system
        , case when not coalesce(spine.is_erased, false) then consent_events.source_record_id end as source_record_id
        , consent_events.record_key
        , consent_events.customer_id
        , consent_events.channel
        , consent_events.purpose
        , consent_events.action
        , consent_events.event_type
        , consent_events.occurred_at
        , consent_events.expires_at
        , consent_events.email_hash
        , consent_events.phone_hash
    from consent_events
    left join spine
        on consent_events.customer_id = spine.customer_id
),

customer_events as (
    select
        events.*
        , case events.action
            when 'opt_out' then 0
            when 'double_opt_in_request' then 1
            else 2
        end as permissiveness
        , coalesce(events.record_key, events.event_id) as decision_source
    from events
    where events.customer_id is not null
),

ranked as (
    select
        customer_events.*
        , row_number() over (
            partition by customer_events.customer_id, customer_events.channel, customer_events.purpose
            order by customer_events.occurred_at desc, customer_events.permissiveness asc, customer_events.event_id asc
        ) as event_rank
        , count(*)
            over (partition by customer_events.customer_id, customer_events.channel, customer_events.purpose)
            as event_count
    from customer_events
),

latest as (
    select * from ranked
    where event_rank = 1
),

conflicts as (
    select
        latest.customer_id
        , latest.channel
        , latest.purpose
        , ranked.event_id
        , ranked.event_type
        , ranked.source_system
        , ranked.source_record_id
        , ranked.occurred_at
        , row_number() over (
            partition by latest.customer_id, latest.channel, latest.purpose
            order by ranked.occurred_at desc, ranked.event_id asc
        ) as conflict_rank
    from latest
    inner join ranked
        on
            latest.customer_id = ranked.customer_id
            and latest.channel = ranked.channel
            and latest.purpose = ranked.purpose
    where
        latest.action <> 'opt_out'
        and ranked.action = 'opt_out'
        and ranked.decision_source <> latest.decision_source
        and ranked.occurred_at >= {{ dbt.dateadd('hour', -window_hours, 'latest.occurred_at') }}
),

contact_opt_outs as (
    select
        channel
        , purpose
        , case when channel = 'email' then email_hash else phone_hash end as contact_hash
        , event_id
        , event_type
        , source_system
        , source_record_id
        , occurred_at
    from events
    where
        action = 'opt_out'
        and channel in ('email', 'sms', 'phone')
),

blocking_purposes as (
    select
        channel
        , purpose
    from purposes
    where opt_out_blocks_contact_point
),

contact_blocks as (
    select
        latest.customer_id
        , latest.channel
        , latest.purpose
        , contact_opt_outs.event_id
        , contact_opt_outs.event_type
        , contact_opt_outs.source_system
        , contact_opt_outs.source_record_id
        , contact_opt_outs.occurred_at
        , row_number() over (
            partition by latest.customer_id, latest.channel, latest.purpose
            order by contact_opt_outs.occurred_at desc, contact_opt_outs.event_id asc
        ) as block_rank
    from latest
    inner join blocking_purposes
        on
            latest.channel = blocking_purposes.channel
            and latest.purpose = blocking_purposes.purpose
    inner join golden_contact
        on latest.customer_id = golden_contact.customer_id
    inner join contact_opt_outs
        on
            latest.channel = contact_opt_outs.channel
            and latest.purpose = contact_opt_outs.purpose
            and contact_opt_outs.contact_hash = case
                when latest.channel = 'email' then golden_contact.email_hash
                else golden_contact.phone_hash
            end
    where
        latest.action in ('opt_in', 'double_opt_in_confirm')
        and contact_opt_outs.occurred_at >= latest.occurred_at
),

customer_purposes as (
    select
        spine.customer_id
        , spine.is_erased
        , purposes.channel
        , purposes.purpose
        , purposes.status_without_record
    from spine
    cross join purposes
),

decided as (
    select
        customer_purposes.customer_id
        , customer_purposes.channel
        , customer_purposes.purpose
        , case
            when customer_purposes.is_erased then 'erased'
            when latest.event_id is null then 'no_record'
            when latest.action = 'opt_out' then latest.event_type
            when conflicts.event_id is not null then 'conflict'
            when latest.action = 'double_opt_in_request' then 'double_opt_in_pending'
            when latest.expires_at is not null and latest.expires_at <= as_of.as_of_end_at then 'expired'
            when contact_blocks.event_id is not null then 'contact_point_opt_out'
            else latest.action
        end as status_reason
        , customer_purposes.status_without_record
        , latest.event_id as latest_event_id
        , latest.event_type as latest_event_type
        , latest.source_system as latest_source_system
        , latest.source_record_id as latest_source_record_id
        , latest.occurred_at as latest_occurred_at
        , latest.expires_at as latest_expires_at
        , conflicts.event_id as conflict_event_id
        , conflicts.event_type as conflict_event_type
        , conflicts.source_system as conflict_source_system
        , conflicts.source_record_id as conflict_source_record_id
        , conflicts.occurred_at as conflict_occurred_at
        , contact_blocks.event_id as block_event_id
        , contact_blocks.event_type as block_event_type
        , contact_blocks.source_system as block_source_system
        , contact_blocks.source_record_id as block_source_record_id
        , contact_blocks.occurred_at as block_occurred_at
        , coalesce(latest.event_count, 0) as event_count
    from customer_purposes
    cross join as_of
    left join latest
        on
            customer_purposes.customer_id = latest.customer_id
            and customer_purposes.channel = latest.channel
            and customer_purposes.purpose = latest.purpose
    left join conflicts
        on
            customer_purposes.customer_id = conflicts.customer_id
            and customer_purposes.channel = conflicts.channel
            and customer_purposes.purpose = conflicts.purpose
            and conflicts.conflict_rank = 1
    left join contact_blocks
        on
            customer_purposes.customer_id = contact_blocks.customer_id
            and customer_purposes.channel = contact_blocks.channel
            and customer_purposes.purpose = contact_blocks.purpose
            and contact_blocks.block_rank = 1
),

final as (
    select
        customer_id
        , channel
        , purpose
        , case
            when status_reason = 'no_record' then status_without_record
            when status_reason in ('opt_in', 'double_opt_in_confirm') then 'granted'
            when status_reason = 'double_opt_in_pending' then 'pending'
            when status_reason = 'expired' then 'unknown'
            else 'denied'
        end as consent_status
        , status_reason
        , case
            when status_reason = 'expired' then latest_expires_at
            when status_reason = 'conflict' then conflict_occurred_at
            when status_reason = 'contact_point_opt_out' then block_occurred_at
            else latest_occurred_at
        end as effective_since
        , case when status_reason in ('opt_in', 'double_opt_in_confirm') then latest_expires_at end as expires_at
        , case
            when status_reason = 'conflict' then conflict_source_system
            when status_reason = 'contact_point_opt_out' then block_source_system
            when status_reason not in ('erased', 'no_record') then latest_source_system
        end as proof_source_system
        , case
            when status_reason = 'conflict' then conflict_source_record_id
            when status_reason = 'contact_point_opt_out' then block_source_record_id
            when status_reason not in ('erased', 'no_record') then latest_source_record_id
        end as proof_source_record_id
        , case
            when status_reason = 'conflict' then conflict_event_id
            when status_reason = 'contact_point_opt_out' then block_event_id
            when status_reason not in ('erased', 'no_record') then latest_event_id
        end as proof_event_id
        , case
            when status_reason = 'conflict' then conflict_event_type
            when status_reason = 'contact_point_opt_out' then block_event_type
            when status_reason not in ('erased', 'no_record') then latest_event_type
        end as proof_event_type
        , case
            when status_reason = 'conflict' then conflict_occurred_at
            when status_reason = 'contact_point_opt_out' then block_occurred_at
            when status_reason not in ('erased', 'no_record') then latest_occurred_at
        end as proof_occurred_at
        , cast(case when status_reason = 'erased' then 0 else event_count end as {{ dbt.type_bigint() }}) as event_count
    from decided
)

select * from final
