{#
    well_cased(column)
    1 when a text is written in mixed case or in a script without case (kanji, kana), 0 when
    it is NULL or written all in upper or all in lower case (`YAMADA`, `smith`). Survivorship
    uses it to show the best-written of several records carrying the same value.
#}
{% macro well_cased(column) -%}
    case
        when {{ column }} is null then 0
        when {{ column }} = upper({{ column }}) and {{ column }} <> lower({{ column }}) then 0
        when {{ column }} = lower({{ column }}) and {{ column }} <> upper({{ column }}) then 0
        else 1
    end
{%- endmacro %}
