{#- One row per erasure request in the exports, and what the project did with it. No personal
    data: identifiers are reported by type only. -#}
{%- set statuses = c360.marts_var('erasure_applied_statuses') -%}

with

requests as (
    select
        request_id
        , requested_at
        , status
        , source_system
    from {{ ref('stg_privacy__erasure_requests') }}
),

matches as (
    select
        request_id
        , identifier_type
        , customer_id
        , match_status
    from {{ ref('int_privacy__erasure_request_matches') }}
),

match_summary as (
    select
        request_id
        , count(distinct customer_id) as matched_customer_count
        , max(case when match_status = 'ambiguous' then 1 else 0 end) = 1 as has_ambiguous_identifier
        , max(case when identifier_type = 'record_key' then 1 else 0 end) = 1 as names_record
        , max(case when identifier_type = 'email' then 1 else 0 end) = 1 as has_email
        , max(case when identifier_type = 'phone' then 1 else 0 end) = 1 as has_phone
    from matches
    group by request_id
),

final as (
    select
        requests.request_id
        , requests.requested_at
        , requests.status as request_status
        , requests.status in ({{ c360.sql_string_list(statuses) }}) as is_applied
        , requests.source_system as named_source_system
        , coalesce(match_summary.names_record, false) as names_record
        , coalesce(match_summary.has_email, false) as has_email
        , coalesce(match_summary.has_phone, false) as has_phone
        , cast(coalesce(match_summary.matched_customer_count, 0) as {{ dbt.type_bigint() }}) as matched_customer_count
        , case
            when not requests.status in ({{ c360.sql_string_list(statuses) }}) then 'not_applied'
            when coalesce(match_summary.matched_customer_count, 0) > 0 then 'erased'
            when coalesce(match_summary.has_ambiguous_identifier, false) then 'needs_review'
            else 'no_match_suppressed'
        end as outcome
    from requests
    left join match_summary
        on requests.request_id = match_summary.request_id
)

select * from final
