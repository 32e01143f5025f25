{#-
    The comparison levels of the random record pairs of int_fs_u_sample_pairs, for the u
    probabilities. Memoized (macros/incremental/memo.sql): an incremental run compares only the
    sample pairs that are new or whose records or comparison logic changed.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['record_key_l', 'record_key_r'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune(ref('int_fs_u_sample_pairs'), ['record_key_l', 'record_key_r']) }}"]
) }}
{%- do c360.memo_assert_compatible() %}

{%- set logic = c360.pair_columns('l', 'r') ~ c360.similarity_columns() ~ c360.gamma_columns() %}

with

sample_pairs as (
    select * from {{ ref('int_fs_u_sample_pairs') }}
),

-- the records once per side: a CTE read twice is materialized whole
records_l as (
    select * from {{ ref('int_identity_records') }}
),

records_r as (
    select * from {{ ref('int_identity_records') }}
),

wanted as (
    -- every pair with both records' compared values, and its memo key
    select
        sample_pairs.record_key_l
        , sample_pairs.record_key_r
        , {{ c360.memo_hash(['l.record_hash', 'r.record_hash'], logic) }} as memo_hash
        {{ c360.pair_columns('l', 'r') }}
    from sample_pairs
    inner join records_l as l on sample_pairs.record_key_l = l.record_key
    inner join records_r as r on sample_pairs.record_key_r = r.record_key
),

pending as (
    -- the pairs to compare in this run: all on a full build, new memo keys on an incremental run
    select wanted.*
    from wanted
    {%- if is_incremental() %}
        where not exists (
            select 1 from {{ this }} as memo
            where memo.memo_hash = wanted.memo_hash
        )
    {%- endif %}
),

similarities as (
    select
        pending.*
        {{ c360.similarity_columns() }}
    from pending
),

final as (
    select
        record_key_l
        , record_key_r
        , memo_hash
        {{ c360.gamma_columns() }}
    from similarities
)

select * from final
