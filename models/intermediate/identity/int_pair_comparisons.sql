{#- One row per candidate pair: both records' compared columns and every gamma_ level (identity_comparisons). -#}
with

pairs as (
    select * from {{ ref('int_candidate_pairs') }}
),

records as (
    select * from {{ ref('int_identity_records') }}
),

joined as (
    select
        pairs.record_key_l
        , pairs.record_key_r
        , pairs.match_key
        {{ c360.pair_columns('l', 'r') }}
    from pairs
    inner join records as l on pairs.record_key_l = l.record_key
    inner join records as r on pairs.record_key_r = r.record_key
),

similarities as (
    select
        joined.*
        {{ c360.similarity_columns() }}
    from joined
),

final as (
    select
        similarities.*
        {{ c360.gamma_columns() }}
    from similarities
)

select * from final
