{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_consent__events') }}
),

final as (
    select
        consent_event_id
        , source_system
        , source_record_id
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , channel
        , purpose
        , action
        , occurred_at
        , occurred_at_raw
        , expires_at
    from base
    where reject_reason is null
)

select * from final
