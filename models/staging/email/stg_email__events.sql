{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_email__events') }}
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
    from base
    where reject_reason is null
)

select * from final
