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
        select
            record_key
            {%- for c in columns %}
            , {{ c }}
            {%- endfor %}
            , count(*) over (partition by {{ columns | join(', ') }}) as block_size
        from {{ relation }}
        where {% for c in columns %}{{ c }} is not null{{ " and " if not loop.last }}{% endfor %}
    ) as l
    inner join (
        select
            record_key
            {%- for c in columns %}
            , {{ c }}
            {%- endfor %}
        from {{ relation }}
        where {% for c in columns %}{{ c }} is not null{{ " and " if not loop.last }}{% endfor %}
    ) as r
        on {% for c in columns %}l.{{ c }} = r.{{ c }}{{ " and " if not loop.last }}{% endfor %}
        and l.record_key < r.record_key
    where l.block_size <= {{ max_block_size }}
{%- endmacro %}
