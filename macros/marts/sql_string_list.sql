{#
    sql_string_list(values)
    A list of strings as the inside of a SQL `in (...)` list: `'a', 'b'` (quotes doubled).
#}
{% macro sql_string_list(values) -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {{ return(quoted | join(', ')) }}
{%- endmacro %}
