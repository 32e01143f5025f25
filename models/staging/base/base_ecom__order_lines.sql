with

source as (
    select * from {{ source('ecom', 'order_lines') }}
),

cleaned as (
    select
        {{ c360.clean_text('order_line_id') }} as order_line_id
        , {{ c360.clean_text('order_id') }} as order_id
        , {{ c360.clean_text('product_id') }} as product_id
        , {{ c360.clean_text('product_name') }} as product_name
        , lower({{ c360.clean_text('category') }}) as category
        , {{ c360.clean_text('quantity') }} as quantity_raw
        , {{ c360.clean_text('unit_price') }} as unit_price_raw
    from source
),

typed as (
    select
        cleaned.*
        , cast({{ c360.parse_amount('quantity_raw') }} as integer) as quantity
        , {{ c360.parse_amount('unit_price_raw') }} as unit_price
        , {{ c360.version_rank('order_line_id', 'order_id', 'cleaned') }} as version_rank
    from cleaned
),

final as (
    select
        order_line_id
        , order_id
        , product_id
        , product_name
        , category
        , quantity
        , unit_price
        , unit_price_raw
        , case
            when order_line_id is null then 'missing_record_id'
            when version_rank > 1 then 'duplicate_record_id'
            when order_id is null then 'missing_order_id'
            when quantity is null or quantity <= 0 then 'invalid_quantity'
            when unit_price is null or unit_price < 0 then 'invalid_amount'
        end as reject_reason
    from typed
)

select * from final
