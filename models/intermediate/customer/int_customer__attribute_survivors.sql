{#- Survivorship: per customer and attribute, the winning candidate and the rule that chose it.
    The rules and their order per attribute come from the survivorship_rules seed; each rule is
    a score (higher wins), so the order is data, not code:
      verified        1 for a verified address (shop-verified or opened/clicked), -1 bounced, 0 else
      frequency       how many of the customer's records carry the same value
      source_priority minus the source's priority (survivorship_source_priority seed)
      recency         the record's time (update, creation, enrolment or event), in seconds
      completeness    share of the attribute's fields the record fills
    Values compete through their best candidate; `decided_by` is the first rule on which the
    winning value's best candidate beats the best candidate of the runner-up value;
    `all_candidates_agree` when every candidate has the same value, `single_candidate` when
    there is one, `tie_break` when every rule ties (the lowest record key wins). Among the
    records carrying the winning value, the best-written one (display_score) is shown.
    Memoized per customer (macros/incremental/memo.sql): an incremental run decides again only
    the customers whose candidates (or the rules, or this model's SQL) changed. -#}
{%- set max_rules = 5 -%}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='customer_id',
    on_schema_change='fail',
    post_hook=["{{ c360.memo_prune('(select distinct customer_id from ' ~ ref('int_customer__attribute_candidates') ~ ')', ['customer_id']) }}"]
) }}
{%- do c360.memo_assert_compatible() %}

with

all_candidates as (
    select * from {{ ref('int_customer__attribute_candidates') }}
),

-- the same rows again, read once each where they are needed (a CTE read twice is
-- materialized whole, and these rows are wide)
candidate_scores as (
    select
        customer_id
        , attribute
        , record_key
        , value_key
        , display_score
        , is_verified
        , is_bounced
        , source_priority
        , record_at
        , completeness
    from {{ ref('int_customer__attribute_candidates') }}
),

candidate_values as (
    select
        customer_id
        , attribute
        , record_key
        , source_system
        , record_id
        , is_verified
        , first_name
        , last_name
        , first_name_kana
        , last_name_kana
        , email
        , phone_e164
        , country_code
        , postal_code
        , region
        , city
        , address_line
        , birth_date
        , gender
    from {{ ref('int_customer__attribute_candidates') }}
),

rules as (
    select
        attribute
        , rule_order
        , rule
    from {{ ref('survivorship_rules') }}
),

rule_texts as (
    select {{ dbt.concat(['attribute', "':'", dbt.cast('rule_order', dbt.type_string()), "':'", 'rule']) }} as rule_text
    from rules
),

rules_fingerprint as (
    select {{ dbt.listagg('rule_text', "','", 'order by rule_text') }} as rules_text
    from rule_texts
),

customer_fingerprints as (
    select
        all_candidates.customer_id
        , {{ c360.group_fingerprint('all_candidates') }} as candidates_fingerprint
    from all_candidates
    group by all_candidates.customer_id
),

customer_memo as (
    -- a customer's memo key: every candidate row of the customer, the rules and this model's SQL
    select
        customer_fingerprints.customer_id
        , {{ c360.memo_hash([
            'customer_fingerprints.candidates_fingerprint',
            'rules_fingerprint.rules_text'
        ], c360.model_code()) }} as memo_hash
    from customer_fingerprints
    cross join rules_fingerprint
),

pending as {{ c360.cte_materialized() }} (
    -- the customers to decide in this run: all on a full build, new memo keys on an incremental run.
    -- Materialized: else DuckDB computes the memo hash (a hash of a long text) again for each of
    -- the customer's ~5 winning attributes in `final`, about 6 s of CPU at 1M people
    select customer_memo.*
    from customer_memo
    {%- if is_incremental() %}
        where not exists (
            select 1 from {{ this }} as memo
            where memo.memo_hash = customer_memo.memo_hash
        )
    {%- endif %}
),

candidates as (
    -- the customers to decide, keys and score inputs only: the windows below sort these rows,
    -- and the values are joined back for the winners at the end
    select candidate_scores.*
    from
        candidate_scores
    {%- if is_incremental() %}
    inner join pending on candidate_scores.customer_id = pending.customer_id
    {%- endif %}
),

rule_order as (
    select
        attribute
        {%- for i in range(1, max_rules + 1) %}
            , max(case when rule_order = {{ i }} then rule end) as rule_{{ i }}
        {%- endfor %}
    from rules
    group by attribute
),

value_counts as (
    select
        customer_id
        , attribute
        , value_key
        , count(*) as frequency
        , max(case when is_verified then 1 else 0 end) as any_verified
    from candidates
    group by customer_id, attribute, value_key
),

attribute_counts as (
    -- per customer and attribute: the candidates and the distinct values they hold
    select
        customer_id
        , attribute
        , sum(frequency) as candidate_count
        , count(*) as value_count
    from value_counts
    group by customer_id, attribute
),

value_stats as (
    select
        value_counts.*
        , attribute_counts.candidate_count
        , attribute_counts.value_count
    from value_counts
    inner join attribute_counts
        on
            value_counts.customer_id = attribute_counts.customer_id
            and value_counts.attribute = attribute_counts.attribute
),

