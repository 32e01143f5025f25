with

source as (
    select * from {{ source('loyalty', 'tiers') }}
),

cleaned as (
    select
        {{ c360.clean_text('member_id') }} as member_id
        , lower({{ c360.clean_text('tier') }}) as tier
        , {{ c360.clean_text('valid_from') }} as valid_from_raw
        , {{ c360.clean_text('valid_to') }} as valid_to_raw
    from source
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
        , {{ c360.version_rank('member_id, valid_from, valid_from_raw', 'valid_to_raw desc', 'typed') }} as version_rank
    from typed
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
        , case
            when member_id is null then 'missing_record_id'
            when version_rank > 1 then 'duplicate_record_id'
            when valid_from is null then 'unparseable_date'
            when tier is null then 'missing_tier'
            when valid_to < valid_from then 'invalid_period'
        end as reject_reason
    from keyed
)

select * from final
