{#
    pii_salt()
    The secret salt of every PII hash: env var C360_PII_SALT. The default is a documented,
    public development value: hashes made with it are NOT pseudonymous (anyone can recompute
    them). Set C360_PII_SALT in every shared environment, and keep it: changing the salt
    changes every hash, so the suppression list must then be rebuilt from the requests.
#}
{% macro pii_salt() -%}
    {{ return(env_var('C360_PII_SALT', 'c360-development-salt-not-secret')) }}
{%- endmacro %}


{#
    pii_hash(expr)
    Salted SHA-256 (hex) of a text expression: sha256(salt || value). NULL stays NULL. The
    hash does not include the identifier type, so the same value hashes the same whichever
    column it sits in (the erasure test hashes every value of every mart column and looks it
    up in the suppression list). Expressions must already be canonical (canonical email,
    E.164 phone, ...) for equal values to meet.
    Engines spell SHA-256 differently: sha2(x, 256) on Spark / Databricks / Snowflake (the
    default), sha256(x) on DuckDB.
#}
{% macro pii_hash(expr) -%}
    {{ return(adapter.dispatch('pii_hash', 'c360')(expr)) }}
{%- endmacro %}

{% macro default__pii_hash(expr) -%}
    case when {{ expr }} is not null then sha2({{ dbt.concat(["'" ~ (c360.pii_salt() | replace("'", "''")) ~ "'", "cast(" ~ expr ~ " as " ~ dbt.type_string() ~ ")"]) }}, 256) end
{%- endmacro %}

{% macro duckdb__pii_hash(expr) -%}
    case when {{ expr }} is not null then sha256({{ dbt.concat(["'" ~ (c360.pii_salt() | replace("'", "''")) ~ "'", "cast(" ~ expr ~ " as " ~ dbt.type_string() ~ ")"]) }}) end
{%- endmacro %}
