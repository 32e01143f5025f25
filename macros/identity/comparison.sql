{#
    Splink-style comparisons, rendered as inspectable gamma columns.

    comparison(name, null_when, levels): `case when <null_when> then -1 when <level> then <n> ...
    else 0 end as gamma_<name>`. `levels` is a list of [value, sql condition] pairs, strongest
    first; conditions read `<column>_l` / `<column>_r`. -1 = not comparable (a side is missing),
    0 = disagrees, higher = agrees more.

    Level helpers return boolean SQL:
      exact(col)                   col_l = col_r
      jw_at_least(col, threshold)  Jaro-Winkler similarity >= threshold (jw_<col>, computed once
                                   per pair by similarity_columns())
      edit_at_most(col, k)         edit distance <= k (bytes on DuckDB: for ASCII values)
      one_edit(col)                equal or one edit apart in characters (names in any script)
      dates_one_field_off(col)     same date but for one of year/month/day, or day and month swapped
      name_tokens_overlap(col)     one of the first two tokens of either side (2+ characters)
                                   appears among the other side's tokens (a shared surname)
      either_null(col)             col_l or col_r is NULL
      name_tokens_contained(col)   the space-separated tokens of one side all appear in the other
                                   (`diaz` in `craig diaz`: a record that kept only one name)
#}
{% macro comparison(name, null_when, levels) -%}
    case
        when {{ null_when }} then -1
        {%- for value, condition in levels %}
        when {{ condition }} then {{ value }}
        {%- endfor %}
        else 0
    end as gamma_{{ name }}
{%- endmacro %}

{% macro exact(col) -%}
    {{ col }}_l = {{ col }}_r
{%- endmacro %}

{% macro jw_at_least(col, threshold) -%}
    {%- if col not in c360.identity_similarity_columns() -%}
        {%- do exceptions.raise_compiler_error("jw_at_least: add " ~ col ~ " to identity_similarity_columns()") -%}
    {%- endif -%}
    jw_{{ col }} >= {{ threshold }}
{%- endmacro %}

{% macro edit_at_most(col, k) -%}
    {{ c360.edit_distance(col ~ '_l', col ~ '_r') }} <= {{ k }}
{%- endmacro %}

{% macro one_edit(col) -%}
    {{ c360.within_one_edit(col ~ '_l', col ~ '_r') }}
{%- endmacro %}

{% macro name_tokens_contained(col) -%}
    (
        {{ dbt.concat(["' '", col ~ "_r", "' '"]) }} like {{ dbt.concat(["'% '", col ~ "_l", "' %'"]) }}
        or {{ dbt.concat(["' '", col ~ "_l", "' '"]) }} like {{ dbt.concat(["'% '", col ~ "_r", "' %'"]) }}
    )
{%- endmacro %}

{% macro name_tokens_overlap(col) -%}
    (
    {%- for this, other in [('_l', '_r'), ('_r', '_l')] %}
        {%- set outer = loop %}
        {%- for i in [1, 2] %}
        (length(split_part({{ col ~ this }}, ' ', {{ i }})) >= 2
            and {{ dbt.concat(["' '", col ~ other, "' '"]) }} like {{ dbt.concat(["'% '", "split_part(" ~ col ~ this ~ ", ' ', " ~ i ~ ")", "' %'"]) }})
        {{- " or" if not (outer.last and loop.last) }}
        {%- endfor %}
    {%- endfor %}
    )
{%- endmacro %}

{% macro either_null(col) -%}
    ({{ col }}_l is null or {{ col }}_r is null)
{%- endmacro %}

{% macro dates_one_field_off(col) -%}
    (
        (year({{ col }}_l) = year({{ col }}_r) and month({{ col }}_l) = month({{ col }}_r))
        or (year({{ col }}_l) = year({{ col }}_r) and day({{ col }}_l) = day({{ col }}_r))
        or (month({{ col }}_l) = month({{ col }}_r) and day({{ col }}_l) = day({{ col }}_r))
        or (year({{ col }}_l) = year({{ col }}_r) and month({{ col }}_l) = day({{ col }}_r) and day({{ col }}_l) = month({{ col }}_r))
    )
{%- endmacro %}


{#
    match_rule(name, strength, when): one named acceptance rule of int_match_decisions, as a
    dict. `when` is SQL over the gamma_ columns, guard flags and match_weight; `strength` (0–1)
    is the confidence recorded for pairs the rule accepts (the Fellegi-Sunter rule records the
    pair's own match probability instead, with strength none).
#}
{% macro match_rule(name, when, strength=none) -%}
    {{ return({'name': name, 'when': when, 'strength': strength}) }}
{%- endmacro %}


{#
    script_class(expr): 'latin', 'kana' or 'kanji' for a name key. Names are compared
    character by character only within one script; across scripts through their latin keys.
#}
{% macro script_class(expr) -%}
    case
        when {{ c360.regex_matches(expr, '^[a-z ]+$') }} then 'latin'
        when {{ c360.regex_matches(expr, '^[ァ-ヺー ]+$') }} then 'kana'
        else 'kanji'
    end
{%- endmacro %}
