{#
    ltv_gamma_gamma_expected_spend(frequency, monetary_value, p, q, gamma)

    Gamma-Gamma conditional expected value of one future transaction (Fader, Hardie and Lee 2005,
    "RFM and CLV: using iso-value curves"; Hardie, note 025):

        E[M | x, m_x] = (gamma + x * m_x) * p / (p * x + q - 1)

    a weighted mean of the population mean p * gamma / (q - 1) and the customer's own mean m_x,
    the weight of m_x growing with the number x of repeat transactions. With x = 0 (or m_x null)
    it is the population mean. Needs q > 1.
#}
{% macro ltv_gamma_gamma_expected_spend(frequency, monetary_value, p, q, gamma) %}
    {{ return(adapter.dispatch('ltv_gamma_gamma_expected_spend', 'c360')(frequency, monetary_value, p, q, gamma)) }}
{% endmacro %}

{% macro default__ltv_gamma_gamma_expected_spend(frequency, monetary_value, p, q, gamma) -%}
    ((({{ gamma }}) + (case when ({{ frequency }}) > 0 then ({{ frequency }}) * coalesce({{ monetary_value }}, 0.0) else 0.0 end))
        * ({{ p }}) / (({{ p }}) * ({{ frequency }}) + ({{ q }}) - 1.0))
{%- endmacro %}
