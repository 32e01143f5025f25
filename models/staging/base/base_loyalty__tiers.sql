{#-
    Memoized (macros/incremental/memo_rows.sql): an incremental run cleans only the raw rows
    not seen before and ranks again the versions of the tier periods they touch; equal to a full
    rebuild. The per-row cleaning is `logic`, whose compiled SQL is the memo key. A period's
    versions share tier_period_id: the member and the parsed start date (the raw start when it
    does not parse), so one date written in two formats is one period. The kept version is the
    one that ends latest (by the parsed end date, so two formats of one end date tie and the raw
    text only breaks the tie); a closed period outranks an open one (a period is closed after it
    was open). An end date that does not parse is a reject, not an open period.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(' ~ c360.memo_raw_rows(source('loyalty', 'tiers')) ~ ')', ['raw_fingerprint', 'raw_occurrence']) }}"]
) }}

{%- set logic %}
cleaned as (
    select
        {{ c360.clean_text('member_id') }} as member_id
        , lower({{ c360.clean_text('tier') }}) as tier
        , {{ c360.clean_text('valid_from') }} as valid_from_raw
        , {{ c360.clean_text('valid_to') }} as valid_to_raw
        , raw_fingerprint
        , raw_occurrence
    from pending
),

typed as (
    select
        cleaned.*
        , {{ c360.parse_date('valid_from_raw') }} as valid_from
        , {{ c360.parse_date('valid_to_raw') }} as valid_to
    from cleaned
),

keyed as (
    select
        typed.*
        , {{ dbt.concat([
            "member_id", "'|'", "coalesce(cast(valid_from as " ~ dbt.type_string() ~ "), valid_from_raw, '')"
        ]) }} as tier_period_id
    from typed
),

row_results as (
    select
        tier_period_id
        , member_id
        , tier
        , valid_from
        , valid_to
        , valid_from_raw
        , valid_to_raw
        , case
            when member_id is null then 'missing_record_id'
            when valid_from is null then 'unparseable_date'
            when valid_to is null and valid_to_raw is not null then 'unparseable_date'
            when tier is null then 'missing_tier'
            when valid_to < valid_from then 'invalid_period'
        end as row_reject_reason
        , raw_fingerprint
        , raw_occurrence
    from keyed
),
{%- endset %}

with

source as (
    {{ c360.memo_raw_rows(source('loyalty', 'tiers')) }}
),

pending as (
    {{ c360.memo_pending_rows('source', logic) }}
),

{{ logic }}

versions as (
    {{ c360.memo_versions(
        'row_results', 'source', 'tier_period_id', 'valid_to desc nulls last, valid_to_raw desc nulls last', logic
    ) }}
),

final as (
    select
        tier_period_id
        , member_id
        , tier
        , valid_from
        , valid_to
        , valid_from_raw
        , valid_to_raw
        , {{ c360.memo_version_reject_reason() }} as reject_reason
        , row_reject_reason
        , raw_fingerprint
        , raw_occurrence
        , memo_hash
    from versions
)

select * from final
