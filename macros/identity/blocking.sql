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
