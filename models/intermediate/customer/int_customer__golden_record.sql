{#- The golden record: one row per customer that is not erased, each attribute taken whole from
    its surviving record (int_customer__attribute_survivors), with that record and the rule that
    chose it. The kana reading comes from the name's own record when it has one (rule
    `same_record_as_name`), else from the surviving kana candidate. -#}
{%- set lineage_attributes = ['name', 'name_kana', 'name_latin', 'email', 'phone', 'address', 'birth_date', 'gender'] -%}

with

spine as (
    select customer_id from {{ ref('int_customer__spine') }}
    where not is_erased
),

survivors as (
    select * from {{ ref('int_customer__attribute_survivors') }}
),

{% for attribute in lineage_attributes %}
    {{ attribute }}_survivor as (
        select * from survivors
        where attribute = '{{ attribute }}'
    ),

{% endfor %}
joined as (
    select
        spine.customer_id
        , name_survivor.first_name
        , name_survivor.last_name
        , name_survivor.first_name_kana is not null or name_survivor.last_name_kana is not null as name_has_kana
        , name_survivor.first_name_kana as name_first_name_kana
        , name_survivor.last_name_kana as name_last_name_kana
        , name_kana_survivor.first_name_kana as kana_first_name_kana
        , name_kana_survivor.last_name_kana as kana_last_name_kana
        , name_latin_survivor.first_name as first_name_latin
        , name_latin_survivor.last_name as last_name_latin
        , email_survivor.email
        , coalesce(email_survivor.is_verified, false) as is_email_verified
        , phone_survivor.phone_e164
        , address_survivor.country_code
        , address_survivor.postal_code
        , address_survivor.region
        , address_survivor.city
        , address_survivor.address_line
        , birth_date_survivor.birth_date
        , gender_survivor.gender
        {%- for attribute in lineage_attributes %}
            , {{ attribute }}_survivor.source_system as {{ attribute }}_source_system
            , {{ attribute }}_survivor.record_id as {{ attribute }}_source_record_id
            , {{ attribute }}_survivor.decided_by as {{ attribute }}_rule
        {%- endfor %}
    from spine
    left join name_survivor
        on spine.customer_id = name_survivor.customer_id
    left join name_kana_survivor
        on spine.customer_id = name_kana_survivor.customer_id
    left join name_latin_survivor
        on spine.customer_id = name_latin_survivor.customer_id
    left join email_survivor
        on spine.customer_id = email_survivor.customer_id
    left join phone_survivor
        on spine.customer_id = phone_survivor.customer_id
    left join address_survivor
        on spine.customer_id = address_survivor.customer_id
    left join birth_date_survivor
        on spine.customer_id = birth_date_survivor.customer_id
    left join gender_survivor
        on spine.customer_id = gender_survivor.customer_id
),

final as (
    select
        customer_id
        , first_name
        , last_name
        , case when name_has_kana then name_first_name_kana else kana_first_name_kana end as first_name_kana
        , case when name_has_kana then name_last_name_kana else kana_last_name_kana end as last_name_kana
        , first_name_latin
        , last_name_latin
        , email
        , is_email_verified
        , {{ c360.pii_hash('email') }} as email_hash
        , phone_e164
        , {{ c360.pii_hash('phone_e164') }} as phone_hash
        , country_code
        , postal_code
        , region
        , city
        , address_line
        , birth_date
        , gender
        {%- for attribute in lineage_attributes %}
            {%- if attribute == 'name_kana' %}
                , case when name_has_kana then name_source_system else name_kana_source_system end
                    as name_kana_source_system
                , case when name_has_kana then name_source_record_id else name_kana_source_record_id end
                    as name_kana_source_record_id
                , case when name_has_kana then 'same_record_as_name' else name_kana_rule end as name_kana_rule
            {%- else %}
                , {{ attribute }}_source_system
                , {{ attribute }}_source_record_id
                , {{ attribute }}_rule
            {%- endif %}
        {%- endfor %}
    from joined
)

select * from final
