-- Why are these records one customer? Every record of a customer and every accepted pair
-- between them, with the rule, the score and each comparison level.
-- Compile with:  dbt compile --select explain_customer --vars '{customer_id: cus_0123456789abcdef}'
{%- set customer_id = var('customer_id', 'cus_0000000000000000') %}

with

members as (
    select
        record_key,
        source_system,
        record_id,
        match_rule,
        match_confidence
    from {{ ref('customer_identity_map') }}
    where customer_id = '{{ customer_id }}'
),

edges as (
    select identity_match_edges.*
    from {{ ref('identity_match_edges') }} as identity_match_edges
    inner join members on identity_match_edges.record_key_l = members.record_key
)

select
    'record' as row_type
    , members.record_key
    , cast(null as varchar) as other_record_key
    , members.match_rule
    , members.match_confidence
    , cast(null as double) as match_weight
from members
union all
select
    'edge' as row_type
    , edges.record_key_l
    , edges.record_key_r
    , edges.match_rule
    , edges.match_confidence
    , edges.match_weight
from edges
