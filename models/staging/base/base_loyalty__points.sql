with

source as (
    select * from {{ source('loyalty', 'points') }}
),

cleaned as (
    select
        {{ c360.clean_text('ledger_id') }} as ledger_id
        , nullif({{ c360.regex_replace_all(c360.clean_text('card_no'), '[^0-9]', '') }}, '') as card_no
        , {{ c360.clean_text('posted_at') }} as posted_at_raw
        , {{ c360.clean_text('points') }} as points_raw
        , lower({{ c360.clean_text('reason') }}) as reason
    from source
),

typed as (
    select
        cleaned.*
        , {{ c360.parse_timestamp('posted_at_raw') }} as posted_at
        , cast({{ c360.parse_amount('points_raw') }} as integer) as points
        , {{ c360.version_rank('ledger_id', 'posted_at_raw', 'cleaned') }} as version_rank
    from cleaned
),

final as (
    select
        ledger_id
        , card_no
        , posted_at
        , posted_at_raw
        , points
        , points_raw
        , reason
        , case
            when ledger_id is null then 'missing_record_id'
            when version_rank > 1 then 'duplicate_record_id'
            when card_no is null then 'missing_card_no'
            when posted_at is null then 'unparseable_timestamp'
            when points is null then 'invalid_points'
        end as reject_reason
    from typed
)

select * from final
