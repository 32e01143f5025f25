{#
    block_on(name, columns, relation, max_block_size)

    One blocking rule: the pairs of records of `relation` (a CTE with `record_key`) that agree
    exactly on every column in `columns`, none NULL, each pair once (left key < right key),
    tagged `match_key = name`. Blocks with more than `max_block_size` records are skipped (a
    common surname with no birth date would otherwise produce a near cross join).
    Union the rules and keep each pair's first rule (int_candidate_pairs).
#}
{% macro block_on(name, columns, relation, max_block_size) -%}
    select
        l.record_key as record_key_l
        , r.record_key as record_key_r
        , '{{ name }}' as match_key
    from (
        -- the blocks small enough to pair (a hash aggregate: no sort of the records)
        select
            {%- for c in columns %}
            {{ c }}{{ "," if not loop.last }}
            {%- endfor %}
        from {{ relation }}
        where {% for c in columns %}{{ c }} is not null{{ " and " if not loop.last }}{% endfor %}
        group by {{ columns | join(', ') }}
        having count(*) between 2 and {{ max_block_size }}
    ) as blocks
    inner join {{ relation }} as l
        on {% for c in columns %}blocks.{{ c }} = l.{{ c }}{{ " and " if not loop.last }}{% endfor %}
    inner join {{ relation }} as r
        on {% for c in columns %}l.{{ c }} = r.{{ c }}{{ " and " if not loop.last }}{% endfor %}
        and l.record_key < r.record_key
{%- endmacro %}


{#
    first_at_or_after(targets, records)

    For each row of `targets` (a CTE with `record_key_l`, `position`), the record of `records`
    (a CTE with `record_key`, `position`, positions unique) with the smallest position at or
    after the target's: `record_key_l, record_key_r`. Targets after the last record have none.
    The u sample of int_fs_u_sample_pairs. Dispatched: DuckDB uses an ASOF join (a sort-merge,
    about 3x faster than the window and far lighter on memory); the portable version finds the
    next record position with a window over targets and records on one line.
#}
{% macro first_at_or_after(targets, records) -%}
    {{ return(adapter.dispatch('first_at_or_after', 'c360')(targets, records)) }}
{%- endmacro %}

{% macro duckdb__first_at_or_after(targets, records) -%}
    select
        {{ targets }}.record_key_l
        , {{ records }}.record_key as record_key_r
    from {{ targets }}
    asof inner join {{ records }}
        on {{ targets }}.position <= {{ records }}.position
{%- endmacro %}

{% macro default__first_at_or_after(targets, records) -%}
    select
        resolved.record_key_l
        , {{ records }}.record_key as record_key_r
    from (
        -- a target sorts before a record at the same position
        select
            record_key_l
            , is_target
            , min(case when is_target = 0 then position end) over (
                order by position asc, is_target desc
                rows between current row and unbounded following
            ) as partner_position
        from (
            select position, 0 as is_target, cast(null as {{ dbt.type_string() }}) as record_key_l from {{ records }}
            union all
            select position, 1 as is_target, record_key_l from {{ targets }}
        ) as points
    ) as resolved
    inner join {{ records }} on resolved.partner_position = {{ records }}.position
    where resolved.is_target = 1
{%- endmacro %}
