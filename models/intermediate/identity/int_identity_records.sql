{#
    One row per identity record (docs/identity.md): every staged row that describes a person,
    in one wide shape with the attributes matching compares. Identifier values shared by more
    records of one source than var('identifier_max_records_per_source') allows are blanked in
    the *_match columns: a call-centre number or a shop's own address is no evidence.
#}
{%- set no_name = "cast(null as " ~ dbt.type_string() ~ ")" %}
{%- set no_date = "cast(null as date)" %}

{#- one select per source into the common shape; a column a source lacks is null; name keys
    get variant kanji folded to their everyday form (髙橋 = 高橋), and a full name loses courtesy
    titles (`macias ms`) -#}
{%- set record_columns = [
    'first_name_key', 'last_name_key', 'first_name_kana_key', 'last_name_kana_key', 'full_name_key',
    'birth_date', 'email', 'phone_e164', 'postal_code', 'country_code',
    'loyalty_card_no', 'login_id', 'ecom_account_id',
] %}
{%- set same = {
    'first_name_key': 'first_name_key', 'last_name_key': 'last_name_key',
    'first_name_kana_key': 'first_name_kana_key', 'last_name_kana_key': 'last_name_kana_key',
    'full_name_key': 'full_name_key', 'birth_date': 'birth_date', 'email': 'email',
    'phone_e164': 'phone_e164', 'postal_code': 'postal_code', 'country_code': 'country_code',
} %}

{#- the identity records of each source, as (source_system, record_id, record_at, relation,
    columns it has, filter); devices that never logged in describe nobody we can resolve
    (anonymous visitors, like anonymous till receipts); a device used by several logins (a
    shared family computer) stays a record but links to none of them -#}
{%- set record_sources = [
    ("'crm'", 'contact_id', 'coalesce(updated_at, created_at)', 'crm', same, none),
    ("'ecom'", 'account_id', 'created_at', 'ecom', {
        'first_name_key': 'first_name_key', 'last_name_key': 'last_name_key',
        'full_name_key': 'full_name_key', 'birth_date': 'birth_date', 'email': 'email',
        'phone_e164': 'phone_e164', 'postal_code': 'postal_code', 'country_code': 'country_code',
        'login_id': 'login_id', 'ecom_account_id': 'account_id',
    }, none),
    ("'loyalty'", 'member_id', 'enrolled_at', 'loyalty', dict(same, loyalty_card_no='card_no'), none),
    ("'support'", 'ticket_id', 'opened_at', 'support', {
        'full_name_key': 'full_name_key', 'email': 'email', 'phone_e164': 'phone_e164',
        'ecom_account_id': 'account_id',
    }, none),
    ("'pos'", 'transaction_id', 'transacted_at', 'pos', {'email': 'guest_email', 'phone_e164': 'guest_phone_e164'},
        'loyalty_card_no is null and (guest_email is not null or guest_phone_e164 is not null)'),
    ('source_system', 'record_id', 'record_at', 'pos_cards', {'loyalty_card_no': 'loyalty_card_no'}, none),
    ("'email'", 'subscriber_id', 'occurred_at', 'subscribers', {'email': 'email'}, 'recency_rank = 1'),
    ("'web'", 'anonymous_id', 'record_at', 'web_devices',
        {'login_id': 'case when login_count = 1 then login_id end'}, 'login_count >= 1'),
] %}
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

readings as (
    select * from {{ ref('int_name_readings') }}
),

pos_cards as (
    select
        'pos_card' as source_system
        , loyalty_card_no as record_id
        , max(transacted_at) as record_at
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
    {%- for source_system, record_id, record_at, relation, columns, filter in record_sources %}
        {%- if not loop.first %}
            union all
        {%- endif %}
        select
            {{ source_system }} as source_system
            , {{ record_id }} as record_id
            , {{ record_at }} as record_at
            {%- for column in record_columns %}
                {%- if column in columns and column == 'full_name_key' %}
                    , {{ c360.strip_name_titles(c360.sorted_name_key(c360.fold_kanji_variants(columns[column]))) }}
                        as {{ column }}
                {%- elif column in columns and column in ['first_name_key', 'last_name_key'] %}
                    , {{ c360.fold_kanji_variants(columns[column]) }} as {{ column }}
                {%- else %}
                    , {{ columns.get(column, no_date if column == 'birth_date' else no_name) }} as {{ column }}
                {%- endif %}
            {%- endfor %}
        from {{ relation }}
        {%- if filter %}
            where {{ filter }}
        {%- endif %}
    {%- endfor %}
),

tokens as (
    select
        all_records.*
        , split_part(all_records.full_name_key, ' ', 1) as full_name_token_1
        , split_part(all_records.full_name_key, ' ', 2) as full_name_token_2
        , length(all_records.full_name_key) - length(replace(all_records.full_name_key, ' ', '')) + 1
            as full_name_token_count
    from all_records
),

-- every name value a latin key is made from, once: romanizing takes ~140 replaces a value,
-- and the same few thousand names recur across millions of records
name_values as (
    {%- for column in ['first_name_key', 'first_name_kana_key', 'last_name_key', 'last_name_kana_key',
                       'full_name_token_1', 'full_name_token_2'] %}
        {%- if not loop.first %}
            union
        {%- endif %}
        select {{ column }} as name_value from tokens
        where {{ column }} is not null
    {%- endfor %}
),

romaji as (
    select
        name_value
        , {{ c360.romaji_key('name_value') }} as latin_key
    from name_values
),

latin_keys as (
    -- a latin key from the name itself (romaji, or kana romanized), else from its kana column,
    -- else from the learned reading of a kanji name (int_name_readings)
    select
        tokens.*
        , coalesce(first_romaji.latin_key, first_kana_romaji.latin_key, first_reading.latin_key)
            as first_name_latin_key
        , coalesce(last_romaji.latin_key, last_kana_romaji.latin_key, last_reading.latin_key)
            as last_name_latin_key
        -- a name kept as one string: romanize each of its first two tokens, then sort them
        , coalesce(token_1_romaji.latin_key, token_1_reading.latin_key) as full_name_token_1_latin
        , coalesce(token_2_romaji.latin_key, token_2_reading.latin_key) as full_name_token_2_latin
    from tokens
    left join romaji as first_romaji
        on tokens.first_name_key = first_romaji.name_value
    left join romaji as first_kana_romaji
        on tokens.first_name_kana_key = first_kana_romaji.name_value
    left join romaji as last_romaji
        on tokens.last_name_key = last_romaji.name_value
    left join romaji as last_kana_romaji
        on tokens.last_name_kana_key = last_kana_romaji.name_value
    left join romaji as token_1_romaji
        on tokens.full_name_token_1 = token_1_romaji.name_value
    left join romaji as token_2_romaji
        on tokens.full_name_token_2 = token_2_romaji.name_value
    left join readings as first_reading
        on tokens.first_name_key = first_reading.name_key
    left join readings as last_reading
        on tokens.last_name_key = last_reading.name_key
    left join readings as token_1_reading
        on tokens.full_name_token_1 = token_1_reading.name_key
    left join readings as token_2_reading
        on tokens.full_name_token_2 = token_2_reading.name_key
),

canonical_first_names as (
    select
        nickname
        , min(canonical_name) as canonical_name
    from nicknames
    group by nickname
),

with_canonical as (
    select
        latin_keys.*
        , coalesce(canonical_first_names.canonical_name, latin_keys.first_name_latin_key) as first_name_canonical_key
        -- the two name parts in sorted order, so that given/family order does not matter
        , case
            when latin_keys.first_name_latin_key is not null and latin_keys.last_name_latin_key is not null
                then {{ dbt.concat([
                    'least(latin_keys.first_name_latin_key, latin_keys.last_name_latin_key)', "' '",
                    'greatest(latin_keys.first_name_latin_key, latin_keys.last_name_latin_key)',
                ]) }}
            when latin_keys.full_name_token_1_latin is not null and latin_keys.full_name_token_2_latin is not null
                then {{ dbt.concat([
                    'least(latin_keys.full_name_token_1_latin, latin_keys.full_name_token_2_latin)', "' '",
                    'greatest(latin_keys.full_name_token_1_latin, latin_keys.full_name_token_2_latin)',
                ]) }}
            when latin_keys.full_name_key not like '% %' then latin_keys.full_name_token_1_latin
        end as full_name_latin_key
    from latin_keys
    left join canonical_first_names
        on latin_keys.first_name_latin_key = canonical_first_names.nickname
),

{%- set caps = var('identifier_max_records_per_source') %}

-- records per source holding each e-mail and phone (hash aggregates joined back: a count
-- window over each partition sorted all records twice; 17 -> 10 s for this model at 1M people)
email_shares as (
    select
        source_system
        , email
        , count(*) as email_share_count
    from with_canonical
    where email is not null
    group by source_system, email
),

phone_shares as (
    select
        source_system
        , phone_e164
        , count(*) as phone_share_count
    from with_canonical
    where phone_e164 is not null
    group by source_system, phone_e164
),

sharing as (
    select
        with_canonical.*
        , email_shares.email_share_count
        , phone_shares.phone_share_count
        , case with_canonical.source_system
            {%- for source_name, limit in caps.items() if source_name != 'default' %}
                when '{{ source_name }}' then {{ limit }}
            {%- endfor %}
            else {{ caps['default'] }}
        end as share_cap
    from with_canonical
    left join email_shares
        on
            with_canonical.source_system = email_shares.source_system
            and with_canonical.email = email_shares.email
    left join phone_shares
        on
            with_canonical.source_system = phone_shares.source_system
            and with_canonical.phone_e164 = phone_shares.phone_e164
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
        -- the number without its country code: a national-format number typed into a system
        -- that assumed another country (+81 582827826 at a Japanese till, +33 582827826 at home)
        , {{ c360.phone_national_number(
            'case when phone_e164 is not null and phone_share_count <= share_cap then phone_e164 end') }}
            as phone_national
        , postal_code
        , country_code
        , loyalty_card_no
        , login_id
        , ecom_account_id
        -- the name as one word, in both orders of its two parts (a name typed without a space)
        {%- for suffix, given_first in [('a', true), ('b', false)] %}
            , case
                when first_name_key is not null and last_name_key is not null
                    then {{ c360.name_compact('first_name_key', 'last_name_key') if given_first
                        else c360.name_compact('last_name_key', 'first_name_key') }}
                when full_name_token_count = 2
                    then {{ c360.name_compact('full_name_token_1', 'full_name_token_2') if given_first
                        else c360.name_compact('full_name_token_2', 'full_name_token_1') }}
                else replace(full_name_key, ' ', '')
            end as name_compact_{{ suffix }}
        {%- endfor %}
        -- the script of each name key (latin / kana / kanji), once per record: names are
        -- compared character by character only within one script
        , case when first_name_key is not null then {{ c360.script_class('first_name_key') }} end as first_name_script
        , case when last_name_key is not null then {{ c360.script_class('last_name_key') }} end as last_name_script
        , case when full_name_key is not null then {{ c360.script_class('full_name_key') }} end as full_name_script
        , coalesce(first_name_key, last_name_key, full_name_key) is not null as has_name
    from sharing
),

fingerprinted as (
    -- the memo input of the pair models (macros/incremental/memo.sql): a hash of the whole row
    select
        final.*
        , {{ c360.row_fingerprint('final') }} as record_hash
    from final
)

select * from fingerprinted
