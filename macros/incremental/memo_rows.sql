{#
    Memoized staging (docs/incremental.md): a base model that cleans each raw row of an export
    once. Cleaning (text folding, e-mail and phone canonicalization, timestamp parsing) is a pure
    function of one raw row; choosing the kept version of a record id is not (it ranks the rows
    sharing the id). So the model stores one row per raw row, keyed by the raw row's fingerprint
    and its occurrence among identical rows, with the per-row result (`row_reject_reason`
    included) and `memo_hash` (a hash of the key and of the compiled cleaning SQL). An incremental run:
    - cleans only the raw rows whose key is not stored with the current memo_hash
      (memo_pending_rows);
    - ranks the versions again only for the record ids that gained or lost a raw row, from the
      new rows and the stored rows of those ids still in the export (memo_versions);
    - replaces those rows (delete+insert on the key) and prunes the keys no longer in the export
      (post-hook memo_prune with memo_raw_rows as the wanted keys).
    The table then equals a full rebuild by construction.
#}

{#
    memo_raw_rows(relation): every row of `relation` (a source) with `raw_fingerprint`
    (c360.row_fingerprint of the raw row) and `raw_occurrence` (1, 2, ... among identical raw
    rows, which an export may repeat).
#}
{% macro memo_raw_rows(relation) -%}
    select
        fingerprinted.*
        , row_number() over (
            partition by fingerprinted.raw_fingerprint order by fingerprinted.raw_fingerprint
        ) as raw_occurrence
    from (
        select
            raw_row.*
            , {{ c360.row_fingerprint('raw_row') }} as raw_fingerprint
        from {{ relation }} as raw_row
    ) as fingerprinted
{%- endmacro %}


{#
    memo_row_hash(rows, logic): the memo_hash of a raw row of the relation alias `rows` cleaned by
    the compiled SQL `logic`: a hash of its key and of the logic (c360.memo_hash).
#}
{% macro memo_row_hash(rows, logic) -%}
    {{ c360.memo_hash([rows ~ '.raw_fingerprint', rows ~ '.raw_occurrence'], logic) }}
{%- endmacro %}


{#
    memo_pending_rows(raw_rows, logic): the rows of the CTE `raw_rows` (from memo_raw_rows) to
    clean in this run: all of them on a full build; on an incremental run those whose key is not
    stored with the memo_hash of `logic`.
#}
{% macro memo_pending_rows(raw_rows, logic) -%}
    {%- do c360.memo_assert_compatible() %}
    select {{ raw_rows }}.*
    from {{ raw_rows }}
    {%- if is_incremental() %}
        where not exists (
            select 1 from {{ this }} as memo
            where
                memo.raw_fingerprint = {{ raw_rows }}.raw_fingerprint
                and memo.raw_occurrence = {{ raw_rows }}.raw_occurrence
                and memo.memo_hash = {{ c360.memo_row_hash(raw_rows, logic) }}
        )
    {%- endif %}
{%- endmacro %}


{#
    memo_versions(results, raw_rows, record_id, version_order, logic): the rows this run writes,
    with `memo_hash` and `version_rank` (1 for the version a staging model keeps, by
    `version_order`, then the raw fingerprint and occurrence, so ties are broken the same way
    on every run). `results` is the CTE of the newly cleaned rows (with `raw_fingerprint`,
    `raw_occurrence`, and no `reject_reason` or `memo_hash`). On an incremental run it adds the
    stored rows of every record id that gained or lost a raw row (still in `raw_rows`, not
    recomputed), so their ranks are recomputed over all the id's rows.
#}
{% macro memo_versions(results, raw_rows, record_id, version_order, logic) -%}
    {%- set rank = c360.memo_version_rank(record_id, version_order) -%}
    {%- if is_incremental() -%}
        {%- set stored = [] -%}
        {%- for column in adapter.get_columns_in_relation(this) -%}
            {%- if column.name | lower not in ('reject_reason', 'version_rank') -%}
                {%- do stored.append(column.name | lower) -%}
            {%- endif -%}
        {%- endfor %}
    select
        candidates.*
        , {{ rank }} as version_rank
    from (
        select
            {%- for column in stored %}
                {{ column }}{{ "," if not loop.last }}
            {%- endfor %}
        from (
            select
                {{ results }}.*
                , {{ c360.memo_row_hash(results, logic) }} as memo_hash
            from {{ results }}
        ) as new_rows
        union all
        select
            {%- for column in stored %}
                memo.{{ column }}{{ "," if not loop.last }}
            {%- endfor %}
        from {{ this }} as memo
        where
            memo.{{ record_id }} in (
                select {{ results }}.{{ record_id }} from {{ results }}
                union all
                select gone.{{ record_id }}
                from {{ this }} as gone
                where not exists (
                    select 1 from {{ raw_rows }} as present
                    where present.raw_fingerprint = gone.raw_fingerprint and present.raw_occurrence = gone.raw_occurrence
                )
            )
            and exists (
                select 1 from {{ raw_rows }} as present
                where present.raw_fingerprint = memo.raw_fingerprint and present.raw_occurrence = memo.raw_occurrence
            )
            and not exists (
                select 1 from {{ results }} as recomputed
                where recomputed.raw_fingerprint = memo.raw_fingerprint and recomputed.raw_occurrence = memo.raw_occurrence
            )
    ) as candidates
    {%- else %}
    select
        {{ results }}.*
        , {{ c360.memo_row_hash(results, logic) }} as memo_hash
        , {{ rank }} as version_rank
    from {{ results }}
    {%- endif %}
{%- endmacro %}


{#
    memo_version_rank(record_id, version_order): the window expression of memo_versions.
#}
{% macro memo_version_rank(record_id, version_order) -%}
    row_number() over (partition by {{ record_id }} order by {{ version_order }}, raw_fingerprint, raw_occurrence)
{%- endmacro %}


{#
    memo_version_reject_reason(): the reject reason of a memoized base row: a missing record id
    first, then a repeated one (version_rank > 1), then the row's own reason.
#}
{% macro memo_version_reject_reason() -%}
    case
        when row_reject_reason = 'missing_record_id' then row_reject_reason
        when version_rank > 1 then 'duplicate_record_id'
        else row_reject_reason
    end
{%- endmacro %}
