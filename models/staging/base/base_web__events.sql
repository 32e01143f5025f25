with

source as (
    select * from {{ source('web', 'events') }}
),

cleaned as (
    select
        {{ c360.clean_text('event_id') }} as event_id
        , {{ c360.clean_text('anonymous_id') }} as anonymous_id
        , lower({{ c360.clean_text('user_id') }}) as user_id
        , {{ c360.clean_text('session_id') }} as session_id
        , lower({{ c360.clean_text('event_type') }}) as event_type
        , {{ c360.clean_text('page_path') }} as page_path
        , {{ c360.clean_text('occurred_at') }} as occurred_at_raw
    from source
),

typed as (
    select
        cleaned.*
        , {{ c360.parse_timestamp('occurred_at_raw') }} as occurred_at
        , {{ c360.version_rank('event_id', 'occurred_at_raw', 'cleaned') }} as version_rank
    from cleaned
),

final as (
    select
        event_id
        , anonymous_id
        , user_id
        , session_id
        , event_type
        , page_path
        , occurred_at
        , occurred_at_raw
        , case
            when event_id is null then 'missing_record_id'
            when version_rank > 1 then 'duplicate_record_id'
            when anonymous_id is null then 'missing_anonymous_id'
            when occurred_at is null then 'unparseable_timestamp'
            when event_type is null or event_type not in ('page_view', 'login', 'add_to_cart', 'checkout')
                then 'invalid_event_type'
        end as reject_reason
    from typed
)

select * from final
