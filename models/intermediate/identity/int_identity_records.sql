{#
    One row per identity record (docs/identity.md): every staged row that describes a person,
    in one wide shape with the attributes matching compares. Identifier values shared by more
    records of one source than var('identifier_max_records_per_source') allows are blanked in
    the *_match columns: a call-centre number or a shop's own address is no evidence.
#}
with

crm as (
    select * from {{ ref('stg_crm__contacts') }}
),

ecom as (
    select * from {{ ref('stg_ecom__accounts') }}
),

loyalty as (
    select * from {{ ref('stg_loyalty__members') }}
),

support as (
    select * from {{ ref('stg_support__tickets') }}
),

pos as (
    select * from {{ ref('stg_pos__transactions') }}
),

email_events as (
    select * from {{ ref('stg_email__events') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

nicknames as (
    select * from {{ ref('nicknames') }}
),

{%- set no_name = "cast(null as " ~ dbt.type_string() ~ ")" %}
{%- set no_date = "cast(null as date)" %}

person_rows as (
    select
        'crm' as source_system, contact_id as record_id, coalesce(updated_at, created_at) as record_at
        , first_name_key, last_name_key, first_name_kana_key, last_name_kana_key, full_name_key
        , birth_date, email, phone_e164, postal_code, country_code
        , {{ no_name }} as loyalty_card_no, {{ no_name }} as login_id, {{ no_name }} as ecom_account_id
    from crm
    union all
    select
        'ecom', account_id, created_at
        , first_name_key, last_name_key, {{ no_name }}, {{ no_name }}, full_name_key
        , birth_date, email, phone_e164, postal_code, country_code
        , {{ no_name }}, login_id, account_id
    from ecom
    union all
    select
        'loyalty', member_id, enrolled_at
        , first_name_key, last_name_key, first_name_kana_key, last_name_kana_key, full_name_key
        , birth_date, email, phone_e164, postal_code, country_code
        , card_no, {{ no_name }}, {{ no_name }}
    from loyalty
    union all
    select
        'support', ticket_id, opened_at
        , {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}, full_name_key
        , {{ no_date }}, email, phone_e164, {{ no_name }}, {{ no_name }}
        , {{ no_name }}, {{ no_name }}, account_id
    from support
    union all
    select
        'pos', transaction_id, transacted_at
        , {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}
        , {{ no_date }}, guest_email, guest_phone_e164, {{ no_name }}, {{ no_name }}
        , {{ no_name }}, {{ no_name }}, {{ no_name }}
    from pos
    where loyalty_card_no is null and (guest_email is not null or guest_phone_e164 is not null)
),

pos_cards as (
    select
        'pos_card' as source_system, loyalty_card_no as record_id, max(transacted_at) as record_at
        , loyalty_card_no
    from pos
    where loyalty_card_no is not null
    group by loyalty_card_no
),

subscribers as (
    select
        subscriber_id
        , email
        , occurred_at
        , row_number() over (partition by subscriber_id order by occurred_at desc) as recency_rank
    from email_events
    where subscriber_id is not null and email is not null
),

web_devices as (
    select
        anonymous_id
        , max(occurred_at) as record_at
        , count(distinct user_id) as login_count
        , min(user_id) as login_id
    from web_events
    group by anonymous_id
),

all_records as (
    select * from person_rows
    union all
    select
        source_system, record_id, record_at
        , {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}
        , {{ no_date }}, {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}
        , loyalty_card_no, {{ no_name }}, {{ no_name }}
    from pos_cards
    union all
    select
        'email', subscriber_id, occurred_at
        , {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}
        , {{ no_date }}, email, {{ no_name }}, {{ no_name }}, {{ no_name }}
        , {{ no_name }}, {{ no_name }}, {{ no_name }}
    from subscribers
    where recency_rank = 1
    union all
    -- devices that never logged in describe nobody we can resolve (anonymous visitors, like
    -- anonymous till receipts); a device used by several logins (a shared family computer)
    -- stays a record but links to none of them
    select
        'web', anonymous_id, record_at
        , {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}
        , {{ no_date }}, {{ no_name }}, {{ no_name }}, {{ no_name }}, {{ no_name }}
        , {{ no_name }}, case when login_count = 1 then login_id end, {{ no_name }}
    from web_devices
    where login_count >= 1
),

latin_keys as (
    select
        all_records.*
        , coalesce({{ c360.romaji_key('first_name_key') }}, {{ c360.romaji_key('first_name_kana_key') }}) as first_name_latin_key
        , coalesce({{ c360.romaji_key('last_name_key') }}, {{ c360.romaji_key('last_name_kana_key') }}) as last_name_latin_key
        -- a name kept as one string: romanize each of its first two tokens, then sort them
        , {{ c360.romaji_key("split_part(full_name_key, ' ', 1)") }} as full_name_token_1_latin
        , {{ c360.romaji_key("split_part(full_name_key, ' ', 2)") }} as full_name_token_2_latin
    from all_records
),

canonical_first_names as (
    select nickname, min(canonical_name) as canonical_name
    from nicknames
    group by nickname
),

with_canonical as (
    select
        latin_keys.*
        , coalesce(canonical_first_names.canonical_name, latin_keys.first_name_latin_key) as first_name_canonical_key
        , case
            when latin_keys.first_name_latin_key is not null and latin_keys.last_name_latin_key is not null
                then case
                    when latin_keys.first_name_latin_key < latin_keys.last_name_latin_key
                        then {{ dbt.concat(['latin_keys.first_name_latin_key', "' '", 'latin_keys.last_name_latin_key']) }}
                    else {{ dbt.concat(['latin_keys.last_name_latin_key', "' '", 'latin_keys.first_name_latin_key']) }}
                end
            when latin_keys.full_name_token_1_latin is not null and latin_keys.full_name_token_2_latin is not null
                then case
                    when latin_keys.full_name_token_1_latin < latin_keys.full_name_token_2_latin
                        then {{ dbt.concat(['latin_keys.full_name_token_1_latin', "' '", 'latin_keys.full_name_token_2_latin']) }}
                    else {{ dbt.concat(['latin_keys.full_name_token_2_latin', "' '", 'latin_keys.full_name_token_1_latin']) }}
                end
            when latin_keys.full_name_key not like '% %' then latin_keys.full_name_token_1_latin
        end as full_name_latin_key
    from latin_keys
    left join canonical_first_names
        on latin_keys.first_name_latin_key = canonical_first_names.nickname
),

{%- set caps = var('identifier_max_records_per_source') %}

sharing as (
    select
        with_canonical.*
        , count(*) over (partition by source_system, email) as email_share_count
        , count(*) over (partition by source_system, phone_e164) as phone_share_count
        , case source_system
            {%- for source_name, limit in caps.items() if source_name != 'default' %}
            when '{{ source_name }}' then {{ limit }}
            {%- endfor %}
            else {{ caps['default'] }}
        end as share_cap
    from with_canonical
),

final as (
    select
        {{ dbt.concat(['source_system', "':'", 'record_id']) }} as record_key
        , source_system
        , record_id
        , record_at
        , first_name_key
        , last_name_key
        , first_name_kana_key
        , last_name_kana_key
        , full_name_key
        , first_name_latin_key
        , last_name_latin_key
        , full_name_latin_key
        , first_name_canonical_key
        , birth_date
        , email
        , case when email is not null and email_share_count <= share_cap then email end as email_match
        , split_part(email, '@', 1) as email_local_part
        , phone_e164
        , case when phone_e164 is not null and phone_share_count <= share_cap then phone_e164 end as phone_match
        , postal_code
        , country_code
        , loyalty_card_no
        , login_id
        , ecom_account_id
        , coalesce(first_name_key, last_name_key, full_name_key) is not null as has_name
    from sharing
)

select * from final
