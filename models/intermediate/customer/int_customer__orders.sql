{#- Every valid web-shop order (cancelled ones are not sales) and every till receipt, with
    the customer it is attributed to (docs/identity.md), its amount in JPY and who bought:
    identified, erased, anonymous (till receipt with no card or e-receipt) or unattributed
    (its record is not in the identity map). -#}

with

ecom_orders as (
    select
        order_id
        , account_id
        , ordered_at
        , currency
        , order_total
        , status
    from {{ ref('stg_ecom__orders') }}
    where status <> 'cancelled'
),

order_lines as (
    select
        order_id
        , category
        , quantity
        , unit_price
    from {{ ref('stg_ecom__order_lines') }}
),

pos_transactions as (
    select
        transaction_id
        , store_id
        , transacted_at
        , loyalty_card_no
        , guest_email
        , guest_phone_e164
        , currency
        , amount
    from {{ ref('stg_pos__transactions') }}
),

record_map as (
    select
        record_key
        , customer_id
        , is_erased
    from {{ ref('int_customer__record_map') }}
),

currency_rates as (
    select
        currency
        , valid_from
        , valid_to
        , jpy_per_unit
    from {{ ref('currency_rates') }}
),

category_revenue as (
    select
        order_id
        , category
        , sum(quantity * unit_price) as line_revenue
        , sum(quantity) as quantity
    from order_lines
    group by order_id, category
),

order_categories as (
    select
        order_id
        , category
        , sum(quantity) over (partition by order_id) as item_count
        , row_number() over (partition by order_id order by line_revenue desc, category asc) as category_rank
    from category_revenue
),

ecom as (
    select
        ecom_orders.order_id
        , 'ecom' as source_system
        , {{ dbt.concat(["'ecom:'", 'ecom_orders.account_id']) }} as record_key
        , ecom_orders.ordered_at
        , ecom_orders.currency
        , ecom_orders.order_total as amount
        , ecom_orders.status as order_status
        , ecom_orders.status = 'returned' as is_return
        , cast(null as {{ dbt.type_string() }}) as store_id
        , order_categories.item_count
        , order_categories.category as top_category
    from ecom_orders
    left join order_categories
        on
            ecom_orders.order_id = order_categories.order_id
            and order_categories.category_rank = 1
),

pos as (
    select
        transaction_id as order_id
        , 'pos' as source_system
        , case
            when loyalty_card_no is not null then {{ dbt.concat(["'pos_card:'", 'loyalty_card_no']) }}
            when guest_email is not null or guest_phone_e164 is not null
                then {{ dbt.concat(["'pos:'", 'transaction_id']) }}
        end as record_key
        , transacted_at as ordered_at
        , currency
        , amount
        , 'completed' as order_status
        , false as is_return
        , store_id
        , cast(null as {{ dbt.type_bigint() }}) as item_count
        , cast(null as {{ dbt.type_string() }}) as top_category
    from pos_transactions
),

orders as (
    select * from ecom
    union all
    select * from pos
),

attributed as (
    select
        orders.*
        , record_map.customer_id
        , case
            when orders.record_key is null then 'anonymous'
            when record_map.record_key is null then 'unattributed'
            when record_map.is_erased then 'erased'
            else 'identified'
        end as buyer_type
    from orders
    left join record_map
        on orders.record_key = record_map.record_key
),

converted as (
    select
        attributed.*
        , cast(attributed.ordered_at as date) as ordered_date
        , cast(attributed.amount * currency_rates.jpy_per_unit as decimal(18, 2)) as revenue_jpy
    from attributed
    left join currency_rates
        on
            attributed.currency = currency_rates.currency
            and cast(attributed.ordered_at as date) >= currency_rates.valid_from
            and (currency_rates.valid_to is null or cast(attributed.ordered_at as date) <= currency_rates.valid_to)
),

final as (
    select
        order_id
        , source_system
        , record_key
        , customer_id
        , buyer_type
        , ordered_at
        , ordered_date
        , currency
        , cast(amount as decimal(18, 2)) as amount
        , revenue_jpy
        , is_return
        , order_status
        , store_id
        , item_count
        , top_category
    from converted
)

select * from final
