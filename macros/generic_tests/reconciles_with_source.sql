{#
    reconciles_with_source(source_name, table_name, source_table)

    Nothing is silently dropped in staging: the raw rows of the source equal the staged rows
    plus the rows quarantined in stg_rejects for that source table. Returns one row (the three
    counts) when they differ.
#}
{% test reconciles_with_source(model, source_name, table_name, source_table) %}

with

raw_rows as (
    select count(*) as row_count from {{ source(source_name, table_name) }}
),

staged_rows as (
    select count(*) as row_count from {{ model }}
),

rejected_rows as (
    select count(*) as row_count
    from {{ ref('stg_rejects') }}
    where source_table = '{{ source_table }}'
)

select
    raw_rows.row_count as raw_rows
    , staged_rows.row_count as staged_rows
    , rejected_rows.row_count as rejected_rows
from raw_rows
cross join staged_rows
cross join rejected_rows
where raw_rows.row_count <> staged_rows.row_count + rejected_rows.row_count

{% endtest %}
