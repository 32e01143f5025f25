-- depends_on: {{ ref('junk_values') }}
{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the event ids they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('email', 'events')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('event_id') }} as event_id
        , {{ c360.clean_text('campaign_id') }} as campaign_id
        , {{ c360.clean_text('subscriber_id') }} as subscriber_id
        , {{ c360.clean_text('email') }} as email_raw
        , lower({{ c360.clean_text('event_type') }}) as event_type
        , {{ c360.clean_text('occurred_at') }} as occurred_at_raw
        , raw_fingerprint
        , raw_occurrence
    from pending
),

prepared as (
    select
        cleaned.*
        , {{ c360.email_mailbox(c360.null_if_junk('email_raw', 'email')) }} as email_mailbox
    from cleaned
),

typed as (
    select
        prepared.*
        , {{ c360.canonical_email_from_mailbox('email_mailbox') }} as email
        , {{ c360.parse_timestamp('occurred_at_raw') }} as occurred_at
    from prepared
),

row_results as (
    select
        event_id
        , campaign_id
        , subscriber_id
        , email
        , email_raw
        , event_type
        , occurred_at
        , occurred_at_raw
        , case
            when event_id is null then 'missing_record_id'
            when event_type is null or event_type not in ('send', 'open', 'click', 'bounce', 'unsubscribe')
                then 'invalid_event_type'
            when occurred_at is null then 'unparseable_timestamp'
            when subscriber_id is null and email is null then 'no_usable_identifier'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from typed
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('email', 'events')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions('row_results', 'source', 'event_id', 'occurred_at_raw', logic) }}
),

final as (
    select
        event_id
        , campaign_id
        , subscriber_id
        , email
        , email_raw
        , event_type
        , occurred_at
        , occurred_at_raw
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
