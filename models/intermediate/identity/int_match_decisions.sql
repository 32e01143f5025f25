{#
    Every candidate pair with its guards and the decision. THE MATCH RULES LIVE HERE: the first
    rule whose condition holds accepts the pair and names it; edit, reorder or add rules below.

    Guards (veto_* columns), any of which blocks every rule:
    - veto_birth_date: both birth dates known and not the same up to one field (a typo);
    - veto_first_name / veto_full_name: both names comparable and clearly different (a whole
      name only loosely alike, level 1, is a shared surname: vetoed too)
      (not a typo, nickname or romanization of each other): twins, family members;
    - veto_loyalty_card: two different loyalty cards.
    Contested identifiers: an email or phone that a vetoed pair shares (a family address, a
    household landline) no longer links a record without a name (a newsletter subscriber, a
    till e-receipt) to anyone, since it cannot tell which family member it belongs to.
    Records without a name are matched by identifier rules only, never by score alone, and a
    score needs corroboration beyond the name (`is_corroborated`): the same or nearly the same
    email or phone; the same or nearly the same birth date, which for two records whose
    surnames differ (a married name, or two people) also needs a nearly equal postal code,
    since among a million people many share a given name and a birthday; or the same postal
    code with the same first name, unless both e-mails and both phones are given and differ
    (namesakes in one neighbourhood). The score rule also needs some name to agree (level 2 or
    more): two named records whose names cannot be compared (different scripts) are matched by
    the identifier rules alone, so a score cannot go round their contested-identifier guard. Names repeat
    (a small pool of Japanese surnames and given names covers millions of people), so a name
    alone never merges two records. Nor does a score whose given names agree only loosely
    (first-name level 1: Sayuri / Saori, Ren / Rin): sisters and twins share everything else.
#}
{#- a shared e-mail or phone links two named records when their given names agree; when the
    names cannot be compared, or agree only loosely (level 1: Danielle / Damien), only if the
    identifier is not contested (no family member holds it), and a loose name needs the
    birth date as well -#}
{%- set names_fit = "(gamma_first_name >= 2 or gamma_full_name >= 2"
    ~ " or (not CONTESTED and gamma_first_name = -1 and gamma_full_name = -1)"
    ~ " or (not CONTESTED and (gamma_first_name = 1 or gamma_full_name = 1) and gamma_birth_date >= 2))" -%}
{%- set rules = [
    c360.match_rule('same_loyalty_card', strength=0.999, when="gamma_loyalty_card = 1"),
    c360.match_rule('same_login', strength=0.995, when="gamma_login = 1"),
    c360.match_rule('same_ecom_account', strength=0.99, when="gamma_ecom_account = 1"),
    c360.match_rule('same_email', strength=0.98,
        when="gamma_email = 2 and ((has_name_l and has_name_r and " ~ names_fit.replace('CONTESTED', 'email_contested') ~ ")"
            ~ " or (not (has_name_l and has_name_r) and not email_contested))"),
    c360.match_rule('same_phone', strength=0.95,
        when="gamma_phone = 2 and ((has_name_l and has_name_r and " ~ names_fit.replace('CONTESTED', 'phone_contested') ~ ")"
            ~ " or (not (has_name_l and has_name_r) and not phone_contested))"),
    c360.match_rule('same_national_phone', strength=0.9,
        when="gamma_phone_national = 1 and gamma_phone <> 2 and ((has_name_l and has_name_r and "
            ~ names_fit.replace('CONTESTED', 'phone_contested') ~ ")"
            ~ " or (not (has_name_l and has_name_r) and not phone_contested))"),
    c360.match_rule('fellegi_sunter',
        when="has_name_l and has_name_r and is_corroborated and gamma_first_name <> 1"
            ~ " and (gamma_first_name >= 2 or gamma_last_name >= 2 or gamma_full_name >= 2)"
            ~ " and match_weight >= " ~ var('match_weight_threshold')),
] -%}

with

pairs as (
    select * from {{ ref('int_scored_pairs') }}
),

guarded as (
    select
        pairs.*
        , coalesce(pairs.gamma_birth_date in (0, 1), false) as veto_birth_date
        , coalesce(gamma_first_name = 0, false) as veto_first_name
        , coalesce(pairs.gamma_full_name in (0, 1), false) as veto_full_name
        , coalesce(gamma_loyalty_card = 0, false) as veto_loyalty_card
    from pairs
),

flagged as (
    select
        guarded.*
        , guarded.veto_birth_date
        or guarded.veto_first_name
        or guarded.veto_full_name
        or guarded.veto_loyalty_card as is_vetoed
        , guarded.gamma_email = 2 or guarded.gamma_phone >= 1 or guarded.gamma_phone_national = 1
        or (
            guarded.gamma_birth_date >= 2
            and (
                guarded.gamma_last_name not in (0, 1)
                or guarded.gamma_postal_code >= 1
            )
        )
        or (
            guarded.gamma_postal_code = 2 and guarded.gamma_first_name >= 3
            and not (guarded.gamma_email = 0 and guarded.gamma_phone = 0)
        ) as is_corroborated
    from guarded
),

contested_emails as (
    select distinct email_match_l as email_match
    from flagged
    where gamma_email = 2 and is_vetoed
),

contested_phones as (
    select distinct phone_match_l as phone_match
    from flagged
    where gamma_phone = 2 and is_vetoed
),

with_contested as (
    select
        flagged.*
        , contested_emails.email_match is not null as email_contested
        , contested_phones.phone_match is not null as phone_contested
    from flagged
    left join contested_emails on flagged.email_match_l = contested_emails.email_match
    left join contested_phones on flagged.phone_match_l = contested_phones.phone_match
),

decided as (
    select
        with_contested.*
        , case
            when with_contested.is_vetoed then null
            {%- for rule in rules %}
                when {{ rule.when }} then '{{ rule.name }}'
            {%- endfor %}
        end as match_rule
    from with_contested
),

final as (
    select
        decided.*
        , case decided.match_rule
            {%- for rule in rules %}
                when '{{ rule.name }}' then {{ rule.strength if rule.strength is not none else 'match_probability' }}
            {%- endfor %}
        end as match_confidence
        , decided.match_rule is not null as is_accepted
    from decided
)

select * from final
