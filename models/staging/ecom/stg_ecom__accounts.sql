{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_ecom__accounts') }}
),

final as (
    select
        account_id
        , login_id
        , first_name
        , last_name
        , first_name_key
        , last_name_key
        , full_name_key
        , birth_date
        , birth_date_raw
        , email
        , email_raw
        , is_email_verified
        , phone_e164
        , phone_raw
        , postal_code
        , postal_code_raw
        , country_code
        , region
        , city
        , address_line
        , created_at
    from base
    where reject_reason is null
)

select * from final
