{#
    Blocking: the record pairs worth comparing. Each rule is block_on(name, columns); a pair
    found by several rules is kept once, tagged with the first rule (match_key). No rule
    compares all pairs; blocks larger than var('blocking_max_block_size') are skipped.
#}
{%- set max_block = var('blocking_max_block_size') -%}
{%- set rules = [
    ('email', ['email_match']),
    ('phone', ['phone_match']),
    ('national_phone', ['phone_national']),
    ('loyalty_card', ['loyalty_card_no']),
    ('login', ['login_id']),
    ('ecom_account', ['ecom_account_id']),
    ('last_name_birth_date', ['last_name_key', 'birth_date']),
    ('latin_last_name_birth_date', ['last_name_latin_key', 'birth_date']),
    ('first_name_birth_date', ['first_name_canonical_key', 'birth_date']),
    ('full_name', ['full_name_key']),
    ('latin_full_name', ['full_name_latin_key']),
    ('compact_name', ['name_compact_a']),
    ('compact_name_reversed', ['name_compact_b']),
    ('birth_date_postal_code', ['birth_date', 'postal_code']),
    ('last_name_postal_code', ['last_name_key', 'postal_code']),
    ('email_local_part', ['email_local_part']),
] -%}

with

records as (
    select * from {{ ref('int_identity_records') }}
),

blocked as (
    {%- for name, columns in rules %}
        select
            record_key_l
            , record_key_r
            , {{ loop.index }} as rule_priority
        from ({{ c360.block_on(name, columns, 'records', max_block) }}) as rule_{{ loop.index }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

first_rule as (
    -- each pair once, with its first rule (a hash aggregate: no sort of the pairs)
    select
        record_key_l
        , record_key_r
        , min(rule_priority) as rule_priority
    from blocked
    group by record_key_l, record_key_r
),

final as (
    select
        record_key_l
        , record_key_r
        , case rule_priority
            {%- for name, columns in rules %}
                when {{ loop.index }} then '{{ name }}'
            {%- endfor %}
        end as match_key
    from first_rule
)

select * from final
