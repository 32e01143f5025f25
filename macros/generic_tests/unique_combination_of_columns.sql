{#
    unique_combination_of_columns(combination_of_columns)

    The grain test: no two rows share the same values of the listed columns (dbt_utils'
    test of the same name). Returns one row per duplicated combination, with its count.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- if combination_of_columns is string or combination_of_columns | length == 0 -%}
    {%- do exceptions.raise_compiler_error(
        "unique_combination_of_columns: `combination_of_columns` must be a non-empty list of column names") -%}
{%- endif -%}

with

grouped as (
    select
        {{ combination_of_columns | join('\n        , ') }}
        , count(*) as row_count
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
),

final as (
    select * from grouped
    where row_count > 1
)

select * from final

{% endtest %}
