{#
    One row per candidate pair with its Fellegi-Sunter score: `mw_<comparison>` (log2 Bayes
    factor of the pair's level, 0 when not comparable), `match_weight` = prior + their sum, and
    `match_probability` = 1 / (1 + 2^-match_weight).
#}
{%- set comparisons = c360.identity_comparisons() | selectattr('fs') | list -%}

with

pairs as (
    select * from {{ ref('int_pair_comparisons') }}
),

parameters as (
    select * from {{ ref('int_fs_parameters') }}
),

prior as (
    select match_weight as prior_weight from parameters where comparison = '__prior__'
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

final as (
    select
        weighted.*
        , prior_weight{% for c in comparisons %} + mw_{{ c.name }}{% endfor %} as match_weight
        , 1.0 / (1.0 + power(2.0, -(prior_weight{% for c in comparisons %} + mw_{{ c.name }}{% endfor %}))) as match_probability
    from weighted
)

select * from final
