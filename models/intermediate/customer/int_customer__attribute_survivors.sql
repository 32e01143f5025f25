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

with

all_candidates as (
    select * from {{ ref('int_customer__attribute_candidates') }}
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

pending as (
    -- the customers to decide in this run: all on a full build, new memo keys on an incremental run
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
    select all_candidates.*
    from all_candidates
    inner join pending on all_candidates.customer_id = pending.customer_id
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

-- keys and scores only: the windows below sort these, the values (and the rule names) are
-- joined back at the end
scored as (
    select
        candidates.customer_id
        , candidates.attribute
        , candidates.record_key
        , candidates.value_key
        , candidates.display_score
        {%- for i in range(1, max_rules + 1) %}
            , rule_order.rule_{{ i }}
        {%- endfor %}
        , cast(case
            when value_counts.any_verified = 1 then 1
            when candidates.is_bounced then -1
            else 0
        end as {{ dbt.type_numeric() }}) as verified_score
        , cast(value_counts.frequency as {{ dbt.type_numeric() }}) as frequency_score
        , cast(-candidates.source_priority as {{ dbt.type_numeric() }}) as source_priority_score
        , cast(
            coalesce({{ dbt.datediff("cast('1970-01-01' as timestamp)", 'candidates.record_at', 'second') }}, 0)
            as {{ dbt.type_numeric() }}
        ) as recency_score
        , cast(candidates.completeness as {{ dbt.type_numeric() }}) as completeness_score
    from candidates
    inner join rule_order
        on candidates.attribute = rule_order.attribute
    inner join value_counts
        on
            candidates.customer_id = value_counts.customer_id
            and candidates.attribute = value_counts.attribute
            and candidates.value_key = value_counts.value_key
),

ordered as (
    select
        scored.customer_id
        , scored.attribute
        , scored.record_key
        , scored.value_key
        , scored.display_score
        {%- for i in range(1, max_rules + 1) %}
            , case scored.rule_{{ i }}
                when 'verified' then scored.verified_score
                when 'frequency' then scored.frequency_score
                when 'source_priority' then scored.source_priority_score
                when 'recency' then scored.recency_score
                when 'completeness' then scored.completeness_score
                else 0
            end as score_{{ i }}
        {%- endfor %}
    from scored
),

ranked as (
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
        , row_number() over (
            partition by ordered.customer_id, ordered.attribute, ordered.value_key
            order by
                ordered.display_score desc,
                {%- for i in range(1, max_rules + 1) %}
                    ordered.score_{{ i }} desc,
                {%- endfor %}
                ordered.record_key asc
        ) as display_rank_in_value
        , count(*) over (partition by ordered.customer_id, ordered.attribute) as candidate_count
    from ordered
),

best_per_value as (
    select
        ranked.*
        , row_number() over (
            partition by ranked.customer_id, ranked.attribute
            order by
                {%- for i in range(1, max_rules + 1) %}
                    ranked.score_{{ i }} desc,
                {%- endfor %}
                ranked.record_key asc
        ) as value_rank
    from ranked
    where ranked.rank_in_value = 1
),

winners as (
    select * from best_per_value
    where value_rank = 1
),

runners_up as (
    select * from best_per_value
    where value_rank = 2
),

displayed as (
    select * from ranked
    where display_rank_in_value = 1
),

final as (
    select
        winners.customer_id
        , winners.attribute
        , displayed.record_key
        , candidates.source_system
        , candidates.record_id
        , winners.value_key
        , winners.candidate_count
        , case
            when winners.candidate_count = 1 then 'single_candidate'
            when runners_up.customer_id is null then 'all_candidates_agree'
            {%- for i in range(1, max_rules + 1) %}
                when winners.score_{{ i }} <> runners_up.score_{{ i }} then rule_order.rule_{{ i }}
            {%- endfor %}
            else 'tie_break'
        end as decided_by
        , candidates.is_verified
        , candidates.first_name
        , candidates.last_name
        , candidates.first_name_kana
        , candidates.last_name_kana
        , candidates.email
        , candidates.phone_e164
        , candidates.country_code
        , candidates.postal_code
        , candidates.region
        , candidates.city
        , candidates.address_line
        , candidates.birth_date
        , candidates.gender
        , pending.memo_hash
    from winners
    inner join pending on winners.customer_id = pending.customer_id
    inner join displayed
        on
            winners.customer_id = displayed.customer_id
            and winners.attribute = displayed.attribute
            and winners.value_key = displayed.value_key
    inner join candidates
        on
            displayed.customer_id = candidates.customer_id
            and displayed.attribute = candidates.attribute
            and displayed.record_key = candidates.record_key
    inner join rule_order
        on winners.attribute = rule_order.attribute
    left join runners_up
        on
            winners.customer_id = runners_up.customer_id
            and winners.attribute = runners_up.attribute
)

select * from final
