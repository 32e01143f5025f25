"""Run configuration, true model parameters and every noise rate (all written to params.json).

docs/noise_model.md documents these numbers; keep the two in sync.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

WEEK = 7 * 86400  # seconds; the purchase model's time unit is the week
DAY = 86400


def epoch(d: str) -> int:
    return int(dt.datetime.fromisoformat(d).replace(tzinfo=dt.timezone.utc).timestamp())


@dataclass(frozen=True)
class GenerateConfig:
    persons: int
    seed: int
    out: Path
    increment_out: Path | None = None
    increment_fraction: float = 0.01
    progress: bool = True


@dataclass(frozen=True)
class Window:
    start: str = "2023-01-01"  # observation window, inclusive
    end: str = "2026-01-01"  # exclusive (so the window is 2023-01-01 .. 2025-12-31)
    legacy_start: str = "2019-01-01"  # earliest CRM / loyalty record creation

    @property
    def t0(self) -> int:
        return epoch(self.start)

    @property
    def t1(self) -> int:
        return epoch(self.end)

    @property
    def tl(self) -> int:
        return epoch(self.legacy_start)


@dataclass(frozen=True)
class PurchaseParams:
    """BG/NBD (time unit: week) and Gamma-Gamma (money unit: USD) true parameters.

    lambda ~ Gamma(shape=r, rate=alpha) repeat purchases per week while alive;
    p ~ Beta(a, b) dropout probability after each repeat purchase;
    nu ~ Gamma(shape=q, rate=gamma); each order value ~ Gamma(shape=p, rate=nu) in USD,
    converted to the person's currency at `jpy_per_usd` for JPY.
    """

    time_unit: str = "week"
    r: float = 0.9
    alpha: float = 12.0
    a: float = 0.85
    b: float = 2.6
    p: float = 5.5
    q: float = 4.0
    gamma: float = 30.0
    jpy_per_usd: float = 150.0
    birth_spread: str = "uniform over [window start, window end - 2 weeks]"


@dataclass(frozen=True)
class PopulationRates:
    japanese_share: float = 0.5
    household_size_probs: tuple[float, ...] = (0.55, 0.25, 0.10, 0.07, 0.03)  # size 1..5
    twin_pair_share_of_multi_households: float = 0.03
    namesake_share: float = 0.01  # copies another person's name and birth year
    middle_name_share_western: float = 0.30
    goes_by_nickname_share: float = 0.30  # of Western persons whose name has nicknames
    email_change_share: float = 0.20
    phone_change_share: float = 0.10
    household_move_share: float = 0.10
    individual_move_share: float = 0.04
    marriage_name_change_share_female: float = 0.08
    shared_family_email_share: float = 0.25  # of non-head household members
    household_landline_share: float = 0.45
    uses_landline_share: float = 0.20
    currency_home_share: float = 0.96  # JPY for Japanese, USD for Western


@dataclass(frozen=True)
class SystemRates:
    crm: float = 0.55
    crm_duplicate: float = 0.06
    ecom: float = 0.50
    ecom_second_account: float = 0.07
    loyalty: float = 0.40
    loyalty_second_card: float = 0.04
    store_guest_if_loyalty_missing: float = 0.45
    support: float = 0.18
    email: float = 0.50
    web_if_ecom: float = 0.70
    web_if_not_ecom: float = 0.12
    card_used_at_till: float = 0.85
    guest_receipt_email: float = 0.25
    guest_receipt_phone: float = 0.10
    erasure: float = 0.005


def _d(**kw: float) -> dict[str, float]:
    return dict(kw)


@dataclass(frozen=True)
class NoiseRates:
    """Per-value probabilities, by source table where they differ."""

    name_typo: dict[str, float] = field(default_factory=lambda: _d(
        crm_contacts=0.02, ecom_accounts=0.03, loyalty_members=0.025, support_tickets=0.06))
    email_typo: dict[str, float] = field(default_factory=lambda: _d(
        crm_contacts=0.015, ecom_accounts=0.005, loyalty_members=0.02, support_tickets=0.04,
        pos_transactions=0.03, email_events=0.01, consent_events=0.0, erasure_requests=0.01))
    phone_typo: dict[str, float] = field(default_factory=lambda: _d(
        crm_contacts=0.015, ecom_accounts=0.015, loyalty_members=0.02, support_tickets=0.04,
        pos_transactions=0.02))
    postal_typo: dict[str, float] = field(default_factory=lambda: _d(
        crm_contacts=0.01, ecom_accounts=0.01, loyalty_members=0.015))
    junk_email: dict[str, float] = field(default_factory=lambda: _d(
        crm_contacts=0.008, ecom_accounts=0.004, loyalty_members=0.01, support_tickets=0.01,
        pos_transactions=0.005))
    junk_phone: dict[str, float] = field(default_factory=lambda: _d(
        crm_contacts=0.01, ecom_accounts=0.008, loyalty_members=0.012, support_tickets=0.01,
        pos_transactions=0.005))
    junk_name: dict[str, float] = field(default_factory=lambda: _d(
        crm_contacts=0.003, ecom_accounts=0.003, loyalty_members=0.003, support_tickets=0.005))
    junk_postal: float = 0.003
    junk_birth_date: float = 0.004  # 1900-01-01 and friends
    unparseable_phone: float = 0.003
    missing: dict[str, dict[str, float]] = field(default_factory=lambda: {
        "crm_contacts": _d(email=0.10, phone=0.12, birth_date=0.15, gender=0.10, address=0.06,
                           kana=0.15),
        "ecom_accounts": _d(phone=0.30, birth_date=0.45, address=0.12),
        "loyalty_members": _d(email=0.15, phone=0.08, birth_date=0.05, postal_code=0.05, kana=0.10),
        "support_tickets": _d(contact_name=0.05, contact_email=0.30, contact_phone=0.45,
                              account_id=0.50),
    })
    case_noise: float = 0.05  # names and emails
    whitespace_noise: float = 0.03
    nickname_if_goes_by: float = 0.60
    nickname_otherwise: float = 0.05
    middle_initial: float = 0.20  # of records of persons with a middle name
    swap_first_last: float = 0.015
    romanized_jp_name: dict[str, float] = field(default_factory=lambda: _d(
        crm_contacts=0.02, ecom_accounts=0.08, loyalty_members=0.01))
    ascii_folded_name: float = 0.30  # German/French names with accents, in ecom/support
    itaiji: float = 0.30  # of JP last names that have a variant kanji
    kana_hiragana: float = 0.05
    kana_halfwidth: float = 0.04
    gmail_variant: dict[str, float] = field(default_factory=lambda: _d(
        ecom_accounts=0.20, crm_contacts=0.05, loyalty_members=0.05, email_events=0.10,
        pos_transactions=0.03))
    plus_tag_other_provider: float = 0.05  # ecom accounts at other +tag providers
    fullwidth_email_jp: float = 0.02
    fullwidth_phone_jp: float = 0.06
    fullwidth_postal_jp: float = 0.06
    fullwidth_address_jp: float = 0.20
    crm_updated_later: float = 0.40
    card_no_spaced: float = 0.03
    bad_timestamp: float = 0.003  # 2023-02-30, 99/99/9999, text
    negative_amount: float = 0.003
    duplicate_row: float = 0.005
    missing_id: float = 0.001
    no_identifier_row: float = 0.003
    timestamp_formats: dict[str, float] = field(default_factory=lambda: _d(
        iso_space=0.90, iso_t=0.03, iso_offset=0.02, slash_date=0.025, kanji_date=0.015,
        dmy_slash=0.01))
    date_formats: dict[str, float] = field(default_factory=lambda: _d(
        iso=0.88, slash=0.05, kanji=0.03, dmy_slash=0.03, compact=0.01))
    amount_formats: dict[str, float] = field(default_factory=lambda: _d(
        plain=0.85, symbol=0.06, thousands=0.04, yen_suffix=0.03, fullwidth=0.02))
    email_old_bounces: float = 0.30
    unsubscribe: float = 0.12
    unsubscribe_consent_event: float = 0.90
    double_opt_in_never_confirmed: float = 0.15
    consent_conflict: float = 0.10


JUNK_EMAILS = ["test@example.com", "test@test.com", "none@none.com", "noemail@noemail.com",
               "no@email.com", "a@a.com", "xxx@xxx.com", "dummy@dummy.com", "N/A", "none",
               "unknown", "-", "null"]
JUNK_PHONES = ["000-0000-0000", "0000000000", "00000000000", "999-99-9999", "123-456-7890",
               "1234567890", "999-999-9999", "090-0000-0000", "N/A", "unknown", "-", "null", "0"]
JUNK_NAMES = ["N/A", "unknown", "-", "null", "test", "TEST", "xxx", "none", "なし", "不明", "テスト"]
JUNK_POSTALS = ["000-0000", "0000000", "00000", "99999", "N/A", "-", "unknown"]
JUNK_BIRTH_DATES = ["1900-01-01", "1111-11-11", "9999-12-31", "0000-00-00", "1970-01-01"]
UNPARSEABLE_PHONES = ["call me", "12", "ext. 123", "+81", "phone", "see notes", "0120-XXX-XXX",
                      "tel", "((("]
BAD_TIMESTAMPS = ["2023-02-30", "99/99/9999", "2024-13-01 10:00:00", "yesterday", "TBD",
                  "0000-00-00 00:00:00", "2024-02-30 25:61:00", "#VALUE!"]
NEGATIVE_AMOUNT_NOTE = "negative amounts are written as '-' + the amount text"


def all_params(seed: int, persons: int, window: Window, purchase: PurchaseParams,
               pop: PopulationRates, systems: SystemRates, noise: NoiseRates) -> dict[str, Any]:
    return {
        "seed": seed,
        "persons": persons,
        "observation_window": {"start": window.start, "end_exclusive": window.end,
                               "legacy_records_from": window.legacy_start},
        "time_unit": purchase.time_unit,
        "bgnbd": {"r": purchase.r, "alpha": purchase.alpha, "a": purchase.a, "b": purchase.b},
        "gamma_gamma": {"p": purchase.p, "q": purchase.q, "gamma": purchase.gamma,
                        "money_unit": "USD", "jpy_per_usd": purchase.jpy_per_usd},
        "purchase_model": asdict(purchase),
        "population": asdict(pop),
        "systems": asdict(systems),
        "noise": asdict(noise),
        "junk_values": {"email": JUNK_EMAILS, "phone": JUNK_PHONES, "name": JUNK_NAMES,
                        "postal_code": JUNK_POSTALS, "birth_date": JUNK_BIRTH_DATES,
                        "unparseable_phone": UNPARSEABLE_PHONES, "bad_timestamp": BAD_TIMESTAMPS},
    }
