{#
    Column blocks shared by every staging model that holds a person's contact details
    (CRM, e-commerce, loyalty, support, consent, erasure). Each emits a leading-comma list of
    `<expression> as <name>` for the select of one staging CTE. They are split in two steps on
    purpose: the blocklist check (a long literal list) is computed once per value in the first
    step, so the CASE expressions of the second step only repeat short column references;
    nesting them made DuckDB spend most of a model's time planning.

    contact_point_inputs(email, phone): `email_mailbox` (email_mailbox of the email, NULL when
    junk) and `phone_digits` (digits and `+` of the phone, NULL when junk).

    contact_point_columns(country): from those, `email` (canonical_email, applied to the
    mailbox computed in the step before) and `phone_candidate` (phone_to_e164 with the record's
    country); the next CTE validates the candidate into `phone_e164` with valid_phone.

    name_key_columns(first, last, first_kana, last_kana): `first_name_key`, `last_name_key`,
    the kana keys when kana columns are given, and `full_name_key` (sorted_name_key of first
    and last, so name order does not matter).
#}
{% macro contact_point_inputs(email, phone) -%}
    , {{ c360.email_mailbox(c360.null_if_junk(email, 'email')) }} as email_mailbox
    , {{ c360.phone_digits(c360.null_if_junk(phone, 'phone')) }} as phone_digits
{%- endmacro %}

{% macro contact_point_columns(country) -%}
    , {{ c360.canonical_email_from_mailbox('email_mailbox') }} as email
    , {{ c360.phone_to_e164('phone_digits', country) }} as phone_candidate
{%- endmacro %}

{% macro name_key_columns(first, last, first_kana=none, last_kana=none) -%}
    , {{ c360.name_key(first) }} as first_name_key
    , {{ c360.name_key(last) }} as last_name_key
    {%- if first_kana %}
    , {{ c360.name_key(first_kana) }} as first_name_kana_key
    , {{ c360.name_key(last_kana) }} as last_name_kana_key
    {%- endif %}
    , {{ c360.sorted_name_key(dbt.concat(["coalesce(" ~ first ~ ", '')", "' '", "coalesce(" ~ last ~ ", '')"])) }} as full_name_key
{%- endmacro %}
