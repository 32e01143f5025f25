{#
    One row per candidate pair with its Fellegi-Sunter score: `mw_<comparison>` (log2 Bayes
    factor of the pair's level, 0 when not comparable), `match_weight` = prior + their sum, and
    `match_probability` = 1 / (1 + 2^-match_weight).
    A view: its one reader, int_match_decisions, computes it within its own query.
#}
{{ config(materialized='view') }}
{%- set comparisons = c360.identity_comparisons() | selectattr('fs') | list -%}

with

pairs as (
    select * from {{ ref('int_pair_comparisons') }}
),

parameters as (
    select * from {{ ref('int_fs_parameters') }}
),

prior as (
    select match_weight as prior_weight from parameters
    where comparison = '__prior__'
),

weighted as (
    select
        pairs.*
        , prior.prior_weight
        {%- for c in comparisons %}
            , coalesce(p_{{ c.name }}.match_weight, 0) as mw_{{ c.name }}
        {%- endfor %}
    from pairs
    cross join prior
    {%- for c in comparisons %}
        left join parameters as p_{{ c.name }}
            on p_{{ c.name }}.comparison = '{{ c.name }}' and p_{{ c.name }}.comparison_level = pairs.gamma_{{ c.name }}
    {%- endfor %}
),

summed as (
    select
        weighted.*
        , weighted.prior_weight
        {%- for c in comparisons %}
            + weighted.mw_{{ c.name }}
        {%- endfor %} as match_weight
    from weighted
),

final as (
    select
        summed.*
        -- log2 odds to a probability: 1 / (1 + 2^-w)
        , 1.0 / (1.0 + power(2.0, -summed.match_weight)) as match_probability
    from summed
)

select * from final
