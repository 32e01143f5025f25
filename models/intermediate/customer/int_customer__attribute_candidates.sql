{#- Candidate values of each golden-record attribute: one row per customer, attribute and
    identity record that has a value for it, with the facts the survivorship rules score
    (source, record time, completeness, verification). Only sources listed for the attribute in
    the survivorship_source_priority seed are candidates. Erased customers are left out. -#}

with

record_map as (
    select
        record_key
        , source_system
        , record_id
        , customer_id
    from {{ ref('int_customer__record_map') }}
    where not is_erased
),

source_priority as (
    select
        attribute
        , source_system
        , priority
    from {{ ref('survivorship_source_priority') }}
),

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

ecom_accounts as (
    select * from {{ ref('stg_ecom__accounts') }}
),

loyalty_members as (
    select * from {{ ref('stg_loyalty__members') }}
),

support_tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

email_events as (
    select
        subscriber_id
        , email
        , event_type
        , occurred_at
    from {{ ref('stg_email__events') }}
),

email_subscribers as (
    select
        subscriber_id
        , max(email) as email
        , max(occurred_at) as last_event_at
    from email_events
    group by subscriber_id
),

-- deliverability of an address, whatever record it came from
email_status as (
    select
        email
        , max(case when event_type in ('open', 'click') then 1 else 0 end) as is_engaged
        , max(case when event_type = 'bounce' then 1 else 0 end) as is_bounced
        , 0 as is_shop_verified
    from email_events
    where email is not null
    group by email

    union all

    select
        email
        , 0 as is_engaged
        , 0 as is_bounced
        , max(case when is_email_verified then 1 else 0 end) as is_shop_verified
    from ecom_accounts
    where email is not null
    group by email
),

email_verification as (
    select
        email
        , max(is_engaged) = 1 or max(is_shop_verified) = 1 as is_verified
        , max(is_bounced) = 1 as is_bounced
    from email_status
    group by email
),

-- one row per identity record with every attribute it can offer
record_values as (
    select
        'crm' as source_system
        , contact_id as record_id
        , first_name
        , last_name
        , first_name_kana
        , last_name_kana
        , first_name_key
        , last_name_key
        , first_name_kana_key
        , last_name_kana_key
        , email
        , phone_e164
        , country_code
        , postal_code
        , region
        , city
        , address_line
        , birth_date
        , gender
        , coalesce(updated_at, created_at) as record_at
    from crm_contacts

    union all

    select
        'ecom' as source_system
        , account_id as record_id
        , first_name
        , last_name
        , cast(null as {{ dbt.type_string() }}) as first_name_kana
        , cast(null as {{ dbt.type_string() }}) as last_name_kana
        , first_name_key
        , last_name_key
        , cast(null as {{ dbt.type_string() }}) as first_name_kana_key
        , cast(null as {{ dbt.type_string() }}) as last_name_kana_key
        , email
        , phone_e164
        , country_code
        , postal_code
        , region
        , city
        , address_line
        , birth_date
        , cast(null as {{ dbt.type_string() }}) as gender
        , created_at as record_at
    from ecom_accounts

    union all

    select
        'loyalty' as source_system
        , member_id as record_id
        , first_name
        , last_name
        , first_name_kana
        , last_name_kana
        , first_name_key
        , last_name_key
        , first_name_kana_key
        , last_name_kana_key
        , email
        , phone_e164
        , country_code
        , postal_code
        , cast(null as {{ dbt.type_string() }}) as region
        , cast(null as {{ dbt.type_string() }}) as city
        , cast(null as {{ dbt.type_string() }}) as address_line
        , birth_date
        , cast(null as {{ dbt.type_string() }}) as gender
        , enrolled_at as record_at
    from loyalty_members

    union all

    select
        'support' as source_system
        , ticket_id as record_id
        , cast(null as {{ dbt.type_string() }}) as first_name
        , cast(null as {{ dbt.type_string() }}) as last_name
        , cast(null as {{ dbt.type_string() }}) as first_name_kana
        , cast(null as {{ dbt.type_string() }}) as last_name_kana
        , cast(null as {{ dbt.type_string() }}) as first_name_key
        , cast(null as {{ dbt.type_string() }}) as last_name_key
        , cast(null as {{ dbt.type_string() }}) as first_name_kana_key
        , cast(null as {{ dbt.type_string() }}) as last_name_kana_key
        , email
        , phone_e164
        , cast(null as {{ dbt.type_string() }}) as country_code
        , cast(null as {{ dbt.type_string() }}) as postal_code
        , cast(null as {{ dbt.type_string() }}) as region
        , cast(null as {{ dbt.type_string() }}) as city
        , cast(null as {{ dbt.type_string() }}) as address_line
        , cast(null as date) as birth_date
        , cast(null as {{ dbt.type_string() }}) as gender
        , opened_at as record_at
    from support_tickets

    union all

    select
        'pos' as source_system
        , transaction_id as record_id
        , cast(null as {{ dbt.type_string() }}) as first_name
        , cast(null as {{ dbt.type_string() }}) as last_name
        , cast(null as {{ dbt.type_string() }}) as first_name_kana
        , cast(null as {{ dbt.type_string() }}) as last_name_kana
        , cast(null as {{ dbt.type_string() }}) as first_name_key
        , cast(null as {{ dbt.type_string() }}) as last_name_key
        , cast(null as {{ dbt.type_string() }}) as first_name_kana_key
        , cast(null as {{ dbt.type_string() }}) as last_name_kana_key
        , guest_email as email
        , guest_phone_e164 as phone_e164
        , cast(null as {{ dbt.type_string() }}) as country_code
        , cast(null as {{ dbt.type_string() }}) as postal_code
        , cast(null as {{ dbt.type_string() }}) as region
        , cast(null as {{ dbt.type_string() }}) as city
        , cast(null as {{ dbt.type_string() }}) as address_line
        , cast(null as date) as birth_date
        , cast(null as {{ dbt.type_string() }}) as gender
        , transacted_at as record_at
    from pos_transactions
    where loyalty_card_no is null

    union all

    select
        'email' as source_system
        , subscriber_id as record_id
        , cast(null as {{ dbt.type_string() }}) as first_name
        , cast(null as {{ dbt.type_string() }}) as last_name
        , cast(null as {{ dbt.type_string() }}) as first_name_kana
        , cast(null as {{ dbt.type_string() }}) as last_name_kana
        , cast(null as {{ dbt.type_string() }}) as first_name_key
        , cast(null as {{ dbt.type_string() }}) as last_name_key
        , cast(null as {{ dbt.type_string() }}) as first_name_kana_key
        , cast(null as {{ dbt.type_string() }}) as last_name_kana_key
        , email
        , cast(null as {{ dbt.type_string() }}) as phone_e164
        , cast(null as {{ dbt.type_string() }}) as country_code
        , cast(null as {{ dbt.type_string() }}) as postal_code
        , cast(null as {{ dbt.type_string() }}) as region
        , cast(null as {{ dbt.type_string() }}) as city
        , cast(null as {{ dbt.type_string() }}) as address_line
        , cast(null as date) as birth_date
        , cast(null as {{ dbt.type_string() }}) as gender
        , last_event_at as record_at
    from email_subscribers
),

customer_records as (
    select
        record_map.customer_id
        , record_map.record_key
        , record_values.*
        , {{ c360.regex_matches(
            dbt.concat(["coalesce(record_values.first_name, '')", "coalesce(record_values.last_name, '')"]),
            "^[A-Za-z\\x{00C0}-\\x{024F} .'-]+$") }} as is_latin_name
    from record_values
    inner join record_map
        on record_map.source_system = record_values.source_system
        and record_map.record_id = record_values.record_id
),

attribute_values as (
    select
        customer_id, record_key, source_system, record_id, record_at
        , 'name' as attribute
        , {{ dbt.concat(["coalesce(first_name_key, '')", "'|'", "coalesce(last_name_key, '')"]) }} as value_key
        , (case when first_name is not null then 1 else 0 end
            + case when last_name is not null then 1 else 0 end
            + case when first_name_kana is not null then 1 else 0 end
            + case when last_name_kana is not null then 1 else 0 end) / 4.0 as completeness
        , first_name, last_name, first_name_kana, last_name_kana
        , email, phone_e164, country_code, postal_code, region, city, address_line, birth_date, gender
    from customer_records
    where first_name is not null or last_name is not null

    union all

    select
        customer_id, record_key, source_system, record_id, record_at
        , 'name_kana' as attribute
        , {{ dbt.concat(["coalesce(first_name_kana_key, '')", "'|'", "coalesce(last_name_kana_key, '')"]) }} as value_key
        , (case when first_name_kana is not null then 1 else 0 end
            + case when last_name_kana is not null then 1 else 0 end) / 2.0 as completeness
        , first_name, last_name, first_name_kana, last_name_kana
        , email, phone_e164, country_code, postal_code, region, city, address_line, birth_date, gender
    from customer_records
    where first_name_kana is not null or last_name_kana is not null

    union all

    select
        customer_id, record_key, source_system, record_id, record_at
        , 'name_latin' as attribute
        , {{ dbt.concat(["coalesce(first_name_key, '')", "'|'", "coalesce(last_name_key, '')"]) }} as value_key
        , (case when first_name is not null then 1 else 0 end
            + case when last_name is not null then 1 else 0 end) / 2.0 as completeness
        , first_name, last_name, first_name_kana, last_name_kana
        , email, phone_e164, country_code, postal_code, region, city, address_line, birth_date, gender
    from customer_records
    where (first_name is not null or last_name is not null)
        and is_latin_name

    union all

    select
        customer_id, record_key, source_system, record_id, record_at
        , 'email' as attribute
        , email as value_key
        , 1.0 as completeness
        , first_name, last_name, first_name_kana, last_name_kana
        , email, phone_e164, country_code, postal_code, region, city, address_line, birth_date, gender
    from customer_records
    where email is not null

    union all

    select
        customer_id, record_key, source_system, record_id, record_at
        , 'phone' as attribute
        , phone_e164 as value_key
        , 1.0 as completeness
        , first_name, last_name, first_name_kana, last_name_kana
        , email, phone_e164, country_code, postal_code, region, city, address_line, birth_date, gender
    from customer_records
    where phone_e164 is not null

    union all

    select
        customer_id, record_key, source_system, record_id, record_at
        , 'address' as attribute
        , lower({{ dbt.concat([
            "coalesce(country_code, '')", "'|'", "coalesce(postal_code, '')", "'|'",
            "replace(coalesce(address_line, ''), ' ', '')"]) }}) as value_key
        , (case when country_code is not null then 1 else 0 end
            + case when postal_code is not null then 1 else 0 end
            + case when region is not null then 1 else 0 end
            + case when city is not null then 1 else 0 end
            + case when address_line is not null then 1 else 0 end) / 5.0 as completeness
        , first_name, last_name, first_name_kana, last_name_kana
        , email, phone_e164, country_code, postal_code, region, city, address_line, birth_date, gender
    from customer_records
    where postal_code is not null or address_line is not null

    union all

    select
        customer_id, record_key, source_system, record_id, record_at
        , 'birth_date' as attribute
        , cast(birth_date as {{ dbt.type_string() }}) as value_key
        , 1.0 as completeness
        , first_name, last_name, first_name_kana, last_name_kana
        , email, phone_e164, country_code, postal_code, region, city, address_line, birth_date, gender
    from customer_records
    where birth_date is not null

    union all

    select
        customer_id, record_key, source_system, record_id, record_at
        , 'gender' as attribute
        , gender as value_key
        , 1.0 as completeness
        , first_name, last_name, first_name_kana, last_name_kana
        , email, phone_e164, country_code, postal_code, region, city, address_line, birth_date, gender
    from customer_records
    where gender is not null
),

final as (
    select
        attribute_values.customer_id
        , attribute_values.attribute
        , attribute_values.record_key
        , attribute_values.source_system
        , attribute_values.record_id
        , attribute_values.value_key
        , attribute_values.record_at
        , source_priority.priority as source_priority
        , cast(attribute_values.completeness as {{ dbt.type_numeric() }}) as completeness
        , case when attribute_values.attribute = 'email' then coalesce(email_verification.is_verified, false) else false end as is_verified
        , case when attribute_values.attribute = 'email' then coalesce(email_verification.is_bounced, false) else false end as is_bounced
        , case when attribute_values.attribute in ('name', 'name_kana', 'name_latin') then attribute_values.first_name end as first_name
        , case when attribute_values.attribute in ('name', 'name_kana', 'name_latin') then attribute_values.last_name end as last_name
        , case when attribute_values.attribute in ('name', 'name_kana') then attribute_values.first_name_kana end as first_name_kana
        , case when attribute_values.attribute in ('name', 'name_kana') then attribute_values.last_name_kana end as last_name_kana
        , case when attribute_values.attribute = 'email' then attribute_values.email end as email
        , case when attribute_values.attribute = 'phone' then attribute_values.phone_e164 end as phone_e164
        , case when attribute_values.attribute = 'address' then attribute_values.country_code end as country_code
        , case when attribute_values.attribute = 'address' then attribute_values.postal_code end as postal_code
        , case when attribute_values.attribute = 'address' then attribute_values.region end as region
        , case when attribute_values.attribute = 'address' then attribute_values.city end as city
        , case when attribute_values.attribute = 'address' then attribute_values.address_line end as address_line
        , case when attribute_values.attribute = 'birth_date' then attribute_values.birth_date end as birth_date
        , case when attribute_values.attribute = 'gender' then attribute_values.gender end as gender
    from attribute_values
    inner join source_priority
        on attribute_values.attribute = source_priority.attribute
        and attribute_values.source_system = source_priority.source_system
    left join email_verification
        on attribute_values.attribute = 'email'
        and attribute_values.email = email_verification.email
)

select * from final