-- the rule scores in the attribute's rule order (doubles: exact for these integers and
-- six-digit shares, and cheaper to sort than wide decimals)
ordered as (
    select
        candidates.customer_id
        , candidates.attribute
        , candidates.record_key
        , candidates.value_key
        , candidates.display_score
        , value_stats.candidate_count
        , value_stats.value_count
        {%- for i in range(1, max_rules + 1) %}
            , cast(case rule_order.rule_{{ i }}
                when 'verified'
                    then case
                        when value_stats.any_verified = 1 then 1
                        when candidates.is_bounced then -1
                        else 0
                    end
                when 'frequency' then value_stats.frequency
                when 'source_priority' then -candidates.source_priority
                when 'recency'
                    then coalesce(
                        {{ dbt.datediff("cast('1970-01-01' as timestamp)", 'candidates.record_at', 'second') }}, 0
                    )
                when 'completeness' then candidates.completeness
                else 0
            end as {{ c360.type_double() }}) as score_{{ i }}
        {%- endfor %}
    from candidates
    inner join rule_order
        on candidates.attribute = rule_order.attribute
    inner join value_stats
        on
            candidates.customer_id = value_stats.customer_id
            and candidates.attribute = value_stats.attribute
            and candidates.value_key = value_stats.value_key
),

-- one candidate: it wins, and is shown (no window needed; most customer attributes)
single_winners as (
    select
        customer_id
        , attribute
        , value_key
        , record_key as displayed_record_key
        , candidate_count
        , 'single_candidate' as decided_by
    from ordered
    where candidate_count = 1
),

-- several candidates: per value, the best-written candidate (shown if the value wins)
ranked as (
    select
        ordered.*
        , row_number() over (
            partition by ordered.customer_id, ordered.attribute, ordered.value_key
            order by
                ordered.display_score desc,
                {%- for i in range(1, max_rules + 1) %}
                    ordered.score_{{ i }} desc,
                {%- endfor %}
                ordered.record_key asc
        ) as display_rank_in_value
    from ordered
    where ordered.candidate_count > 1
),

displayed as (
    select * from ranked
    where display_rank_in_value = 1
),

-- every candidate holds the same value: it wins, and the best-written candidate is shown
agreeing_winners as (
    select
        customer_id
        , attribute
        , value_key
        , record_key as displayed_record_key
        , candidate_count
        , 'all_candidates_agree' as decided_by
    from displayed
    where value_count = 1
),

-- several values: they compete through their best candidates (by the rules)
value_best as (
    select
        ordered.*
        , row_number() over (
            partition by ordered.customer_id, ordered.attribute, ordered.value_key
            order by
                {%- for i in range(1, max_rules + 1) %}
                    ordered.score_{{ i }} desc,
                {%- endfor %}
                ordered.record_key asc
        ) as rank_in_value
    from ordered
    where ordered.value_count > 1
),

best_per_value as (
    select
        value_best.*
        , row_number() over (
            partition by value_best.customer_id, value_best.attribute
            order by
                {%- for i in range(1, max_rules + 1) %}
                    value_best.score_{{ i }} desc,
                {%- endfor %}
                value_best.record_key asc
        ) as value_rank
    from value_best
    where value_best.rank_in_value = 1
),

contested_winners as (
    -- decided by the first rule on which the winner's best candidate beats the runner-up's
    select
        winners.customer_id
        , winners.attribute
        , winners.value_key
        , displayed.record_key as displayed_record_key
        , winners.candidate_count
        , case
            {%- for i in range(1, max_rules + 1) %}
                when winners.score_{{ i }} <> runners_up.score_{{ i }} then rule_order.rule_{{ i }}
            {%- endfor %}
            else 'tie_break'
        end as decided_by
    from best_per_value as winners
    inner join best_per_value as runners_up
        on
            winners.customer_id = runners_up.customer_id
            and winners.attribute = runners_up.attribute
            and runners_up.value_rank = 2
    inner join displayed
        on
            winners.customer_id = displayed.customer_id
            and winners.attribute = displayed.attribute
            and winners.value_key = displayed.value_key
    inner join rule_order
        on winners.attribute = rule_order.attribute
    where winners.value_rank = 1
),

winners as (
    select * from single_winners
    union all
    select * from agreeing_winners
    union all
    select * from contested_winners
),

final as (
    select
        winners.customer_id
        , winners.attribute
        , winners.displayed_record_key as record_key
        , candidate_values.source_system
        , candidate_values.record_id
        , winners.value_key
        , winners.candidate_count
        , winners.decided_by
        , candidate_values.is_verified
        , candidate_values.first_name
        , candidate_values.last_name
        , candidate_values.first_name_kana
        , candidate_values.last_name_kana
        , candidate_values.email
        , candidate_values.phone_e164
        , candidate_values.country_code
        , candidate_values.postal_code
        , candidate_values.region
        , candidate_values.city
        , candidate_values.address_line
        , candidate_values.birth_date
        , candidate_values.gender
        , pending.memo_hash
    from winners
    inner join pending on winners.customer_id = pending.customer_id
    inner join candidate_values
        on
            winners.customer_id = candidate_values.customer_id
            and winners.attribute = candidate_values.attribute
            and winners.displayed_record_key = candidate_values.record_key
)

select * from final
