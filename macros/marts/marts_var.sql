{#
    marts_var(name)

    The value of a Customer 360 marts var: the project's (dbt_project.yml, `# marts` block, or
    --vars), else the default below, so the marts build with or without the block.
#}
{% macro marts_var(name) %}
    {%- set defaults = {
        'as_of_date': none,
        'recent_activity_days': 90,
        'consent_conflict_window_hours': 72,
        'erasure_applied_statuses': ['received', 'in_progress', 'completed'],
        'erasure_identifier_types': ['email', 'phone', 'loyalty_card', 'login_id', 'ecom_account_id', 'anonymous_id'],
    } -%}
    {%- if name not in defaults -%}
        {%- do exceptions.raise_compiler_error("marts_var: unknown marts var " ~ name) -%}
    {%- endif -%}
    {{ return(var(name, defaults[name])) }}
{% endmacro %}
