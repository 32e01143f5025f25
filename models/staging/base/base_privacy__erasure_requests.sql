-- depends_on: {{ ref('junk_values') }}
with

source as (
    select * from {{ source('privacy', 'erasure_requests') }}
),

cleaned as (
    select
        {{ c360.clean_text('request_id') }} as request_id
        , {{ c360.clean_text('requested_at') }} as requested_at_raw
        , {{ c360.clean_text('email') }} as email_raw
        , {{ c360.clean_text('phone') }} as phone_raw
        , lower({{ c360.clean_text('source_system') }}) as source_system
        , {{ c360.clean_text('source_record_id') }} as source_record_id
        , lower({{ c360.clean_text('status') }}) as status
    from source
),

prepared as (
    select
        cleaned.*
        {{ c360.contact_point_inputs('email_raw', 'phone_raw') }}
    from cleaned
),

normalized as (
    select
        prepared.*
        {{ c360.contact_point_columns('null') }}
        , {{ c360.parse_timestamp('requested_at_raw') }} as requested_at
        , {{ c360.version_rank('request_id', 'requested_at_raw', 'prepared') }} as version_rank
    from prepared
),

validated as (
    select
        normalized.*
        , {{ c360.valid_phone('phone_candidate') }} as phone_e164
    from normalized
),

final as (
    select
        request_id
        , requested_at
        , requested_at_raw
        , email
        , email_raw
        , phone_e164
        , phone_raw
        , source_system
        , source_record_id
        , status
        , case
            when request_id is null then 'missing_record_id'
            when version_rank > 1 then 'duplicate_record_id'
            when email is null and phone_e164 is null and source_record_id is null then 'no_usable_identifier'
        end as reject_reason
    from validated
)

select * from final
