-- depends_on: {{ ref('junk_values') }}
{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the member ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('loyalty', 'members')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{#- texts: every text column cleaned once; the steps below refer to these columns -#}
{%- set logic %} -- noqa: LT02
texts as (
    select
        {{ c360.clean_text('member_id') }} as member_id
        , {{ c360.clean_text('card_no') }} as card_no
        , {{ c360.clean_text('first_name') }} as first_name
        , {{ c360.clean_text('last_name') }} as last_name
        , {{ c360.clean_text('first_name_kana') }} as first_name_kana
        , {{ c360.clean_text('last_name_kana') }} as last_name_kana
        , {{ c360.clean_text('birth_date') }} as birth_date
        , {{ c360.clean_text('email') }} as email
        , {{ c360.clean_text('phone') }} as phone
        , {{ c360.country_code_key('country') }} as country_key
        , {{ c360.clean_text('postal_code') }} as postal_code
        , {{ c360.clean_text('enrolled_at') }} as enrolled_at
        , raw_fingerprint
        , raw_occurrence
    from pending
),

cleaned as (
    select
        -- ids
        member_id
        , nullif({{ c360.regex_replace_all('card_no', '[^0-9]', '') }}, '') as card_no
        -- person
        , {{ c360.null_if_junk('first_name', 'name') }} as first_name
        , {{ c360.null_if_junk('last_name', 'name') }} as last_name
        , first_name_kana
        , last_name_kana
        , birth_date as birth_date_raw
        -- contact points
        , email as email_raw
        , phone as phone_raw
        , {{ c360.country_code_from_key('country_key') }} as country_code
        , {{ c360.null_if_junk('postal_code', 'postal') }} as postal_code_raw
        -- timestamps
        , enrolled_at as enrolled_at_text
        , raw_fingerprint
        , raw_occurrence
    from texts
),

prepared as (
    select
        cleaned.*
        , {{ c360.parse_timestamp('enrolled_at_text') }} as enrolled_at
        , {{ c360.postal_code_compact('postal_code_raw') }} as postal_code_compact
        , {{ c360.null_if_junk('birth_date_raw', 'birth_date') }} as birth_date_input
        {{ c360.contact_point_inputs('email_raw', 'phone_raw') }}
    from cleaned
),

normalized as (
    select
        prepared.*
        {{ c360.contact_point_columns('country_code') }}  -- noqa: LT02
        {{ c360.name_key_columns('first_name', 'last_name', 'first_name_kana', 'last_name_kana') }}
        , {{ c360.postal_code_from_compact('postal_code_compact', 'country_code') }} as postal_code
        , {{ c360.parse_date('birth_date_input') }} as birth_date_parsed
    from prepared
),

validated as (
    select
        normalized.*
        , {{ c360.valid_phone('phone_candidate') }} as phone_e164
        , {{ c360.valid_birth_date('birth_date_parsed') }} as birth_date
    from normalized
),

row_results as (
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
        , case
            when member_id is null then 'missing_record_id'
            when card_no is null and email is null and phone_e164 is null and full_name_key is null
                then 'no_usable_identifier'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from validated
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('loyalty', 'members')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'member_id', 'enrolled_at desc', logic) }}
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
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
