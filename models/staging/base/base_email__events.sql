-- depends_on: {{ ref('junk_values') }}
with

source as (
    select * from {{ source('email', 'events') }}
),

cleaned as (
    select
        {{ c360.clean_text('event_id') }} as event_id
        , {{ c360.clean_text('campaign_id') }} as campaign_id
        , {{ c360.clean_text('subscriber_id') }} as subscriber_id
        , {{ c360.clean_text('email') }} as email_raw
        , lower({{ c360.clean_text('event_type') }}) as event_type
        , {{ c360.clean_text('occurred_at') }} as occurred_at_raw
    from source
),

prepared as (
    select
        cleaned.*
        , {{ c360.email_mailbox(c360.null_if_junk('email_raw', 'email')) }} as email_mailbox
    from cleaned
),

typed as (
    select
        prepared.*
        , {{ c360.canonical_email_from_mailbox('email_mailbox') }} as email
        , {{ c360.parse_timestamp('occurred_at_raw') }} as occurred_at
        , {{ c360.version_rank('event_id', 'occurred_at_raw', 'prepared') }} as version_rank
    from prepared
),

final as (
    select
        event_id
        , campaign_id
        , subscriber_id
        , email
        , email_raw
        , event_type
        , occurred_at
        , occurred_at_raw
        , case
            when event_id is null then 'missing_record_id'
            when version_rank > 1 then 'duplicate_record_id'
            when event_type is null or event_type not in ('send', 'open', 'click', 'bounce', 'unsubscribe')
                then 'invalid_event_type'
            when occurred_at is null then 'unparseable_timestamp'
            when subscriber_id is null and email is null then 'no_usable_identifier'
        end as reject_reason
    from typed
)

select * from final
