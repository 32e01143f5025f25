{#
    Fellegi-Sunter parameters, one row per (comparison, level), plus the prior:
    - u = P(level | two different people): from the random pairs of int_fs_u_sample;
    - m = P(level | same person): from candidate pairs that an independent, strong identifier
      already ties together (a loyalty card, login or web-shop account, or, for each comparison,
      other agreeing contact points that do not include the one being estimated);
    - both with add-one smoothing; `match_weight` = log2(m / u);
    - the prior (comparison `__prior__`): log2 odds that a candidate pair is a match, from the
      share of candidate pairs that agree on an email, phone or strong identifier.
#}
{%- set strong = "(gamma_loyalty_card = 1 or gamma_login = 1 or gamma_ecom_account = 1)" -%}
{%- set anchors = {
    'email': "(" ~ strong ~ " or (gamma_phone = 2 and gamma_birth_date = 3))",
    'phone': "(" ~ strong ~ " or (gamma_email = 2 and gamma_birth_date = 3))",
    'default': "(" ~ strong ~ " or (gamma_email = 2 and gamma_phone = 2))",
} -%}
{%- set comparisons = c360.identity_comparisons() | selectattr('fs') | list -%}

with

pairs as (
    select * from {{ ref('int_pair_comparisons') }}
),

u_sample as (
    select * from {{ ref('int_fs_u_sample') }}
),

levels as (
    {%- for c in comparisons %}
        {%- set outer = loop %}
        {%- for value in [0] + (c.levels | map('first') | list) %}
            select
                '{{ c.name }}' as comparison,
                {{ value }} as comparison_level
            {%- if not (outer.last and loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
),

m_counts as (
    {%- for c in comparisons %}
        select
            '{{ c.name }}' as comparison,
            gamma_{{ c.name }} as comparison_level,
            count(*) as pair_count
        from pairs
        where gamma_{{ c.name }} >= 0 and {{ anchors.get(c.name, anchors['default']) }}
        group by gamma_{{ c.name }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

u_counts as (
    {%- for c in comparisons %}
        select
            '{{ c.name }}' as comparison,
            gamma_{{ c.name }} as comparison_level,
            count(*) as pair_count
        from u_sample
        where gamma_{{ c.name }} >= 0
        group by gamma_{{ c.name }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

counted as (
    select
        levels.comparison
        , levels.comparison_level
        , coalesce(m_counts.pair_count, 0) as m_pairs
        , coalesce(u_counts.pair_count, 0) as u_pairs
        , count(*) over (partition by levels.comparison) as level_count
    from levels
    left join m_counts
        on levels.comparison = m_counts.comparison and levels.comparison_level = m_counts.comparison_level
    left join u_counts
        on levels.comparison = u_counts.comparison and levels.comparison_level = u_counts.comparison_level
),

probabilities as (
    select
        comparison
        , comparison_level
        , m_pairs
        , u_pairs
        , (m_pairs + 1.0) / (sum(m_pairs) over (partition by comparison) + level_count) as m_probability
        , (u_pairs + 1.0) / (sum(u_pairs) over (partition by comparison) + level_count) as u_probability
    from counted
),

prior as (
    select
        '__prior__' as comparison
        , -1 as comparison_level
        , sum(case when gamma_email = 2 or gamma_phone = 2 or {{ strong }} then 1 else 0 end) as m_pairs
        , count(*) as u_pairs
    from pairs
),

final as (
    select
        comparison
        , comparison_level
        , m_pairs
        , u_pairs
        , m_probability
        , u_probability
        , ln(m_probability / u_probability) / ln(2.0) as match_weight
    from probabilities
    union all
    select
        comparison
        , comparison_level
        , m_pairs
        , u_pairs
        , cast(null as double) as m_probability
        , cast(null as double) as u_probability
        , ln((m_pairs + 1.0) / (u_pairs - m_pairs + 1.0)) / ln(2.0) as match_weight
    from prior
)

select * from final
