{#- The identifier spine: one row per (record, identifier type, value), from int_identity_records. -#}
{%- set identifier_columns = [
    ('email', 'email'), ('phone', 'phone_e164'), ('loyalty_card', 'loyalty_card_no'),
    ('login_id', 'login_id'), ('ecom_account_id', 'ecom_account_id'),
    ('name_key', 'full_name_key'), ('name_latin_key', 'full_name_latin_key'),
    ('birth_date', 'birth_date'), ('postal_code', 'postal_code'),
] -%}

with

records as (
    select * from {{ ref('int_identity_records') }}
),

unpivoted as (
    {%- for identifier_type, column in identifier_columns %}
        select
            record_key
            , source_system
            , record_id
            , '{{ identifier_type }}' as identifier_type
            , cast({{ column }} as {{ dbt.type_string() }}) as identifier_value
        from records
        where {{ column }} is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
    union all
    select
        record_key
        , source_system
        , record_id
        , 'anonymous_id' as identifier_type
        , record_id as identifier_value
    from records
    where source_system = 'web'
),

value_counts as (
    -- how many records carry each value (a hash aggregate joined back: at 1M people about
    -- half the time of a count(distinct) window over the partition). A record has one value
    -- per type (one column each, record_key unique), so count(*) counts distinct records:
    -- 5.2 s against 7.7 s for count(distinct record_key) at 1M people
    select
        identifier_type
        , identifier_value
        , count(*) as records_sharing_value
    from unpivoted
    group by identifier_type, identifier_value
),

final as (
    select
        unpivoted.record_key
        , unpivoted.source_system
        , unpivoted.record_id
        , unpivoted.identifier_type
        , unpivoted.identifier_value
        , value_counts.records_sharing_value
    from unpivoted
    inner join value_counts
        on
            unpivoted.identifier_type = value_counts.identifier_type
            and unpivoted.identifier_value = value_counts.identifier_value
)

select * from final
