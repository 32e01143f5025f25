-- Every staged row that describes a person is in customer_identity_map exactly once, and the
-- map holds nothing else; except the records of erased customers, which must not be there
-- (int_privacy__erased_records lists them; they were mapped once when the list was made).
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

erased as (
    select
        source_system
        , record_id
        , count(*) as times_listed
    from {{ ref('int_privacy__erased_records') }}
    group by source_system, record_id
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
    coalesce(expected.source_system, mapped.source_system, erased.source_system) as source_system
    , coalesce(expected.record_id, mapped.record_id, erased.record_id) as record_id
    , coalesce(mapped.times_mapped, 0) as times_mapped
    , coalesce(erased.times_listed, 0) as times_erased
    , expected.record_id is not null as is_expected
from expected
full outer join mapped
    on expected.source_system = mapped.source_system and expected.record_id = mapped.record_id
full outer join erased
    on
        coalesce(expected.source_system, mapped.source_system) = erased.source_system
        and coalesce(expected.record_id, mapped.record_id) = erased.record_id
where
    -- a staged record is mapped once, or (erased) listed once and not mapped
    (expected.record_id is not null and coalesce(mapped.times_mapped, 0) + coalesce(erased.times_listed, 0) <> 1)
    -- nothing mapped or listed that is not staged
    or expected.record_id is null
