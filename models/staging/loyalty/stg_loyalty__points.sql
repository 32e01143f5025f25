{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_loyalty__points') }}
),

final as (
    select
        ledger_id
        , card_no
        , posted_at
        , posted_at_raw
        , points
        , points_raw
        , reason
    from base
    where reject_reason is null
)

select * from final
