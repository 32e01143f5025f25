with

source as (
    select * from {{ source('ecom', 'orders') }}
),

cleaned as (
    select
        {{ c360.clean_text('order_id') }} as order_id
        , {{ c360.clean_text('account_id') }} as account_id
        , {{ c360.clean_text('ordered_at') }} as ordered_at_raw
        , upper({{ c360.clean_text('currency') }}) as currency
        , {{ c360.clean_text('order_total') }} as order_total_raw
        , lower({{ c360.clean_text('status') }}) as status
    from source
),

typed as (
    select
        cleaned.*
        , {{ c360.parse_timestamp('ordered_at_raw') }} as ordered_at
        , {{ c360.parse_amount('order_total_raw') }} as order_total
        , {{ c360.version_rank('order_id', 'ordered_at_raw', 'cleaned') }} as version_rank
    from cleaned
),

final as (
    select
        order_id
        , account_id
        , ordered_at
        , ordered_at_raw
        , currency
        , order_total
        , order_total_raw
        , status
        , case
            when order_id is null then 'missing_record_id'
            when version_rank > 1 then 'duplicate_record_id'
            when account_id is null then 'missing_account_id'
            when ordered_at is null then 'unparseable_timestamp'
            when order_total is null or order_total < 0 then 'invalid_amount'
            when currency is null then 'missing_currency'
        end as reject_reason
    from typed
)

select * from final
