{#
    Memoized models: incremental models that equal a full rebuild (docs/incremental.md).

    A memoized model stores, for each row key, the result of an expensive but *pure* function
    of its inputs (a record pair's comparison levels, a raw row's cleaned values), together with
    `memo_hash`: a hash of everything the result depends on (the input rows' fingerprints and the
    compiled SQL of the function). On an incremental run only keys whose memo_hash is not in the
    table yet are computed (the model's `pending` CTE); `delete+insert` on the row key replaces their old
    rows; the post-hook `memo_prune` deletes the rows whose key is no longer wanted. The table
    then holds exactly what a full rebuild computes, by construction: a changed input or a
    changed macro, var or threshold changes memo_hash, so nothing stale survives a rerun.
#}

{#
    row_fingerprint(relation_alias): a text hash of every column of one row of a CTE or table
    alias (its values and column names), used as the row's memo input. Dispatched: DuckDB casts
    the row struct to text, Spark hashes `to_json(struct(alias.*))`.
#}
{% macro row_fingerprint(relation_alias) -%}
    {{ return(adapter.dispatch('row_fingerprint', 'c360')(relation_alias)) }}
{%- endmacro %}

{% macro default__row_fingerprint(relation_alias) -%}
    md5(cast({{ relation_alias }} as {{ dbt.type_string() }}))
{%- endmacro %}

{% macro duckdb__row_fingerprint(relation_alias) -%}
    {#- the row struct's 64-bit hash: ~10x cheaper than md5 of the row as text. A DuckDB
        upgrade that changed hash() would only recompute every memo once, never reuse a stale one -#}
    cast(hash({{ relation_alias }}) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__row_fingerprint(relation_alias) -%}
    md5(to_json(struct({{ relation_alias }}.*)))
{%- endmacro %}


{#
    group_fingerprint(relation_alias): an AGGREGATE over the rows of `relation_alias` in a
    group: a text fingerprint of the group's rows that does not depend on their order (and
    counts a repeated row twice). The memo input of a model memoized per group (the survivors,
    per customer). Dispatched: DuckDB and Spark sum 64-bit row hashes (no sort, no string
    building; as hugeint / decimal, so the sum cannot overflow); elsewhere an ordered listagg of
    row md5s.
#}
{% macro group_fingerprint(relation_alias) -%}
    {{ return(adapter.dispatch('group_fingerprint', 'c360')(relation_alias)) }}
{%- endmacro %}

{% macro default__group_fingerprint(relation_alias) -%}
    {{ dbt.listagg(c360.row_fingerprint(relation_alias), "','", 'order by ' ~ c360.row_fingerprint(relation_alias)) }}
{%- endmacro %}

{% macro duckdb__group_fingerprint(relation_alias) -%}
    cast(sum(hash({{ relation_alias }})) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__group_fingerprint(relation_alias) -%}
    cast(sum(cast(xxhash64(to_json(struct({{ relation_alias }}.*))) as decimal(38, 0))) as string)
{%- endmacro %}


{#
    memo_hash(parts, logic): the memo key of a row, from text expressions `parts` (input
    fingerprints, keys) and `logic` (the compiled SQL of the function, hashed at compile time
    with local_md5, so a change of code or vars invalidates the memo).
#}
{% macro memo_hash(parts, logic) -%}
    {%- set pieces = [] -%}
    {%- for part in parts -%}
        {%- do pieces.append("coalesce(cast(" ~ part ~ " as " ~ dbt.type_string() ~ "), '~')") -%}
        {%- do pieces.append("'|'") -%}
    {%- endfor -%}
    {%- do pieces.append("'" ~ local_md5(logic | string) ~ "'") -%}
    {{ dbt.hash(dbt.concat(pieces)) }}
{%- endmacro %}


{#
    memo_assert_compatible(): call at the top of a memoized model. On an incremental run, fails
    with a clear message when the stored table lacks a column the memo reads (`memo_hash` and
    the row key, config unique_key): a table built by an earlier version of this project, whose
    rows cannot be reused. Without it the run fails inside the model's SQL (a binder error on the
    `memo` alias). Nothing to check on a full build.
#}
{% macro memo_assert_compatible() -%}
    {%- if execute and is_incremental() -%}
        {%- set unique_key = config.get('unique_key') -%}
        {%- set keys = unique_key if unique_key is not string else [unique_key] -%}
        {%- set present = [] -%}
        {%- for column in adapter.get_columns_in_relation(this) -%}
            {%- do present.append(column.name | lower) -%}
        {%- endfor -%}
        {%- set missing = [] -%}
        {%- for column in ['memo_hash'] + (keys | list) -%}
            {%- if column | lower not in present -%}{%- do missing.append(column) -%}{%- endif -%}
        {%- endfor -%}
        {%- if missing -%}
            {%- do exceptions.raise_compiler_error(
                "c360: " ~ this ~ " was built by an earlier version of this project: it has no column "
                ~ missing | join(", ") ~ ", so its memoized rows cannot be reused. Rebuild this table once with "
                ~ "`dbt build --full-refresh --select " ~ model.name ~ "` (the other tables, customer ids "
                ~ "included, are kept), then run `dbt build` as usual; or rebuild everything with "
                ~ "`dbt build --full-refresh` (docs/incremental.md)."
            ) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#
    memo_prune(wanted, key_columns): post-hook of a memoized model. Deletes the rows of `this`
    whose key (`key_columns`) is not in the relation `wanted` (the keys the model should hold
    now). Nothing to do on a full build. Dispatched: Spark rewrites the table (plain Parquet
    tables have no row-level delete).
#}
{% macro memo_prune(wanted, key_columns) -%}
    {%- if not execute or not is_incremental() -%}{{ return('select 1 as memo_pruned') }}{%- endif -%}
    {{ return(adapter.dispatch('memo_prune', 'c360')(wanted, key_columns)) }}
{%- endmacro %}

{% macro memo_key_match(left, right, key_columns) -%}
    {%- for key in key_columns %}{{ left }}.{{ key }} = {{ right }}.{{ key }}{{ " and " if not loop.last }}{% endfor -%}
{%- endmacro %}

{% macro default__memo_prune(wanted, key_columns) -%}
    delete from {{ this }} as memo_rows
    where not exists (
        select 1 from {{ wanted }} as wanted
        where {{ c360.memo_key_match('wanted', 'memo_rows', key_columns) }}
    )
{%- endmacro %}

{% macro spark__memo_prune(wanted, key_columns) -%}
    {%- set staging = this.incorporate(path={"identifier": this.identifier ~ "__dbt_prune"}) -%}
    {%- do run_query("drop table if exists " ~ staging) -%}
    {%- do run_query("create table " ~ staging ~ " using " ~ config.get('file_format', default='parquet')
        ~ " as select kept.* from " ~ this ~ " as kept left semi join " ~ wanted ~ " as wanted on "
        ~ c360.memo_key_match('wanted', 'kept', key_columns)) -%}
    {%- do run_query("insert overwrite table " ~ this ~ " select * from " ~ staging) -%}
    {%- do run_query("drop table if exists " ~ staging) -%}
    select 1 as memo_pruned
{%- endmacro %}


{#
    model_code(): the Jinja source of the model being built (`model.raw_code`), to pass as the
    `logic` of memo_hash when the whole model is the computation; '' where no model is in
    context.
#}
{% macro model_code() -%}
    {{ return(model.raw_code if model is defined and model.raw_code is defined else '') }}
{%- endmacro %}
