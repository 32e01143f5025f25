{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_pos__transactions') }}
),

final as (
    select
        transaction_id
        , store_id
        , transacted_at
        , transacted_at_raw
        , loyalty_card_no
        , guest_email
        , guest_email_raw
        , guest_phone_e164
        , guest_phone_raw
        , is_anonymous
        , currency
        , amount
        , amount_raw
    from base
    where reject_reason is null
)

select * from final
