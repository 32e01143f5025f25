{{ config(materialized='view') }}

{#- Rows of every source that staging could not use, with the reason; nothing is dropped silently. -#}
{%- set staged = [
    {'model': 'base_crm__contacts', 'source_system': 'crm', 'source_table': 'crm_contacts', 'record_id': 'contact_id'},
    {'model': 'base_ecom__accounts', 'source_system': 'ecom', 'source_table': 'ecom_accounts', 'record_id': 'account_id'},
    {'model': 'base_ecom__orders', 'source_system': 'ecom', 'source_table': 'ecom_orders', 'record_id': 'order_id'},
    {'model': 'base_ecom__order_lines', 'source_system': 'ecom', 'source_table': 'ecom_order_lines', 'record_id': 'order_line_id'},
    {'model': 'base_pos__transactions', 'source_system': 'pos', 'source_table': 'pos_transactions', 'record_id': 'transaction_id'},
    {'model': 'base_loyalty__members', 'source_system': 'loyalty', 'source_table': 'loyalty_members', 'record_id': 'member_id'},
    {'model': 'base_loyalty__points', 'source_system': 'loyalty', 'source_table': 'loyalty_points', 'record_id': 'ledger_id'},
    {'model': 'base_loyalty__tiers', 'source_system': 'loyalty', 'source_table': 'loyalty_tiers', 'record_id': 'tier_period_id'},
    {'model': 'base_support__tickets', 'source_system': 'support', 'source_table': 'support_tickets', 'record_id': 'ticket_id'},
    {'model': 'base_email__events', 'source_system': 'email', 'source_table': 'email_events', 'record_id': 'event_id'},
    {'model': 'base_web__events', 'source_system': 'web', 'source_table': 'web_events', 'record_id': 'event_id'},
    {'model': 'base_consent__events', 'source_system': 'consent', 'source_table': 'consent_events', 'record_id': 'consent_event_id'},
    {'model': 'base_privacy__erasure_requests', 'source_system': 'privacy', 'source_table': 'erasure_requests', 'record_id': 'request_id'}
] -%}

with

{% for s in staged %}
    {{ s.model }}_rejects as (
        select
            '{{ s.source_system }}' as source_system
            , '{{ s.source_table }}' as source_table
            , {{ s.record_id }} as record_id
            , reject_reason
        from {{ ref(s.model) }}
        where reject_reason is not null
    ),
{% endfor %}

final as (
    {%- for s in staged %}
        select * from {{ s.model }}_rejects
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from final
