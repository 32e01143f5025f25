{#
    identity_compared_columns(): the int_identity_records columns a pair carries as
    `<col>_l` / `<col>_r`.

    identity_comparisons(): the comparisons scored for every candidate pair, in one place.
    Each is rendered by comparison(); `fs: true` ones enter the Fellegi-Sunter match weight
    (the identifier comparisons feed the deterministic rules only). "One edit apart" levels use
    one_edit, not edit_at_most(col, 1): the same answer, but DuckDB's damerau_levenshtein took
    ~6 s per million e-mail pairs against ~0.7 s for within_one_edit's character test.
    Edit levels and thresholds here; int_pair_comparisons, int_fs_u_sample and
    int_fs_parameters follow.
    First and last name agree at level 3 when the order-free full-name keys agree, so a record
    whose first and last name were swapped is not taken for someone else.
#}
{% macro identity_compared_columns() -%}
    {{ return([
        'source_system', 'has_name',
        'first_name_key', 'first_name_kana_key', 'first_name_latin_key', 'first_name_canonical_key',
        'last_name_key', 'last_name_kana_key', 'last_name_latin_key',
        'full_name_key', 'full_name_latin_key', 'name_compact_a', 'name_compact_b',
        'first_name_script', 'last_name_script', 'full_name_script',
        'birth_date', 'email_match', 'email_local_part', 'phone_match', 'phone_national', 'postal_code',
        'loyalty_card_no', 'login_id', 'ecom_account_id'
    ]) }}
{%- endmacro %}

{#
    identity_pair_kept_columns(): the `<col>_l` / `<col>_r` columns that int_pair_comparisons
    keeps besides the keys and the levels: what int_match_decisions and identity_match_edges
    read (names present, the shared e-mail or phone of the contested-identifier guard, the
    systems). The other compared values are read from int_identity_records when needed, so the
    pair tables (millions of rows) stay narrow.
#}
{% macro identity_pair_kept_columns() -%}
    {{ return(['source_system_l', 'source_system_r', 'has_name_l', 'has_name_r', 'email_match_l', 'phone_match_l']) }}
{%- endmacro %}

{#
    identity_similarity_columns(): the compared columns whose Jaro-Winkler similarity the levels
    read (jw_at_least, readings_disagree). similarity_columns() computes each once per pair as
    `jw_<col>`, before the gamma columns: DuckDB does not reuse a repeated function call, and
    the levels of one comparison ask for the same similarity up to three times.
#}
{% macro identity_similarity_columns() -%}
    {{ return(['first_name_latin_key', 'first_name_kana_key', 'last_name_latin_key', 'last_name_kana_key',
        'full_name_latin_key', 'full_name_key']) }}
{%- endmacro %}

{% macro similarity_columns() -%}
    {%- for c in c360.identity_similarity_columns() %}
    , {{ c360.jaro_winkler(c ~ '_l', c ~ '_r') }} as jw_{{ c }}
    {%- endfor %}
{%- endmacro %}

{% macro identity_comparisons() -%}
    {%- set same_script_first = "coalesce(first_name_script_l = first_name_script_r, false)" -%}
    {%- set same_script_full = "coalesce(full_name_script_l = full_name_script_r, false)" -%}
    {%- set swapped = "((first_name_key_l = last_name_key_r and last_name_key_l = first_name_key_r)"
        ~ " or (first_name_latin_key_l = last_name_latin_key_r and last_name_latin_key_l = first_name_latin_key_r))" -%}
    {%- set same_script_last = "coalesce(last_name_script_l = last_name_script_r, false)" -%}
    {{ return([
        {'name': 'first_name', 'fs': true,
         'null_when': "not (" ~ same_script_first ~ " or (first_name_latin_key_l is not null and first_name_latin_key_r is not null))",
         'levels': [
            [4, c360.exact('first_name_key')],
            [3, c360.exact('first_name_canonical_key') ~ " or " ~ c360.exact('first_name_latin_key') ~ " or " ~ c360.exact('first_name_kana_key')
                ~ " or " ~ c360.exact('full_name_key') ~ " or " ~ c360.exact('full_name_latin_key') ~ " or " ~ swapped],
            [2, c360.jw_at_least('first_name_latin_key', 0.92) ~ " or (" ~ same_script_first ~ " and " ~ c360.one_edit('first_name_key')
                ~ " and not " ~ c360.readings_disagree('first_name_latin_key') ~ ")"],
            [1, c360.jw_at_least('first_name_latin_key', 0.8) ~ " or " ~ c360.jw_at_least('first_name_kana_key', 0.8)],
         ]},
        {'name': 'last_name', 'fs': true,
         'null_when': "not (" ~ same_script_last ~ " or (last_name_latin_key_l is not null and last_name_latin_key_r is not null))",
         'levels': [
            [4, c360.exact('last_name_key')],
            [3, c360.exact('last_name_latin_key') ~ " or " ~ c360.exact('last_name_kana_key')
                ~ " or " ~ c360.exact('full_name_key') ~ " or " ~ c360.exact('full_name_latin_key')],
            [2, c360.jw_at_least('last_name_latin_key', 0.92) ~ " or (" ~ same_script_last ~ " and " ~ c360.one_edit('last_name_key')
                ~ " and not " ~ c360.readings_disagree('last_name_latin_key') ~ ")"],
            [1, c360.jw_at_least('last_name_latin_key', 0.8) ~ " or " ~ c360.jw_at_least('last_name_kana_key', 0.8)],
         ]},
        {'name': 'full_name', 'fs': true,
         'null_when': "not (" ~ same_script_full ~ " or (full_name_latin_key_l is not null and full_name_latin_key_r is not null))"
            ~ " or (first_name_key_l is not null and first_name_key_r is not null and last_name_key_l is not null and last_name_key_r is not null)",
         'levels': [
            [3, c360.exact('full_name_key') ~ " or " ~ c360.exact('full_name_latin_key') ~ " or " ~ c360.compact_names_agree(0)],
            [2, c360.jw_at_least('full_name_latin_key', 0.92)
                ~ " or ((" ~ c360.one_edit('full_name_key') ~ " or " ~ c360.compact_names_agree(1) ~ ")"
                ~ " and not " ~ c360.readings_disagree('full_name_latin_key') ~ ")"
                ~ " or " ~ c360.name_tokens_contained('full_name_key') ~ " or " ~ c360.name_tokens_contained('full_name_latin_key')
                ~ " or " ~ c360.initial_matches_name('full_name_latin_key')],
            [1, c360.jw_at_least('full_name_latin_key', 0.8) ~ " or " ~ c360.jw_at_least('full_name_key', 0.8)],
         ]},
        {'name': 'birth_date', 'fs': true,
         'null_when': c360.either_null('birth_date'),
         'levels': [
            [3, c360.exact('birth_date')],
            [2, c360.dates_one_field_off('birth_date')],
            [1, "year(birth_date_l) = year(birth_date_r)"],
         ]},
        {'name': 'email', 'fs': true,
         'null_when': c360.either_null('email_match'),
         'levels': [
            [2, c360.exact('email_match')],
            [1, "(length(email_local_part_l) >= 5 and " ~ c360.exact('email_local_part') ~ ") or " ~ c360.one_edit('email_match')],
         ]},
        {'name': 'phone', 'fs': true,
         'null_when': c360.either_null('phone_match'),
         'levels': [
            [2, c360.exact('phone_match')],
            [1, "length(phone_match_l) = length(phone_match_r) and " ~ c360.one_edit('phone_match')],
         ]},
        {'name': 'postal_code', 'fs': true,
         'null_when': c360.either_null('postal_code'),
         'levels': [
            [2, c360.exact('postal_code')],
            [1, c360.one_edit('postal_code')],
         ]},
        {'name': 'phone_national', 'fs': false,
         'null_when': c360.either_null('phone_national'),
         'levels': [[1, c360.exact('phone_national')]]},
        {'name': 'loyalty_card', 'fs': false,
         'null_when': c360.either_null('loyalty_card_no'),
         'levels': [[1, c360.exact('loyalty_card_no')]]},
        {'name': 'login', 'fs': false,
         'null_when': c360.either_null('login_id'),
         'levels': [[1, c360.exact('login_id')]]},
        {'name': 'ecom_account', 'fs': false,
         'null_when': c360.either_null('ecom_account_id'),
         'levels': [[1, c360.exact('ecom_account_id')]]},
    ]) }}
{%- endmacro %}


{#
    pair_columns(left, right): `<left>.<col> as <col>_l, <right>.<col> as <col>_r` for every
    compared column, to build a pair row from two int_identity_records rows.
#}
{% macro pair_columns(left, right) -%}
    {%- for c in c360.identity_compared_columns() %}
    , {{ left }}.{{ c }} as {{ c }}_l
    , {{ right }}.{{ c }} as {{ c }}_r
    {%- endfor %}
{%- endmacro %}


{# gamma_columns(): every comparison of identity_comparisons(), rendered. #}
{% macro gamma_columns() -%}
    {%- for c in c360.identity_comparisons() %}
    , {{ c360.comparison(c.name, c.null_when, c.levels) }}
    {%- endfor %}
{%- endmacro %}
