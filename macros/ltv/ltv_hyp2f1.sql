{#
    Gauss hypergeometric function 2F1(a, b; c; z), 0 <= z < 1, in portable SQL: the power series
    sum_n (a)_n (b)_n / ((c)_n n!) z^n in Horner form,

        S_k = 1 + rho_k * S_(k+1),   rho_k = z (a + k) (b + k) / ((c + k) (k + 1)),   2F1 = S_0,

    unrolled by Jinja, with the remainder S_N estimated as the geometric sum 1 / (1 - rho_N)
    (used while rho_N < 0.999). Only +, -, *, / and `case`: no engine function.

    Arguments are SQL expressions, each repeated about n_terms times in the rendered SQL: pass
    column names (or literals). Convergence limits: macros/ltv/_ltv__macros.yml.

    The Horner form nests one level per term. A single expression of 200 levels is fine for
    DuckDB (planned in about a second) but too deep for some SQL parsers (sqlfluff stops at a
    few hundred levels), so models evaluate the series in blocks: ltv_hyp2f1_remainder gives S_N,
    and each ltv_hyp2f1_horner call turns S_(k+n) (a column of the previous CTE) into S_k.
#}

{#- ltv_hyp2f1(a, b, c, z, n_terms=200): the whole series as one expression. -#}
{% macro ltv_hyp2f1(a, b, c, z, n_terms=200) %}
    {{ return(adapter.dispatch('ltv_hyp2f1', 'c360')(a, b, c, z, n_terms)) }}
{% endmacro %}

{% macro default__ltv_hyp2f1(a, b, c, z, n_terms) -%}
    {{ c360.ltv_hyp2f1_horner(a, b, c, z, 0, n_terms, c360.ltv_hyp2f1_remainder(a, b, c, z, n_terms)) }}
{%- endmacro %}


{#- ltv_hyp2f1_horner(a, b, c, z, first_term, n_terms, inner): S_first_term from inner = S_(first_term + n_terms). -#}
{% macro ltv_hyp2f1_horner(a, b, c, z, first_term, n_terms, inner) %}
    {{ return(adapter.dispatch('ltv_hyp2f1_horner', 'c360')(a, b, c, z, first_term, n_terms, inner)) }}
{% endmacro %}

{% macro default__ltv_hyp2f1_horner(a, b, c, z, first_term, n_terms, inner) -%}
    {%- if first_term is not integer or first_term < 0 or n_terms is not integer or n_terms < 1 -%}
        {%- do exceptions.raise_compiler_error(
            "ltv_hyp2f1_horner: first_term must be an integer >= 0 and n_terms an integer >= 1, got "
            ~ first_term ~ " and " ~ n_terms) -%}
    {%- endif -%}
    {%- set ns = namespace(expr=inner) -%}
    {%- for k in range(first_term + n_terms - 1, first_term - 1, -1) -%}
        {%- set ratio = "(" ~ z ~ ") * ((" ~ a ~ ") + " ~ k ~ ") * ((" ~ b ~ ") + " ~ k ~ ") / (((" ~ c ~ ") + " ~ k ~ ") * " ~ (k + 1) ~ ")" -%}
        {%- set ns.expr = "1.0 + (" ~ ns.expr ~ ") * (" ~ ratio ~ ")" -%}
    {%- endfor -%}
    ({{ ns.expr }})
{%- endmacro %}


{#- ltv_hyp2f1_remainder(a, b, c, z, from_term): geometric estimate of S_from_term = sum_(n >= from_term) term_n / term_from_term. -#}
{% macro ltv_hyp2f1_remainder(a, b, c, z, from_term) %}
    {{ return(adapter.dispatch('ltv_hyp2f1_remainder', 'c360')(a, b, c, z, from_term)) }}
{% endmacro %}

{% macro default__ltv_hyp2f1_remainder(a, b, c, z, from_term) -%}
    {%- set rho -%}
        ({{ z }}) * (({{ a }}) + {{ from_term }}) * (({{ b }}) + {{ from_term }}) / ((({{ c }}) + {{ from_term }}) * {{ from_term + 1 }})
    {%- endset -%}
    (case when {{ rho }} < 0.999 then 1.0 / (1.0 - {{ rho }}) else 1.0 end)
{%- endmacro %}
