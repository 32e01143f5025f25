{#
    has_no_rows(): fails when the model has any row. For report models that list problems
    (oversized clusters, PII found where it must not be) and must stay empty.
#}
{% test has_no_rows(model) %}

select * from {{ model }}

{% endtest %}
