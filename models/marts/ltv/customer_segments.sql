-- one row per customer (prospects included): RFM scores and segment, lifecycle stage, value
-- tier, churn risk and the next best action allowed by the customer's consent

with

customer_ltv as (

    select * from {{ ref('customer_ltv') }}

),

consent as (

    select * from {{ ref('customer_consent_flags') }}

),

rfm_segments as (

    select * from {{ ref('ltv_rfm_segments') }}

),

value_tiers as (

    select * from {{ ref('ltv_value_tiers') }}

),

next_best_actions as (

    select * from {{ ref('ltv_next_best_actions') }}

),

-- quintile scores by percent rank, so that tied customers share a score (5 = best)
scores as (

    select
        customer_id
        , cast(
            least(5, 1 + floor(5 * percent_rank() over (order by days_since_last_purchase desc)))
            as {{ dbt.type_int() }}
        ) as recency_score
        , cast(
            least(5, 1 + floor(5 * percent_rank() over (order by n_purchase_days))) as {{ dbt.type_int() }}
        ) as frequency_score
        , cast(
            least(5, 1 + floor(5 * percent_rank() over (order by revenue_jpy))) as {{ dbt.type_int() }}
        ) as monetary_score
        , percent_rank() over (order by predicted_clv_jpy) as value_percent_rank
    from customer_ltv
    where has_purchased

),

segment_matches as (

    select
        scores.customer_id
        , rfm_segments.rfm_segment
        , row_number() over (partition by scores.customer_id order by rfm_segments.priority) as match_rank
    from scores
    inner join rfm_segments
        on
            scores.recency_score between rfm_segments.recency_score_min and rfm_segments.recency_score_max
            and scores.frequency_score between rfm_segments.frequency_score_min and rfm_segments.frequency_score_max
            and scores.monetary_score between rfm_segments.monetary_score_min and rfm_segments.monetary_score_max

),

tier_matches as (

    select
        scores.customer_id
        , value_tiers.value_tier
        , row_number() over (partition by scores.customer_id order by value_tiers.min_percent_rank desc) as match_rank
    from scores
    inner join value_tiers
        on scores.value_percent_rank >= value_tiers.min_percent_rank
    where scores.value_percent_rank is not null

),

lifecycle as (

    select
        customer_ltv.customer_id
        , case
            when not customer_ltv.has_purchased then 'prospect'
            when customer_ltv.tenure_days <= {{ c360.ltv_var('ltv_new_customer_days') }} then 'new'
            when
                customer_ltv.days_since_last_purchase <= {{ c360.ltv_var('ltv_reactivation_window_days') }}
                and customer_ltv.days_before_last_purchase > {{ c360.ltv_var('ltv_lapsed_after_days') }}
                then 'reactivated'
            when customer_ltv.days_since_last_purchase > {{ c360.ltv_var('ltv_lapsed_after_days') }} then 'lapsed'
            when customer_ltv.churn_risk = 'high' then 'at risk'
            else 'active'
        end as lifecycle_stage
    from customer_ltv

),

segmented as (

    select
        customer_ltv.customer_id
        , customer_ltv.churn_risk
        , customer_ltv.predicted_clv_jpy
        , scores.recency_score
        , scores.frequency_score
        , scores.monetary_score
        , segment_matches.rfm_segment
        , lifecycle.lifecycle_stage
        , tier_matches.value_tier
        , coalesce(consent.can_email_marketing, false) as can_email_marketing
        , coalesce(consent.can_sms_marketing, false) as can_sms_marketing
        , coalesce(consent.can_phone_marketing, false) as can_phone_marketing
        , coalesce(consent.can_post_marketing, false) as can_post_marketing
        , coalesce(consent.can_push_marketing, false) as can_push_marketing
        , coalesce(consent.is_erased, false) as is_erased
    from customer_ltv
    inner join lifecycle
        on customer_ltv.customer_id = lifecycle.customer_id
    left join scores
        on customer_ltv.customer_id = scores.customer_id
    left join segment_matches
        on
            customer_ltv.customer_id = segment_matches.customer_id
            and segment_matches.match_rank = 1
    left join tier_matches
        on
            customer_ltv.customer_id = tier_matches.customer_id
            and tier_matches.match_rank = 1
    left join consent
        on customer_ltv.customer_id = consent.customer_id

),

-- rules whose conditions match and whose consent is granted; erased customers only get no contact
action_matches as (

    select
        segmented.customer_id
        , next_best_actions.priority
        , next_best_actions.next_best_action
        , next_best_actions.channel
        , next_best_actions.required_consent
        , row_number() over (partition by segmented.customer_id order by next_best_actions.priority) as match_rank
    from segmented
    inner join next_best_actions
        on
            (next_best_actions.rfm_segment = '*' or segmented.rfm_segment = next_best_actions.rfm_segment)
            and (
                next_best_actions.lifecycle_stage = '*'
                or segmented.lifecycle_stage = next_best_actions.lifecycle_stage
            )
            and (next_best_actions.churn_risk = '*' or segmented.churn_risk = next_best_actions.churn_risk)
            and (next_best_actions.value_tier = '*' or segmented.value_tier = next_best_actions.value_tier)
    where
        case next_best_actions.required_consent
            when 'none' then true
            when 'email' then segmented.can_email_marketing
            when 'sms' then segmented.can_sms_marketing
            when 'phone' then segmented.can_phone_marketing
            when 'post' then segmented.can_post_marketing
            when 'push' then segmented.can_push_marketing
            else false
        end
        and (
            not segmented.is_erased
            or (next_best_actions.required_consent = 'none' and next_best_actions.channel = 'none')
        )

),

final as (

    select
        cast(segmented.customer_id as {{ dbt.type_string() }}) as customer_id
        , cast(segmented.recency_score as {{ dbt.type_int() }}) as recency_score
        , cast(segmented.frequency_score as {{ dbt.type_int() }}) as frequency_score
        , cast(segmented.monetary_score as {{ dbt.type_int() }}) as monetary_score
        , cast(case
            when segmented.recency_score is not null
                then {{ dbt.concat([
                    dbt.cast('segmented.recency_score', dbt.type_string()),
                    dbt.cast('segmented.frequency_score', dbt.type_string()),
                    dbt.cast('segmented.monetary_score', dbt.type_string())]) }}
        end as {{ dbt.type_string() }}) as rfm_score
        , cast(segmented.rfm_segment as {{ dbt.type_string() }}) as rfm_segment
        , cast(segmented.lifecycle_stage as {{ dbt.type_string() }}) as lifecycle_stage
        , cast(segmented.value_tier as {{ dbt.type_string() }}) as value_tier
        , cast(segmented.churn_risk as {{ dbt.type_string() }}) as churn_risk
        , cast(segmented.predicted_clv_jpy as {{ c360.type_double() }}) as predicted_clv_jpy
        , cast(action_matches.next_best_action as {{ dbt.type_string() }}) as next_best_action
        , cast(action_matches.channel as {{ dbt.type_string() }}) as next_best_action_channel
        , cast(action_matches.priority as {{ dbt.type_int() }}) as next_best_action_rule
        , cast(segmented.can_email_marketing as {{ dbt.type_boolean() }}) as can_email_marketing
        , cast(segmented.is_erased as {{ dbt.type_boolean() }}) as is_erased
    from segmented
    left join action_matches
        on
            segmented.customer_id = action_matches.customer_id
            and action_matches.match_rank = 1

)

select * from final
