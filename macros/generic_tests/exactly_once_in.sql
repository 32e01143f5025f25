{#
    exactly_once_in(to, field, to_filter=none, model_filter=none)

    Every key of `to` (column `field`, rows matching `to_filter`) appears exactly once in the
    tested column of the model (rows matching `model_filter`), and the model holds no key that
    is not in `to`: no record lost, none fanned out, none invented. For "every staged record
    mapped exactly once". Returns one row per offending key with both counts.
#}
{% test exactly_once_in(model, column_name, to, field, to_filter=none, model_filter=none) %}

with

expected as (
    select
        {{ field }} as key_value
        , count(*) as expected_count
    from {{ to }}
    where {{ field }} is not null
        {% if to_filter %}and ({{ to_filter }}){% endif %}
    group by {{ field }}
),

actual as (
    select
        {{ column_name }} as key_value
        , count(*) as actual_count
    from {{ model }}
    where {{ column_name }} is not null
        {% if model_filter %}and ({{ model_filter }}){% endif %}
    group by {{ column_name }}
),

compared as (
    select
        coalesce(expected.key_value, actual.key_value) as key_value
        , coalesce(expected.expected_count, 0) as expected_count
        , coalesce(actual.actual_count, 0) as actual_count
    from expected
    full outer join actual
        on expected.key_value = actual.key_value
),

final as (
    select * from compared
    where expected_count = 0 or actual_count <> 1
)

select * from final

{% endtest %}
