{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail'
    )
}}
{#
    Every change of customer ids, appended at each run: `created` (a new customer),
    `merged` (customer_id was retired into into_customer_id when clusters merged),
    `split` (records of from_customer_id moved to the new customer_id).
#}
-- read after the erasure purge (tests/privacy/assert_purged_models_read_after_purge.sql)
-- depends_on: {{ ref('int_privacy__erased_records') }}
with

assignments as (
    select * from {{ ref('int_customer_id_assignments') }}
    where assigned_at = cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp)
),

current_ids as (
    select distinct customer_id from assignments
),

moves as (
    select
        previous_customer_id
        , customer_id
        , count(*) as records_moved
    from assignments
    where previous_customer_id is null or previous_customer_id <> customer_id
    group by previous_customer_id, customer_id
),

known_ids as (
    select distinct previous_customer_id as customer_id
    from assignments
    where previous_customer_id is not null
),

events as (
    select
        'created' as change_type
        , moves.customer_id
        , cast(null as {{ dbt.type_string() }}) as related_customer_id
        , moves.records_moved
    from moves
    left join known_ids
        on moves.customer_id = known_ids.customer_id
    where moves.previous_customer_id is null and known_ids.customer_id is null
    union all
    select
        case when current_ids.customer_id is null then 'merged' else 'split' end as change_type
        , case when current_ids.customer_id is null then moves.previous_customer_id else moves.customer_id end
            as customer_id
        , case when current_ids.customer_id is null then moves.customer_id else moves.previous_customer_id end
            as related_customer_id
        , moves.records_moved
    from moves
    left join current_ids on moves.previous_customer_id = current_ids.customer_id
    where moves.previous_customer_id is not null
),

final as (
    select
        change_type
        , customer_id
        , related_customer_id
        , cast(records_moved as integer) as records_moved
        , cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as changed_at
    from events
)

select * from final
