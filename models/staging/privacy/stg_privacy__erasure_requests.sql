{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_privacy__erasure_requests') }}
),

final as (
    select
        request_id
        , requested_at
        , requested_at_raw
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , source_system
        , source_record_id
        , status
    from base
    where reject_reason is null
)

select * from final
