{#
    Random record pairs for the u probabilities (how often two different people agree by
    chance): records in a hash order, each paired with the records var('u_sample_offsets')
    places further on. Linear in the number of records, no cross join, deterministic.
#}
with

records as (
    select * from {{ ref('int_identity_records') }}
    where has_name or birth_date is not null or email_match is not null or phone_match is not null
),

ordered as (
    select
        records.*
        , row_number() over (order by {{ dbt.hash('record_key') }}, records.record_key) as sample_position
    from records
),

pairs as (
    {%- for offset in var('u_sample_offsets') %}
        select
            l.record_key as record_key_l
            , r.record_key as record_key_r
            {{ c360.pair_columns('l', 'r') }}
        from ordered as l
        inner join ordered as r on r.sample_position = l.sample_position + {{ offset }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

similarities as (
    select
        pairs.*
        {{ c360.similarity_columns() }}
    from pairs
),

final as (
    select
        record_key_l
        , record_key_r
        {{ c360.gamma_columns() }}
    from similarities
)

select * from final
