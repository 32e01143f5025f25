{#
    canonical_email(expr)

    `expr` is an already cleaned text (clean_text). Returns the canonical mailbox address, or
    NULL when the value is not a syntactically valid address:
    - lower-cased, a leading `mailto:` (any case), angle brackets and white space removed;
    - for providers listed in the `email_provider_rules` var, the rules of that provider:
      `strip_dots` (the provider ignores dots in the local part, e.g. Gmail), `strip_plus_tag`
      (the provider delivers `name+tag@` to `name@`), `canonical_domain` (googlemail.com is
      gmail.com). Other providers keep dots and +tags, since they may be distinct mailboxes.
#}
{% macro canonical_email(expr) -%}
    {{ return(adapter.dispatch('canonical_email', 'c360')(expr)) }}
{%- endmacro %}

{% macro default__canonical_email(expr) -%}
    {{ c360.canonical_email_from_mailbox(c360.email_mailbox(expr)) }}
{%- endmacro %}


{#
    The two steps of default__canonical_email, so that a model can compute the mailbox once in
    one CTE and apply the provider rules in the next (they repeat it in every branch; see
    contact_point_inputs / contact_point_columns):
    email_mailbox(expr): lower-cased, `mailto:`, angle brackets and white space removed;
    canonical_email_from_mailbox(e): the canonical address from that, or NULL when invalid.
#}
{% macro email_mailbox(expr) -%}
    {{ c360.regex_replace_all("lower(" ~ expr ~ ")", "^mailto:|[<>\\s]", "") }}
{%- endmacro %}

{% macro canonical_email_from_mailbox(e) -%}
    {%- set rules = var('email_provider_rules') -%}
    {%- set local = "split_part(" ~ e ~ ", '@', 1)" -%}
    {%- set domain = "split_part(" ~ e ~ ", '@', 2)" -%}
    case
        when not {{ c360.regex_matches(e, "^[a-z0-9!#$%&*+/=?^_{|}~.-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$") }}
            then null
        {%- for domain_name, rule in rules.items() %}
            {%- set l = local -%}
            {%- if rule.get('strip_plus_tag') %}{% set l = "split_part(" ~ l ~ ", '+', 1)" %}{% endif -%}
            {%- if rule.get('strip_dots') %}{% set l = "replace(" ~ l ~ ", '.', '')" %}{% endif %}
        when {{ domain }} = '{{ domain_name }}'
            then {{ dbt.concat([l, "'@'", "'" ~ rule.get('canonical_domain', domain_name) ~ "'"]) }}
        {%- endfor %}
        else {{ e }}
    end
{%- endmacro %}
