{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_loyalty__tiers') }}
),

final as (
    select
        tier_period_id
        , member_id
        , tier
        , valid_from
        , valid_to
        , valid_from_raw
        , valid_to_raw
    from base
    where reject_reason is null
)

select * from final
