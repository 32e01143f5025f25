-- depends_on: {{ ref('junk_values') }}
{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the transaction ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('pos', 'transactions')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('transaction_id') }} as transaction_id
        , {{ c360.clean_text('store_id') }} as store_id
        , {{ c360.clean_text('transacted_at') }} as transacted_at_raw
        , nullif({{ c360.regex_replace_all(c360.clean_text('loyalty_card_no'), '[^0-9]', '') }}, '') as loyalty_card_no
        , {{ c360.clean_text('guest_email') }} as guest_email_raw
        , {{ c360.clean_text('guest_phone') }} as guest_phone_raw
        , upper({{ c360.clean_text('currency') }}) as currency
        , {{ c360.clean_text('amount') }} as amount_raw
        , raw_fingerprint
        , raw_occurrence
    from pending
),

prepared as (
    select
        cleaned.*
        {{ c360.contact_point_inputs('guest_email_raw', 'guest_phone_raw') }}
        -- a guest has no country on file; the till currency is the best hint for national numbers
        , case cleaned.currency when 'JPY' then 'JP' end as guest_country_code
    from cleaned
),

typed as (
    select
        prepared.*
        , {{ c360.parse_timestamp('transacted_at_raw') }} as transacted_at
        , {{ c360.parse_amount('amount_raw') }} as amount
        {{ c360.contact_point_columns('guest_country_code') }}
    from prepared
),

validated as (
    select
        typed.*
        , {{ c360.valid_phone('phone_candidate') }} as guest_phone_e164
    from typed
),

row_results as (
    select
        transaction_id
        , store_id
        , transacted_at
        , transacted_at_raw
        , loyalty_card_no
        , email as guest_email
        , guest_email_raw
        , guest_phone_e164
        , guest_phone_raw
        , loyalty_card_no is null and email is null and guest_phone_e164 is null as is_anonymous
        , currency
        , amount
        , amount_raw
        , case
            when transaction_id is null then 'missing_record_id'
            when transacted_at is null then 'unparseable_timestamp'
            when amount is null or amount < 0 then 'invalid_amount'
            when currency is null then 'missing_currency'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from validated
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('pos', 'transactions')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'transaction_id', 'transacted_at_raw', logic) }}
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
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
