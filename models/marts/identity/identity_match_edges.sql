{#- One row per accepted record pair: why the two records were merged. -#}
{%- set gammas = c360.identity_comparisons() | map(attribute='name') | list -%}
with

decisions as (
    select * from {{ ref('int_match_decisions') }}
    where is_accepted
),

final as (
    select
        record_key_l
        , record_key_r
        , source_system_l
        , source_system_r
        , match_key
        , match_rule
        , cast(match_confidence as double) as match_confidence
        , cast(match_weight as double) as match_weight
        , cast(match_probability as double) as match_probability
        {%- for g in gammas %}
            , cast(gamma_{{ g }} as integer) as gamma_{{ g }}
        {%- endfor %}
    from decisions
)

select * from final
