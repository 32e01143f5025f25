{#
    ltv_hyp2f1(a, b, c, z, n_terms=150)

    Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, as one portable SQL
    expression: the power series sum_n (a)_n (b)_n / ((c)_n n!) z^n, unrolled by Jinja into
    Horner form over n_terms terms, with a geometric estimate of the remainder,
    1 / (1 - rho_N) where rho_N is the ratio of term N + 1 to term N (used while rho_N < 0.999).
    Only +, -, *, / and `case`: no engine function at all.

    Arguments are SQL expressions; each is repeated about n_terms times in the rendered SQL,
    so pass column names (or literals), not long expressions.

    Convergence (see macros/ltv/_ltv__macros.yml): the terms shrink like n^(a+b-c-1) z^n, so the
    error depends on z and on a + b - c. With the arguments used by
    ltv_bg_nbd_expected_purchases (Euler-transformed, bounded a and b, c >= a + b - 1) and the
    default 150 terms, the error in expected purchases is below 1e-8 for z <= 0.9 and about
    1e-6 at z = 0.95 (measured against scipy.special.hyp2f1). It is not for z close to 1, for
    large a + b - c, or for c a non-positive integer.
#}
{% macro ltv_hyp2f1(a, b, c, z, n_terms=150) %}
    {{ return(adapter.dispatch('ltv_hyp2f1', 'c360')(a, b, c, z, n_terms)) }}
{% endmacro %}

{% macro default__ltv_hyp2f1(a, b, c, z, n_terms) %}
    {%- if n_terms is not integer or n_terms < 1 -%}
        {%- do exceptions.raise_compiler_error("ltv_hyp2f1: n_terms must be a positive integer, got " ~ n_terms) -%}
    {%- endif -%}
    {%- set rho_last -%}
        ({{ z }}) * (({{ a }}) + {{ n_terms }}) * (({{ b }}) + {{ n_terms }}) / ((({{ c }}) + {{ n_terms }}) * {{ n_terms + 1 }})
    {%- endset -%}
    {%- set ns = namespace(expr="(case when " ~ rho_last ~ " < 0.999 then 1.0 / (1.0 - " ~ rho_last ~ ") else 1.0 end)") -%}
    {%- for k in range(n_terms - 1, -1, -1) -%}
        {%- set ratio = "(" ~ z ~ ") * ((" ~ a ~ ") + " ~ k ~ ") * ((" ~ b ~ ") + " ~ k ~ ") / (((" ~ c ~ ") + " ~ k ~ ") * " ~ (k + 1) ~ ")" -%}
        {%- set ns.expr = "1.0 + (" ~ ns.expr ~ ") * (" ~ ratio ~ ")" -%}
    {%- endfor -%}
    ({{ ns.expr }})
{%- endmacro %}
