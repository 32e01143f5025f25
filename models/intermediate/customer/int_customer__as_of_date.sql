{%- set as_of = c360.marts_var('as_of_date') -%}
{%- if as_of -%}
    {%- set as_of_expression = "cast('" ~ as_of ~ "' as date)" -%}
{%- else -%}
    {%- set as_of_expression = "cast(coalesce(last_event_at, current_timestamp) as date)" -%}
{%- endif -%}

with

event_times as (
    select max(ordered_at) as last_event_at from {{ ref('stg_ecom__orders') }}
    union all
    select max(transacted_at) as last_event_at from {{ ref('stg_pos__transactions') }}
    union all
    select max(occurred_at) as last_event_at from {{ ref('stg_email__events') }}
    union all
    select max(occurred_at) as last_event_at from {{ ref('stg_web__events') }}
    union all
    select max(opened_at) as last_event_at from {{ ref('stg_support__tickets') }}
    union all
    select max(posted_at) as last_event_at from {{ ref('stg_loyalty__points') }}
    union all
    select max(occurred_at) as last_event_at from {{ ref('stg_consent__events') }}
),

latest as (
    select max(last_event_at) as last_event_at from event_times
),

resolved as (
    select {{ as_of_expression }} as as_of_date
    from latest
),

final as (
    select
        as_of_date
        , cast({{ dbt.dateadd('day', 1, 'as_of_date') }} as timestamp) as as_of_end_at
        , cast({{ dbt.dateadd('day', -(c360.marts_var('recent_activity_days') | int) + 1, 'as_of_date') }} as date)
            as recent_window_start_date
    from resolved
)

select * from final
