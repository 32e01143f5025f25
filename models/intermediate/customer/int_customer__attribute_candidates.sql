{#- Candidate values of each golden-record attribute: one row per customer, attribute and
    identity record that has a value for it, with the facts the survivorship rules score
    (source, record time, completeness, verification). Only sources listed for the attribute in
    the survivorship_source_priority seed are candidates. Erased customers are left out.
    `display_score` counts the attribute's text fields that are not written all in upper or all
    in lower case: among the records carrying the same value, the best-written one is shown. -#}

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
        on
            record_values.source_system = record_map.source_system
            and record_values.record_id = record_map.record_id
),

-- comparison keys: spellings of one value meet
record_keys as (
    select
        customer_records.*
        , {{ dbt.concat([
            "coalesce(customer_records.first_name_key, '')", "'|'",
            "coalesce(customer_records.last_name_key, '')"]) }} as name_value_key
        , {{ dbt.concat([
            "coalesce(customer_records.first_name_kana_key, '')", "'|'",
            "coalesce(customer_records.last_name_kana_key, '')"]) }} as kana_value_key
        , lower({{ dbt.concat([
            "coalesce(customer_records.country_code, '')", "'|'",
            "coalesce(customer_records.postal_code, '')", "'|'",
            "replace(coalesce(customer_records.address_line, ''), ' ', '')"]) }}) as address_value_key
        , case when customer_records.first_name is not null then 1 else 0 end as has_first_name
        , case when customer_records.last_name is not null then 1 else 0 end as has_last_name
        , case when customer_records.first_name_kana is not null then 1 else 0 end as has_first_name_kana
        , case when customer_records.last_name_kana is not null then 1 else 0 end as has_last_name_kana
        , (
            case when customer_records.country_code is not null then 1 else 0 end
            + case when customer_records.postal_code is not null then 1 else 0 end
            + case when customer_records.region is not null then 1 else 0 end
            + case when customer_records.city is not null then 1 else 0 end
            + case when customer_records.address_line is not null then 1 else 0 end
        ) as address_field_count
    from customer_records
),

attributes as (
    select 'name' as attribute
    union all
    select 'name_kana' as attribute
    union all
    select 'name_latin' as attribute
    union all
    select 'email' as attribute
    union all
    select 'phone' as attribute
    union all
    select 'address' as attribute
    union all
    select 'birth_date' as attribute
    union all
    select 'gender' as attribute
),

-- one row per record and attribute it has a value for, with the value's comparison key and
-- the share of the attribute's fields the record fills
attribute_values as (
    select
        record_keys.*
        , attributes.attribute
        , case attributes.attribute
            when 'name' then record_keys.name_value_key
            when 'name_kana' then record_keys.kana_value_key
            when 'name_latin' then record_keys.name_value_key
            when 'email' then record_keys.email
            when 'phone' then record_keys.phone_e164
            when 'address' then record_keys.address_value_key
            when 'birth_date' then cast(record_keys.birth_date as {{ dbt.type_string() }})
            when 'gender' then record_keys.gender
        end as value_key
        , case attributes.attribute
            when 'name'
                then (
                    record_keys.has_first_name + record_keys.has_last_name
                    + record_keys.has_first_name_kana + record_keys.has_last_name_kana
                ) / 4.0
            when 'name_kana' then (record_keys.has_first_name_kana + record_keys.has_last_name_kana) / 2.0
            when 'name_latin' then (record_keys.has_first_name + record_keys.has_last_name) / 2.0
            when 'address' then record_keys.address_field_count / 5.0
            else 1.0
        end as completeness
        , case attributes.attribute
            when 'name' then record_keys.has_first_name + record_keys.has_last_name > 0
            when 'name_kana' then record_keys.has_first_name_kana + record_keys.has_last_name_kana > 0
            when 'name_latin'
                then record_keys.has_first_name + record_keys.has_last_name > 0 and record_keys.is_latin_name
            when 'email' then record_keys.email is not null
            when 'phone' then record_keys.phone_e164 is not null
            when 'address' then record_keys.postal_code is not null or record_keys.address_line is not null
            when 'birth_date' then record_keys.birth_date is not null
            when 'gender' then record_keys.gender is not null
        end as has_value
    from record_keys
    cross join attributes
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
        , coalesce(attribute_values.attribute = 'email' and email_verification.is_verified, false) as is_verified
        , coalesce(attribute_values.attribute = 'email' and email_verification.is_bounced, false) as is_bounced
        , case
            when attribute_values.attribute in ('name', 'name_kana', 'name_latin') then attribute_values.first_name
        end as first_name
        , case
            when attribute_values.attribute in ('name', 'name_kana', 'name_latin') then attribute_values.last_name
        end as last_name
        , case
            when attribute_values.attribute in ('name', 'name_kana') then attribute_values.first_name_kana
        end as first_name_kana
        , case
            when attribute_values.attribute in ('name', 'name_kana') then attribute_values.last_name_kana
        end as last_name_kana
        , case when attribute_values.attribute = 'email' then attribute_values.email end as email
        , case when attribute_values.attribute = 'phone' then attribute_values.phone_e164 end as phone_e164
        , case when attribute_values.attribute = 'address' then attribute_values.country_code end as country_code
        , case when attribute_values.attribute = 'address' then attribute_values.postal_code end as postal_code
        , case when attribute_values.attribute = 'address' then attribute_values.region end as region
        , case when attribute_values.attribute = 'address' then attribute_values.city end as city
        , case when attribute_values.attribute = 'address' then attribute_values.address_line end as address_line
        , case when attribute_values.attribute = 'birth_date' then attribute_values.birth_date end as birth_date
        , case when attribute_values.attribute = 'gender' then attribute_values.gender end as gender
        , case
            when attribute_values.attribute in ('name', 'name_latin')
                then
                    {{ c360.well_cased('attribute_values.first_name') }}
                    + {{ c360.well_cased('attribute_values.last_name') }}
            when attribute_values.attribute = 'address'
                then
                    {{ c360.well_cased('attribute_values.city') }}
                    + {{ c360.well_cased('attribute_values.address_line') }}
            else 0
        end as display_score
    from attribute_values
    inner join source_priority
        on
            attribute_values.attribute = source_priority.attribute
            and attribute_values.source_system = source_priority.source_system
    left join email_verification
        on
            attribute_values.attribute = 'email'
            and attribute_values.email = email_verification.email
    where attribute_values.has_value
)

select * from final
