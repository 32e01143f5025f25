{#
    Typed values from text exported in many formats. Each returns NULL when the text does not
    parse (staging then keeps the raw text beside it, or rejects the row when the value is
    required). Formats tried, in order, come from the vars `date_formats` / `timestamp_formats`
    (strftime patterns) after the ISO forms.

    parse_date(expr)        -> date        `2024-03-05`, `2024/03/05`, `2024年3月5日`, ...
    parse_timestamp(expr)   -> timestamp   ISO with ` ` or `T`, optional fraction; offsets are
                                           converted to UTC; the date forms at midnight
    parse_amount(expr)      -> decimal(18,2)  `¥1,200`, `1,200円`, `$12.50`, `USD 12.50`
#}
{% macro parse_date(expr) -%}
    {{ return(adapter.dispatch('parse_date', 'c360')(expr)) }}
{%- endmacro %}

{% macro duckdb__parse_date(expr) -%}
    coalesce(
        try_cast({{ expr }} as date),
        cast(try_cast({{ expr }} as timestamp) as date),
        cast(try_strptime({{ expr }}, [{% for f in var('date_formats') %}'{{ f }}'{{ ", " if not loop.last }}{% endfor %}]) as date)
    )
{%- endmacro %}


{% macro parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'c360')(expr)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(expr) -%}
    coalesce(
        case when {{ c360.regex_matches(expr, '[+-][0-9]{2}:?[0-9]{2}$|Z$') }}
            then cast(timezone('UTC', try_cast({{ expr }} as timestamptz)) as timestamp) end,
        try_cast({{ expr }} as timestamp),
        try_strptime({{ expr }}, [{% for f in var('timestamp_formats') %}'{{ f }}'{{ ", " if not loop.last }}{% endfor %}]),
        cast(try_strptime({{ expr }}, [{% for f in var('date_formats') %}'{{ f }}'{{ ", " if not loop.last }}{% endfor %}]) as timestamp)
    )
{%- endmacro %}


{% macro parse_amount(expr) -%}
    {{ return(adapter.dispatch('parse_amount', 'c360')(expr)) }}
{%- endmacro %}

{% macro default__parse_amount(expr) -%}
    cast(nullif({{ c360.regex_replace_all(expr, '[^0-9.-]', '') }}, '') as decimal(18, 2))
{%- endmacro %}

{% macro duckdb__parse_amount(expr) -%}
    try_cast(nullif({{ c360.regex_replace_all(expr, '[^0-9.-]', '') }}, '') as decimal(18, 2))
{%- endmacro %}
