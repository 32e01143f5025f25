{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_web__events') }}
),

final as (
    select
        event_id
        , anonymous_id
        , user_id
        , session_id
        , event_type
        , page_path
        , occurred_at
        , occurred_at_raw
    from base
    where reject_reason is null
)

select * from final
