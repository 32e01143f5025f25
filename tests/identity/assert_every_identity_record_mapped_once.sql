-- Every staged row that describes a person is in customer_identity_map exactly once, and the
-- map holds nothing else.
{%- set staged = [
    ('crm', 'stg_crm__contacts', 'contact_id', none),
    ('ecom', 'stg_ecom__accounts', 'account_id', none),
    ('loyalty', 'stg_loyalty__members', 'member_id', none),
    ('support', 'stg_support__tickets', 'ticket_id', none),
    ('pos', 'stg_pos__transactions', 'transaction_id',
        'loyalty_card_no is null and (guest_email is not null or guest_phone_e164 is not null)'),
    ('pos_card', 'stg_pos__transactions', 'loyalty_card_no', 'loyalty_card_no is not null'),
    ('email', 'stg_email__events', 'subscriber_id', 'subscriber_id is not null and email is not null'),
    ('web', 'stg_web__events', 'anonymous_id', 'user_id is not null'),
] %}

with

expected as (
    {%- for system, model, id_column, condition in staged %}
        select distinct
            '{{ system }}' as source_system,
            {{ id_column }} as record_id
        from {{ ref(model) }}
        {%- if condition %}
            where {{ condition }}
        {%- endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

mapped as (
    select
        source_system,
        record_id,
        count(*) as times_mapped
    from {{ ref('customer_identity_map') }}
    group by source_system, record_id
)

select
    coalesce(expected.source_system, mapped.source_system) as source_system
    , coalesce(expected.record_id, mapped.record_id) as record_id
    , coalesce(mapped.times_mapped, 0) as times_mapped
    , expected.record_id is not null as is_expected
from expected
full outer join mapped
    on expected.source_system = mapped.source_system and expected.record_id = mapped.record_id
where mapped.times_mapped is null or mapped.times_mapped <> 1 or expected.record_id is null
