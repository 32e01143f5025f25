{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_loyalty__members') }}
),

final as (
    select
        member_id
        , card_no
        , first_name
        , last_name
        , first_name_kana
        , last_name_kana
        , first_name_key
        , last_name_key
        , first_name_kana_key
        , last_name_kana_key
        , full_name_key
        , birth_date
        , birth_date_raw
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , postal_code
        , postal_code_raw
        , country_code
        , enrolled_at
    from base
    where reject_reason is null
)

select * from final
