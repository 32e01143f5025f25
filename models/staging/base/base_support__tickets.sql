-- depends_on: {{ ref('junk_values') }}
with

source as (
    select * from {{ source('support', 'tickets') }}
),

cleaned as (
    select
        {{ c360.clean_text('ticket_id') }} as ticket_id
        , {{ c360.clean_text('account_id') }} as account_id
        , {{ c360.null_if_junk(c360.clean_text('contact_name'), 'name') }} as contact_name
        , {{ c360.clean_text('contact_email') }} as contact_email_raw
        , {{ c360.clean_text('contact_phone') }} as contact_phone_raw
        , lower({{ c360.clean_text('status') }}) as status
        , lower({{ c360.clean_text('channel') }}) as channel
        , {{ c360.clean_text('subject') }} as subject
        , {{ c360.clean_text('opened_at') }} as opened_at_raw
        , {{ c360.clean_text('closed_at') }} as closed_at_text
    from source
),

prepared as (
    select
        cleaned.*
        , {{ c360.parse_timestamp('closed_at_text') }} as closed_at
        {{ c360.contact_point_inputs('contact_email_raw', 'contact_phone_raw') }}
    from cleaned
),

normalized as (
    select
        prepared.*
        , {{ c360.parse_timestamp('opened_at_raw') }} as opened_at
        {{ c360.contact_point_columns('null') }}
        , {{ c360.sorted_name_key('contact_name') }} as full_name_key
        , {{ c360.version_rank('ticket_id', 'opened_at_raw', 'prepared') }} as version_rank
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
        ticket_id
        , account_id
        , contact_name
        , full_name_key
        , email
        , contact_email_raw as email_raw
        , phone_e164
        , contact_phone_raw as phone_raw
        , status
        , channel
        , subject
        , opened_at
        , opened_at_raw
        , closed_at
        , case
            when ticket_id is null then 'missing_record_id'
            when version_rank > 1 then 'duplicate_record_id'
            when opened_at is null then 'unparseable_timestamp'
            when account_id is null and email is null and phone_e164 is null and full_name_key is null
                then 'no_usable_identifier'
        end as reject_reason
    from validated
)

select * from final
