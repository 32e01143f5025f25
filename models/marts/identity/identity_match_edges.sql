{#- One row per accepted record pair: why the two records were merged. Pairs with a record of
    an erased customer are left out (built after the erasure list, so it does not depend on
    when int_match_decisions is purged). -#}
{%- set gammas = c360.identity_comparisons() | map(attribute='name') | list -%}
with

decisions as (
    select * from {{ ref('int_match_decisions') }}
    where is_accepted
),

erased_records as (
    select record_key from {{ ref('int_privacy__erased_records') }}
),

kept as (
    select decisions.*
    from decisions
    left join erased_records as erased_l
        on decisions.record_key_l = erased_l.record_key
    left join erased_records as erased_r
        on decisions.record_key_r = erased_r.record_key
    where erased_l.record_key is null and erased_r.record_key is null
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
    from kept
)

select * from final
