{#
    equal_row_count(compare_model, compare_filter=none, model_filter=none)

    Row-count equality between two relations (dbt_utils.equal_rowcount), each optionally
    filtered by a SQL condition. Returns one row with both counts when they differ.
#}
{% test equal_row_count(model, compare_model, compare_filter=none, model_filter=none) %}

with

model_rows as (
    select count(*) as row_count
    from {{ model }}
    {% if model_filter %}where {{ model_filter }}{% endif %}
),

compare_rows as (
    select count(*) as row_count
    from {{ compare_model }}
    {% if compare_filter %}where {{ compare_filter }}{% endif %}
),

final as (
    select
        model_rows.row_count as model_row_count
        , compare_rows.row_count as compare_row_count
    from model_rows
    cross join compare_rows
    where model_rows.row_count <> compare_rows.row_count
)

select * from final

{% endtest %}
