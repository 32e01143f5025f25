{#- customer_360 for roles that must not see personal data: every column tagged
    `meta: {pii: true}` in customer_360's yml is replaced by its salted hash `<column>_hash`
    (macros/privacy/pii_columns.sql, bi_safe_columns); the select list is generated from the
    yml, so it follows customer_360 without being typed twice. -#}

with

customer_360 as (
    select * from {{ ref('customer_360') }}
),

final as (
    select
        {{ c360.bi_safe_columns('customer_360', 'customer_360') }}
    from customer_360
)

select * from final
