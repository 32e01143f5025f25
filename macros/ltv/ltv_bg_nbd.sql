{#
    BG/NBD scoring (Fader, Hardie and Lee 2005, "Counting your customers the easy way").

    Inputs, all in one time unit (the project uses days):
      frequency  x    repeat purchase periods (purchase days after the first)
      recency    t_x  age at the last purchase (0 when x = 0)
      age        T    age at the end of observation
      r, alpha, a, b  fitted parameters (model ltv_parameters)
    Portable: arithmetic, `case` and `power` only (no lgamma, no engine functions).
#}

{#
    ltv_bg_nbd_p_alive(frequency, recency, age, r, alpha, a, b)

    P(alive | x, t_x, T) = 1 / (1 + [x > 0] * a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x)).
    A customer with no repeat purchase is alive with probability 1 under the BG/NBD (dropout
    happens only right after a purchase).
#}
{% macro ltv_bg_nbd_p_alive(frequency, recency, age, r, alpha, a, b) %}
    {{ return(adapter.dispatch('ltv_bg_nbd_p_alive', 'c360')(frequency, recency, age, r, alpha, a, b)) }}
{% endmacro %}

{% macro default__ltv_bg_nbd_p_alive(frequency, recency, age, r, alpha, a, b) -%}
    (1.0 / (1.0 + {{ c360.ltv_bg_nbd_dropout_odds(frequency, recency, age, r, alpha, a, b) }}))
{%- endmacro %}


{#
    ltv_bg_nbd_dropout_odds(frequency, recency, age, r, alpha, a, b)

    The odds that the customer has dropped out: [x > 0] * a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x).
    Shared by P(alive) and expected purchases.
#}
{% macro ltv_bg_nbd_dropout_odds(frequency, recency, age, r, alpha, a, b) -%}
    (case
        when ({{ frequency }}) > 0
            then ({{ a }}) / (({{ b }}) + ({{ frequency }}) - 1.0)
                * power((({{ alpha }}) + ({{ age }})) / (({{ alpha }}) + ({{ recency }})), ({{ r }}) + ({{ frequency }}))
        else 0.0
    end)
{%- endmacro %}


{#
    ltv_bg_nbd_hyp2f1_arguments(t, frequency, age, r, alpha, a, b)

    The arguments of the 2F1 in the expected purchases, after Euler's transformation, as a dict
    of SQL expressions {'a', 'b', 'c', 'z'}: a + b - 1 - r, a - 1, a + b + x - 1 and
    t / (alpha + T + t). For models that evaluate the series in blocks (ltv_hyp2f1_horner).
#}
{% macro ltv_bg_nbd_hyp2f1_arguments(t, frequency, age, r, alpha, a, b) %}
    {{ return({
        'a': '((' ~ a ~ ') + (' ~ b ~ ') - 1.0 - (' ~ r ~ '))',
        'b': '((' ~ a ~ ') - 1.0)',
        'c': '((' ~ a ~ ') + (' ~ b ~ ') + (' ~ frequency ~ ') - 1.0)',
        'z': '((' ~ t ~ ') / ((' ~ alpha ~ ') + (' ~ age ~ ') + (' ~ t ~ ')))',
    }) }}
{% endmacro %}


{#
    ltv_bg_nbd_expected_purchases(t, frequency, recency, age, r, alpha, a, b, n_terms=200, hyp2f1=none)

    E[X(T, T + t) | x, t_x, T]: expected purchases in the next t time units (eq. 10 of the paper):

        (a + b + x - 1) / (a - 1) * [1 - ((alpha + T) / (alpha + T + t))^(r + x) * 2F1(r + x, b + x; a + b + x - 1; z)]
        / (1 + dropout odds),   z = t / (alpha + T + t).

    The 2F1 is taken after Euler's transformation, 2F1(A, B; C; z) = (1 - z)^(C - A - B) 2F1(C - A, C - B; C; z),
    which turns the bracket into 1 - (1 - z)^(a - 1) * 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z):
    the transformed series has fixed upper parameters and a lower parameter growing with x, so it
    converges fast for frequent buyers, and nothing overflows for large x. Singular at a = 1
    exactly (the limit exists; the fit practically never lands there).

    hyp2f1: an SQL expression holding that transformed 2F1 already evaluated (arguments from
    ltv_bg_nbd_hyp2f1_arguments); when none, the series is inlined with n_terms terms.
#}
{% macro ltv_bg_nbd_expected_purchases(t, frequency, recency, age, r, alpha, a, b, n_terms=200, hyp2f1=none) %}
    {{ return(adapter.dispatch('ltv_bg_nbd_expected_purchases', 'c360')(t, frequency, recency, age, r, alpha, a, b, n_terms, hyp2f1)) }}
{% endmacro %}

{% macro default__ltv_bg_nbd_expected_purchases(t, frequency, recency, age, r, alpha, a, b, n_terms, hyp2f1) -%}
    {%- set args = c360.ltv_bg_nbd_hyp2f1_arguments(t, frequency, age, r, alpha, a, b) -%}
    {%- set hyp = hyp2f1 if hyp2f1 is not none else c360.ltv_hyp2f1(args.a, args.b, args.c, args.z, n_terms) -%}
    (
        {{ args.c }} / {{ args.b }}
        * (1.0 - power(1.0 - {{ args.z }}, {{ args.b }}) * ({{ hyp }}))
        / (1.0 + {{ c360.ltv_bg_nbd_dropout_odds(frequency, recency, age, r, alpha, a, b) }})
    )
{%- endmacro %}
