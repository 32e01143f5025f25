{#
    parse_boolean(expr): true/false from `true`, `1`, `yes`, `y`, `t`, `はい` and their
    negatives; NULL otherwise.
#}
{% macro parse_boolean(expr) -%}
    case
        when lower({{ expr }}) in ('true', 't', '1', 'yes', 'y', 'はい', '済') then true
        when lower({{ expr }}) in ('false', 'f', '0', 'no', 'n', 'いいえ', '未') then false
    end
{%- endmacro %}


{#
    gender_code(expr): `F`, `M` or `X` from the spellings systems export (`female`, `女性`,
    `f`, `male`, `男`, `other`, `non-binary`); NULL otherwise.
#}
{% macro gender_code(expr) -%}
    case
        when lower({{ expr }}) in ('f', 'female', 'woman', 'w', '女', '女性') then 'F'
        when lower({{ expr }}) in ('m', 'male', 'man', '男', '男性') then 'M'
        when lower({{ expr }}) in ('x', 'other', 'non-binary', 'nonbinary', 'diverse', 'その他') then 'X'
    end
{%- endmacro %}


{#
    sorted_name_key(expr): from cleaned text, name_key of each white-space separated token,
    tokens sorted and joined by one space, so `Taro Yamada`, `YAMADA Taro` and `山田 太郎` /
    `太郎 山田` meet: `taro yamada` -> `taro yamada`, `Yamada, Taro` -> `taro yamada`.
#}
{% macro sorted_name_key(expr) -%}
    {{ return(adapter.dispatch('sorted_name_key', 'c360')(expr)) }}
{%- endmacro %}

{% macro duckdb__sorted_name_key(expr) -%}
    nullif(array_to_string(list_sort(list_transform(
        string_split(lower(trim({{ c360.regex_replace_all(expr, '[\\s,]+', ' ') }})), ' '),
        lambda t: {{ c360.name_key('t') }})), ' '), '')
{%- endmacro %}

{% macro spark__sorted_name_key(expr) -%}
    nullif(array_join(array_sort(transform(
        split(lower(trim({{ c360.regex_replace_all(expr, '[\\s,]+', ' ') }})), ' '),
        t -> {{ c360.name_key('t') }})), ' '), '')
{%- endmacro %}


{#
    valid_birth_date(expr): the date when it is a plausible birth date (1900-01-01 up to
    today), else NULL.
#}
{% macro valid_birth_date(expr) -%}
    case when {{ expr }} >= cast('1900-01-01' as date) and {{ expr }} <= current_date then {{ expr }} end
{%- endmacro %}

