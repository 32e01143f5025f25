{#
    Spark versions of the normalization macros of macros/normalize whose portable default is
    not valid on Spark, or that DuckDB spells with its own functions.
#}


{#
    fold_width on Spark: the same replace/translate tables as default__fold_width, rendered
    once with a placeholder, with the backslash of the table (`＼` -> `\`) doubled for Spark's
    string literals (unescaped, Spark would drop it and shift every later character).
#}
{% macro spark__fold_width(expr) -%}
    {%- set placeholder = '__c360_fold_width_input__' -%}
    {{ c360.spark_escape_literals(c360.default__fold_width(placeholder)) | replace(placeholder, expr) }}
{%- endmacro %}


{#
    Dates and timestamps, as DuckDB's duckdb__parse_date / duckdb__parse_timestamp read them:
    1. ISO forms (what DuckDB's cast accepts): `2024-03-05`, `2024/3/5`, a time with a space or
       `T` (`14:22`, `14:22:10`, `14:22:10.250`, fractions truncated to microseconds), and for
       timestamps an offset (`Z`, `+09:00`, `-0500`) converted to UTC; parse_date keeps the
       written date and ignores the offset, as DuckDB's date cast does;
    2. then the strftime patterns of the vars `timestamp_formats` / `date_formats`, translated
       to Spark's datetime patterns (spark_datetime_pattern), each tried only on text of its
       exact shape, so a parse never depends on the lenient legacy parser.
    Impossible values (February 30, hour 25, second 60) are NULL, as on DuckDB. Requires the
    session time zone UTC (`spark.sql.session.timeZone`, set by the `spark` profile), so that
    timestamps are UTC wall-clock time like DuckDB's TIMESTAMP.
#}
{% macro spark__parse_date(expr) -%}
    coalesce(
        cast({{ c360.spark_iso_timestamp(expr, convert_offset=false) }} as date)
        {%- for f in var('date_formats') %}
        , {{ c360.spark_strptime(expr, f, 'to_date') }}
        {%- endfor %}
    )
{%- endmacro %}

{% macro spark__parse_timestamp(expr) -%}
    coalesce(
        {{ c360.spark_iso_timestamp(expr, convert_offset=true) }}
        {%- for f in var('timestamp_formats') %}
        , {{ c360.spark_strptime(expr, f, 'to_timestamp') }}
        {%- endfor %}
        {%- for f in var('date_formats') %}
        , cast({{ c360.spark_strptime(expr, f, 'to_date') }} as timestamp)
        {%- endfor %}
    )
{%- endmacro %}


{#
    spark_iso_timestamp(expr, convert_offset): the timestamp of an ISO-8601 text (see above),
    else NULL. Built with make_timestamp from the parts, since Spark's own cast also accepts
    forms DuckDB rejects (`2024`, `2024-03`).
#}
{% macro spark_iso_timestamp(expr, convert_offset=true) -%}
    {%- set iso = '^([0-9]{4})([-/])([0-9]{1,2})[-/]([0-9]{1,2})(?:[ T]([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:[.]([0-9]+))?)?)?(Z|[+-][0-9]{2}:?[0-9]{2}|[+-][0-9]{2})?$' -%}
    {%- set iso_literal = c360.spark_string_literal(iso) -%}
    {%- set part = [] -%}
    {%- for i in range(10) %}{% do part.append("regexp_extract(" ~ expr ~ ", " ~ iso_literal ~ ", " ~ i ~ ")") %}{% endfor -%}
    {%- set seconds = "cast(concat(coalesce(nullif(" ~ part[7] ~ ", ''), '0'), '.', rpad(substr(" ~ part[8] ~ ", 1, 6), 6, '0')) as decimal(8, 6))" -%}
    {%- set args = "cast(" ~ part[1] ~ " as int), cast(" ~ part[3] ~ " as int), cast(" ~ part[4] ~ " as int), "
        ~ "coalesce(cast(nullif(" ~ part[5] ~ ", '') as int), 0), coalesce(cast(nullif(" ~ part[6] ~ ", '') as int), 0), " ~ seconds -%}
    {%- set zone = part[9] -%}
    case
        when not ({{ expr }} rlike {{ iso_literal }}) then null
        when coalesce(cast(nullif({{ part[7] }}, '') as int), 0) >= 60 then null
        {%- if convert_offset %}
        when {{ zone }} = 'Z' then make_timestamp({{ args }}, 'UTC')
        when length({{ zone }}) >= 5 then make_timestamp({{ args }}, concat(substr({{ zone }}, 1, 3), ':', substr({{ zone }}, -2)))
        {%- endif %}
        else make_timestamp({{ args }})
    end
{%- endmacro %}


{#
    spark_strptime(expr, format, function): `function(expr, <Spark pattern>)` (to_date or
    to_timestamp) for one strftime format of the vars, when the text has the format's shape;
    else NULL. %Y is four digits; %m %d %H %M %S one or two digits, as DuckDB's strptime reads
    them, or exactly two next to another directive (`%Y%m%d`); other characters
    must appear as they are.
#}
{% macro spark_strptime(expr, format, function) -%}
    {#- directive -> [Spark pattern letter(s), shape] (variable width, then fixed width) -#}
    {%- set directives = {
        'Y': ['yyyy', '[0-9]{4}', 'yyyy', '[0-9]{4}'],
        'm': ['M', '[0-9]{1,2}', 'MM', '[0-9]{2}'], 'd': ['d', '[0-9]{1,2}', 'dd', '[0-9]{2}'],
        'H': ['H', '[0-9]{1,2}', 'HH', '[0-9]{2}'], 'M': ['m', '[0-9]{1,2}', 'mm', '[0-9]{2}'],
        'S': ['s', '[0-9]{1,2}', 'ss', '[0-9]{2}'],
    } -%}
    {#- tokens: ['%', letter] for a directive, ['', text] for literal text -#}
    {%- set tokens = [] -%}
    {%- set ns = namespace(percent=false, literal='') -%}
    {%- for ch in format -%}
        {%- if ns.percent -%}
            {%- if ch not in directives -%}
                {%- do exceptions.raise_compiler_error("spark_strptime: %" ~ ch ~ " in the format '" ~ format ~ "' has no Spark translation (supported: %Y %m %d %H %M %S)") -%}
            {%- endif -%}
            {%- do tokens.append(['%', ch]) -%}
            {%- set ns.percent = false -%}
        {%- elif ch == '%' -%}
            {%- if ns.literal %}{% do tokens.append(['', ns.literal]) %}{% set ns.literal = '' %}{% endif -%}
            {%- set ns.percent = true -%}
        {%- else -%}
            {%- set ns.literal = ns.literal ~ ch -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if ns.literal %}{% do tokens.append(['', ns.literal]) %}{% endif -%}
    {%- set java = [] -%}
    {%- set shape = [] -%}
    {%- for kind, value in tokens -%}
        {%- if kind == '%' -%}
            {%- set fixed = (not loop.last and loop.nextitem[0] == '%') or (not loop.first and loop.previtem[0] == '%') -%}
            {%- set d = directives[value] -%}
            {%- do java.append(d[2] if fixed else d[0]) -%}
            {%- do shape.append(d[3] if fixed else d[1]) -%}
        {%- else -%}
            {%- do java.append("'" ~ (value | replace("'", "''")) ~ "'") -%}
            {%- do shape.append(modules.re.escape(value)) -%}
        {%- endif -%}
    {%- endfor -%}
    case when {{ expr }} rlike {{ c360.spark_string_literal('^' ~ (shape | join('')) ~ '$') }}
        then {{ function }}({{ expr }}, {{ c360.spark_string_literal(java | join('')) }}) end
{%- endmacro %}
