{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_support__tickets') }}
),

final as (
    select
        ticket_id
        , account_id
        , contact_name
        , full_name_key
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , status
        , channel
        , subject
        , opened_at
        , opened_at_raw
        , closed_at
    from base
    where reject_reason is null
)

select * from final
