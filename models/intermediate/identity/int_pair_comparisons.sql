{#-
    One row per candidate pair: every gamma_ level (identity_comparisons) and the few record
    columns the match rules read (identity_pair_kept_columns). Memoized (macros/incremental/memo.sql): an incremental run compares
    only the pairs whose records, blocking rule or comparison logic changed since the last run;
    the result equals a full rebuild.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['record_key_l', 'record_key_r'],
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune(ref('int_candidate_pairs'), ['record_key_l', 'record_key_r']) }}"]
) }}
{%- do c360.memo_assert_compatible() %}

{%- set logic = c360.pair_columns('l', 'r') ~ c360.similarity_columns() ~ c360.gamma_columns() %}
{#- a pair's memo key, one expression for both places it is computed: `keys` is the pair, `l` and
    `r` its two records -#}
{%- set pair_memo_hash = c360.memo_hash(['l.record_hash', 'r.record_hash', 'keys.match_key'], logic) %}

with

pairs as (
    select * from {{ ref('int_candidate_pairs') }}
),

-- the records once per side: a CTE read twice is materialized whole
records_l as (
    select * from {{ ref('int_identity_records') }}
),

records_r as (
    select * from {{ ref('int_identity_records') }}
),

pending_keys as (
    -- the pairs to compare in this run: all on a full build; on an incremental run those whose
    -- memo key is not stored yet, found from the records' hashes alone, so that the compared
    -- values are joined to the new pairs only (not to all of them, ~12M at 1M people)
    {%- if is_incremental() %}
        select keyed.*
        from (
            select
                keys.record_key_l
                , keys.record_key_r
                , keys.match_key
                , {{ pair_memo_hash }} as memo_hash
            from pairs as keys
            inner join {{ ref('int_identity_records') }} as l on keys.record_key_l = l.record_key
            inner join {{ ref('int_identity_records') }} as r on keys.record_key_r = r.record_key
        ) as keyed
        where not exists (
            select 1 from {{ this }} as memo
            where memo.memo_hash = keyed.memo_hash
        )
    {%- else %}
        select
            pairs.record_key_l
            , pairs.record_key_r
            , pairs.match_key
        from pairs
    {%- endif %}
),

pending as (
    -- the pending pairs with both records' compared values, and their memo key
    select
        keys.record_key_l
        , keys.record_key_r
        , keys.match_key
        , {{ pair_memo_hash }} as memo_hash
        {{ c360.pair_columns('l', 'r') }}
    from pending_keys as keys
    inner join records_l as l on keys.record_key_l = l.record_key
    inner join records_r as r on keys.record_key_r = r.record_key
),

similarities as (
    select
        pending.*
        {{ c360.similarity_columns() }}
    from pending
),

compared as (
    select
        similarities.*
        {{ c360.gamma_columns() }}
    from similarities
),

final as (
    -- the levels, and only the record columns the match rules read: the compared values
    -- stay in int_identity_records (a pair row is written once per candidate pair)
    select
        record_key_l
        , record_key_r
        , match_key
        , memo_hash
        {%- for c in c360.identity_pair_kept_columns() %}
            , {{ c }}
        {%- endfor %}
        {%- for c in c360.identity_comparisons() %}
            , gamma_{{ c.name }}
        {%- endfor %}
    from compared
)

select * from final
