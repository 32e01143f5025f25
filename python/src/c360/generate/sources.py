"""Source tables (one function per table family), built from true persons with noise.

Every builder returns `Table`s: the exported columns exactly as in docs/sources.md, plus the
truth rows (record_id, person_id).  Record ids are assigned in creation-time order so ids say
nothing about who the person is.  Builders that create activity take a period [lo, hi) so the
same code makes the base data and the follow-up increment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import polars as pl

from .config import (
    DAY, WEEK, NoiseRates, PopulationRates, PurchaseParams, SystemRates, Window,
)
from .formats import format_amount, format_phone, format_ts, ids, plain_amount
from .noise import (
    _mask, no_identifier, render_address, render_birth_date, render_email, render_gender,
    render_names, render_phone, snapshot,
)
from .people import make_unique
from .pools import SUPPORT_SUBJECTS_EN, SUPPORT_SUBJECTS_JP, Pools
from .purchases import Catalog, order_lines
from .text import choose, set_values

# Column order of every exported file (docs/sources.md).
COLUMNS: dict[str, list[str]] = {
    "crm_contacts": ["contact_id", "first_name", "last_name", "first_name_kana", "last_name_kana",
                     "email", "phone", "birth_date", "gender", "postal_code", "country", "region",
                     "city", "address_line", "created_at", "updated_at"],
    "ecom_accounts": ["account_id", "login_id", "email", "email_verified", "first_name", "last_name",
                      "phone", "birth_date", "postal_code", "country", "region", "city",
                      "address_line", "created_at"],
    "ecom_orders": ["order_id", "account_id", "ordered_at", "currency", "order_total", "status"],
    "ecom_order_lines": ["order_line_id", "order_id", "product_id", "product_name", "category",
                         "quantity", "unit_price"],
    "pos_transactions": ["transaction_id", "store_id", "transacted_at", "loyalty_card_no",
                         "guest_email", "guest_phone", "currency", "amount"],
    "loyalty_members": ["member_id", "card_no", "first_name", "last_name", "first_name_kana",
                        "last_name_kana", "email", "phone", "birth_date", "postal_code", "country",
                        "enrolled_at"],
    "loyalty_points": ["ledger_id", "card_no", "posted_at", "points", "reason"],
    "loyalty_tiers": ["member_id", "tier", "valid_from", "valid_to"],
    "support_tickets": ["ticket_id", "opened_at", "closed_at", "status", "channel", "contact_name",
                        "contact_email", "contact_phone", "account_id", "subject"],
    "email_events": ["event_id", "campaign_id", "subscriber_id", "email", "event_type", "occurred_at"],
    "web_events": ["event_id", "anonymous_id", "user_id", "session_id", "event_type", "page_path",
                   "occurred_at"],
    "consent_events": ["consent_event_id", "source_system", "source_record_id", "email", "phone",
                       "channel", "purpose", "action", "occurred_at", "expires_at"],
    "erasure_requests": ["request_id", "requested_at", "email", "phone", "source_system",
                         "source_record_id", "status"],
}
TABLES = list(COLUMNS)
# Tables without a single id column: the truth record_id is built from these columns.
COMPOSITE_ID = {"loyalty_tiers": ("member_id", "tier")}

ID_SPEC = {  # table -> (prefix, width)
    "crm_contacts": ("C", 8), "ecom_accounts": ("A", 8), "ecom_orders": ("O", 9),
    "ecom_order_lines": ("OL", 10), "pos_transactions": ("T", 10), "loyalty_members": ("LM", 8),
    "loyalty_points": ("LP", 10), "support_tickets": ("TK", 8), "email_events": ("EE", 10),
    "web_events": ("WE", 11), "consent_events": ("CE", 9), "erasure_requests": ("ER", 7),
    "subscriber": ("SUB", 8), "session": ("SES", 10), "campaign": ("CMP", 5),
}
DUP_TABLES = {"crm_contacts", "ecom_orders", "ecom_order_lines", "pos_transactions", "loyalty_points",
              "email_events", "web_events", "consent_events"}
MISSING_ID_TABLES = {"crm_contacts", "ecom_orders", "pos_transactions", "loyalty_points",
                     "support_tickets", "email_events", "web_events", "consent_events"}


@dataclass
class Table:
    data: pl.DataFrame
    truth: pl.DataFrame  # record_id, person_id


class Ids:
    """Sequential id counters that continue from the base into the increment."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, key: str, n: int) -> pl.Series:
        prefix, width = ID_SPEC[key]
        start = self.next.get(key, 0)
        self.next[key] = start + n
        return ids(prefix, start, n, width)


@dataclass
class Ctx:
    P: pl.DataFrame
    rng: Callable[[str], np.random.Generator]
    pools: Pools
    catalog: Catalog
    window: Window
    pp: PurchaseParams
    pop: PopulationRates
    sr: SystemRates
    nz: NoiseRates
    ids: Ids
    lo: int  # period start (activity and record creation for this batch)
    hi: int  # period end (exclusive)
    create_lo: int  # earliest creation time of contact records in this batch
    is_increment: bool = False
    state: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.P)

    def jp(self, pidx: np.ndarray) -> np.ndarray:
        return self.P["japanese"].to_numpy()[pidx]

    def ts(self, t: np.ndarray, rng: np.random.Generator, jp: np.ndarray, clean: bool = False,
           bad: bool = True) -> pl.Series:
        return format_ts(t, rng, self.nz.timestamp_formats, jp, self.nz.bad_timestamp if bad else 0.0, clean)


def _uniform(rng: np.random.Generator, lo: np.ndarray | int, hi: np.ndarray | int, n: int) -> np.ndarray:
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    return lo + (rng.random(n) * np.maximum(hi - lo, 1)).astype(np.int64)


def finalize(ctx: Ctx, table: str, df: pl.DataFrame, pidx: np.ndarray,
             rng: np.random.Generator) -> Table:
    """Apply missing ids and exact duplicate rows; build the truth rows."""
    id_col = COLUMNS[table][0]
    person = ctx.P["person_id"].gather(pidx)
    df = df.select(COLUMNS[table]).with_columns(pl.all().cast(pl.String))
    n = len(df)
    if table in COMPOSITE_ID:
        a, b = COMPOSITE_ID[table]
        rid = df.select(pl.concat_str([pl.col(a), pl.lit(":"), pl.col(b)])).to_series()
    else:
        rid = df[id_col]
        if table in MISSING_ID_TABLES:
            miss = _mask(rng, n, ctx.nz.missing_id)
            df = df.with_columns(set_values(df[id_col], miss, None).alias(id_col))
            rid = df[id_col]
    truth = pl.DataFrame({"source_table": pl.Series([table] * n, dtype=pl.String),
                          "record_id": rid.fill_null(""), "person_id": person})
    if table in DUP_TABLES and n:
        dup = np.flatnonzero(_mask(rng, n, ctx.nz.duplicate_row))
        if dup.size:
            order = np.r_[np.arange(n), dup]
            order = order[np.argsort(order, kind="stable")]
            df, truth = df[order], truth[order]
    return Table(df, truth)


# --------------------------------------------------------------------------------------------
# membership
# --------------------------------------------------------------------------------------------

SYSTEMS = ["crm", "ecom", "loyalty", "pos", "support", "email", "web"]


def membership(ctx: Ctx) -> dict[str, np.ndarray]:
    rng, sr, n = ctx.rng("membership"), ctx.sr, ctx.n
    crm = rng.random(n) < sr.crm
    ecom = rng.random(n) < sr.ecom
    loy = rng.random(n) < sr.loyalty
    guest = ~loy & (rng.random(n) < sr.store_guest_if_loyalty_missing)
    support = rng.random(n) < sr.support * np.where(ecom, 1.3, 0.7)
    email = rng.random(n) < sr.email
    web = rng.random(n) < np.where(ecom, sr.web_if_ecom, sr.web_if_not_ecom)
    flags = np.stack([crm, ecom, loy, loy | guest, support, email, web], axis=1)
    # every person in at least one and at most six systems
    none = flags.sum(1) == 0
    pick = rng.integers(0, 3, n)  # crm / ecom / loyalty
    for j in range(3):
        flags[:, j] |= none & (pick == j)
    full = flags.sum(1) == 7
    flags[:, 6] &= ~full  # drop web for people in all seven
    crm, ecom, loy, store, support, email, web = (flags[:, j] for j in range(7))
    guest = store & ~loy
    return {
        "crm_n": crm * (1 + (rng.random(n) < ctx.sr.crm_duplicate)),
        "ecom_n": ecom * (1 + (rng.random(n) < ctx.sr.ecom_second_account)),
        "loy_n": loy * (1 + (rng.random(n) < ctx.sr.loyalty_second_card)),
        "guest": guest, "support": support, "email": email, "web": web,
        "buyer": ecom | loy | guest,
        "ecom_share": np.where(ecom & (loy | guest), rng.beta(2, 2, n), np.where(ecom, 1.0, 0.0)),
    }


# --------------------------------------------------------------------------------------------
# contact tables
# --------------------------------------------------------------------------------------------

def _contact_render(ctx: Ctx, S: pl.DataFrame, table: str, rng: np.random.Generator,
                    with_kana: bool) -> dict[str, pl.Series]:
    miss = ctx.nz.missing.get(table, {})
    jp = S["japanese"].to_numpy()
    cols = render_names(S, table, rng, ctx.nz, with_kana)
    cols["email"] = render_email(S["email"], jp, table, rng, ctx.nz, miss.get("email", 0.0))
    cols["phone"] = render_phone(S, table, rng, ctx.nz, miss.get("phone", 0.0))
    cols["birth_date"] = render_birth_date(S, rng, ctx.nz, miss.get("birth_date", 0.0))
    cols.update(render_address(S, table, rng, ctx.nz, miss.get("address", 0.0), miss.get("postal_code", 0.0)))
    return cols


def crm_contacts(ctx: Ctx, M: dict) -> Table:
    rng = ctx.rng("crm_contacts")
    pidx = np.repeat(np.arange(ctx.n), M["crm_n"])
    n = pidx.size
    second = np.r_[False, pidx[1:] == pidx[:-1]]
    created = _uniform(rng, ctx.create_lo, ctx.hi - DAY, n)
    prev = np.r_[0, created[:-1]]
    created = np.where(second, _uniform(rng, prev, ctx.hi - DAY, n), created)
    upd = rng.random(n) < ctx.nz.crm_updated_later
    updated = np.where(upd, _uniform(rng, created, ctx.hi, n), created)
    S = snapshot(ctx.P, pidx, updated)
    cols = _contact_render(ctx, S, "crm_contacts", rng, with_kana=True)
    cols["gender"] = render_gender(S, rng, ctx.nz.missing["crm_contacts"]["gender"])
    cols = no_identifier(cols, _mask(rng, n, ctx.nz.no_identifier_row), rng, keep=("country",))
    jp = S["japanese"].to_numpy()
    df = pl.DataFrame(cols).with_columns(created_at=ctx.ts(created, rng, jp), updated_at=ctx.ts(updated, rng, jp, bad=False),
                                         _t=created, _p=pidx)
    df = df.sort("_t", maintain_order=True)
    df = df.with_columns(contact_id=ctx.ids.take("crm_contacts", n))
    ctx.state["crm"] = df.select("contact_id", "_p", "_t", "email", "phone")
    return finalize(ctx, "crm_contacts", df, df["_p"].to_numpy(), rng)


def ecom_accounts(ctx: Ctx, M: dict, purch: pl.DataFrame) -> Table:
    rng = ctx.rng("ecom_accounts")
    n_p = ctx.n
    # primary account created shortly before the first e-commerce purchase (or at random)
    first_ecom = np.full(n_p, -1, dtype=np.int64)
    pe = purch.filter(pl.col("channel") == "ecom").group_by("pidx").agg(pl.col("t").min()).sort("pidx")
    first_ecom[pe["pidx"].to_numpy()] = pe["t"].to_numpy()
    pidx = np.repeat(np.arange(n_p), M["ecom_n"])
    n = pidx.size
    second = np.r_[False, pidx[1:] == pidx[:-1]]
    fe = first_ecom[pidx]
    created = np.where(fe >= 0, fe - _uniform(rng, 60, 30 * DAY, n),
                       _uniform(rng, ctx.lo if ctx.is_increment else ctx.window.t0 - 52 * WEEK, ctx.hi - DAY, n))
    if ctx.is_increment:
        created = np.maximum(created, ctx.lo)
    prev = np.r_[0, created[:-1]]
    created = np.where(second, _uniform(rng, prev + DAY, ctx.hi - DAY, n), created)
    S = snapshot(ctx.P, pidx, created)
    # a second account needs another address: the person's other (old/new) address when there
    # is one, else a secondary alias (first name + digits at another provider)
    if second.any():
        P_em = ctx.P["email"].gather(pidx)
        P_old = ctx.P["old_email"].gather(pidx)
        other = pl.select(pl.when(S["email"] == P_old).then(P_em).otherwise(P_old)).to_series()
        from .people import _email_domain
        alias = pl.select(pl.concat_str([S["first_romaji"].str.to_lowercase(), pl.lit("."),
                                         pl.Series(rng.integers(100, 10000, n)).cast(pl.String), pl.lit("@"),
                                         _email_domain(rng, S["country"].to_numpy())])).to_series()
        repl = pl.select(pl.when(other.is_not_null() & (other != S["email"])).then(other).otherwise(alias)).to_series()
        S = S.with_columns(email=set_values(S["email"], second, repl))
    cols = _contact_render(ctx, S, "ecom_accounts", rng, with_kana=False)
    jp = S["japanese"].to_numpy()
    # login id: the e-mail at sign-up (60 %) or a user name
    handle = pl.select(pl.concat_str([S["first_romaji"].str.to_lowercase().str.slice(0, 1),
                                      S["last_romaji"].str.to_lowercase(),
                                      pl.lit(pl.Series(rng.integers(1, 1000, n)).cast(pl.String))])).to_series()
    use_mail = (rng.random(n) < 0.6) & cols["email"].is_not_null().to_numpy()
    login = pl.select(pl.when(pl.Series(use_mail)).then(cols["email"].str.strip_chars().str.to_lowercase())
                      .otherwise(handle)).to_series()
    existing = ctx.state.get("login_ids_base", pl.Series([], dtype=pl.String))
    login = make_unique(existing, login, lambda s: s.str.to_lowercase(),
                        lambda v, m, r: v.scatter(np.flatnonzero(m), pl.select(pl.concat_str(
                            [v.gather(np.flatnonzero(m)), pl.lit("_"), pl.Series(r.integers(10, 100, int(m.sum()))).cast(pl.String)])).to_series()),
                        rng)
    verified = np.where(rng.random(n) < 0.8, "true", "false")
    df = pl.DataFrame(cols).drop("first_name_kana", "last_name_kana", strict=False).with_columns(
        login_id=login, email_verified=pl.Series(verified), created_at=ctx.ts(created, rng, jp),
        _t=created, _p=pidx)
    df = df.sort("_t", maintain_order=True)
    df = df.with_columns(account_id=ctx.ids.take("ecom_accounts", n))
    ctx.state["ecom"] = df.select("account_id", "login_id", "_p", "_t", "email", "phone")
    return finalize(ctx, "ecom_accounts", df, df["_p"].to_numpy(), rng)


def _card_numbers(rng: np.random.Generator, n: int, existing: pl.Series) -> pl.Series:
    v = pl.Series(rng.integers(600_000_000_000, 700_000_000_000, n, dtype=np.int64)).cast(pl.String)
    return make_unique(existing, v, lambda s: s,
                       lambda vals, m, r: vals.scatter(np.flatnonzero(m), pl.Series(
                           r.integers(600_000_000_000, 700_000_000_000, int(m.sum()), dtype=np.int64)).cast(pl.String)), rng)


def loyalty_members(ctx: Ctx, M: dict, purch: pl.DataFrame) -> Table:
    rng = ctx.rng("loyalty_members")
    n_p = ctx.n
    first_store = np.full(n_p, -1, dtype=np.int64)
    ps = purch.filter(pl.col("channel") == "store").group_by("pidx").agg(pl.col("t").min()).sort("pidx")
    first_store[ps["pidx"].to_numpy()] = ps["t"].to_numpy()
    pidx = np.repeat(np.arange(n_p), M["loy_n"])
    n = pidx.size
    second = np.r_[False, pidx[1:] == pidx[:-1]]
    fs = first_store[pidx]
    at_first = (fs >= 0) & (rng.random(n) < 0.5)
    lo = ctx.lo if ctx.is_increment else ctx.window.tl
    enrolled = np.where(at_first, fs - _uniform(rng, 60, 3600, n), _uniform(rng, lo, ctx.hi - DAY, n))
    enrolled = np.maximum(enrolled, lo)
    prev = np.r_[0, enrolled[:-1]]
    enrolled = np.where(second, _uniform(rng, prev + DAY, ctx.hi - DAY, n), enrolled)
    S = snapshot(ctx.P, pidx, enrolled)
    cols = _contact_render(ctx, S, "loyalty_members", rng, with_kana=True)
    cols = {k: v for k, v in cols.items() if k in COLUMNS["loyalty_members"]}
    cols = no_identifier(cols, _mask(rng, n, ctx.nz.no_identifier_row), rng, keep=("country",))
    jp = S["japanese"].to_numpy()
    card = _card_numbers(rng, n, ctx.state.get("cards_base", pl.Series([], dtype=pl.String)))
    df = pl.DataFrame(cols).with_columns(card_no=card, enrolled_at=ctx.ts(enrolled, rng, jp), _t=enrolled, _p=pidx)
    df = df.sort("_t", maintain_order=True)
    df = df.with_columns(member_id=ctx.ids.take("loyalty_members", n))
    ctx.state["loyalty"] = df.select("member_id", "card_no", "_p", "_t", "email", "phone")
    return finalize(ctx, "loyalty_members", df, df["_p"].to_numpy(), rng)


# --------------------------------------------------------------------------------------------
# purchases: e-commerce orders + lines, POS transactions, points, tiers
# --------------------------------------------------------------------------------------------

def assign_channels(ctx: Ctx, M: dict, purch: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.rng("channels")
    p = purch["pidx"].to_numpy()
    share = M["ecom_share"][p]
    ch = np.where(rng.random(p.size) < share, "ecom", "store")
    cur = ctx.P["currency"].to_numpy()[p]
    minor = np.where(cur == "JPY", purch["value_usd"].to_numpy() * ctx.pp.jpy_per_usd,
                     purch["value_usd"].to_numpy() * 100)
    return purch.with_columns(channel=pl.Series(ch.tolist(), dtype=pl.String), currency=pl.Series(cur.tolist(), dtype=pl.String),
                              value_minor=pl.Series(np.maximum(np.round(minor), 1).astype(np.int64)))


def _latest_before(ent: pl.DataFrame, purch: pl.DataFrame, id_cols: list[str]) -> pl.DataFrame:
    """For each purchase, the person's latest entity (account/card) created before it."""
    e = ent.select(["_p", "_t"] + id_cols).rename({"_p": "pidx", "_t": "ent_t"}).sort("ent_t")
    q = purch.with_row_index("_row").sort("t")
    j = q.join_asof(e, left_on="t", right_on="ent_t", by="pidx", strategy="backward",
                    check_sortedness=False)
    return j.sort("_row").drop("_row")


def ecom_orders(ctx: Ctx, purch: pl.DataFrame) -> tuple[Table, Table]:
    rng = ctx.rng("ecom_orders")
    acc = ctx.state["ecom"]
    o = purch.filter(pl.col("channel") == "ecom")
    o = _latest_before(acc, o, ["account_id"])
    # a person with two accounts uses the older one half of the time
    first_acc = acc.sort("_t").group_by("_p", maintain_order=True).agg(pl.col("account_id").first().alias("acc1"))
    o = o.join(first_acc.rename({"_p": "pidx"}), on="pidx", how="left", maintain_order="left")
    use_first = pl.Series(rng.random(len(o)) < 0.5)
    o = o.with_columns(account_id=pl.when(pl.col("account_id").is_null() | use_first).then(pl.col("acc1"))
                       .otherwise(pl.col("account_id")))
    o = o.filter(pl.col("account_id").is_not_null()).sort("t", maintain_order=True)
    n = len(o)
    o = o.with_columns(order_id=ctx.ids.take("ecom_orders", n))
    lines = order_lines(o.select(pl.col("value_minor"), pl.col("currency")), ctx.catalog, rng)
    cat = ctx.catalog
    li = lines["oidx"].to_numpy()
    total = np.bincount(li, weights=(lines["quantity"].to_numpy() * lines["unit_minor"].to_numpy()), minlength=n).astype(np.int64)
    pidx = o["pidx"].to_numpy()
    jp = ctx.jp(pidx)
    status = choose(rng, ["completed", "cancelled", "returned", "pending"], [0.90, 0.04, 0.03, 0.03], n)
    cur = o["currency"]
    cur_txt = set_values(cur, _mask(rng, n, 0.01), cur.str.to_lowercase())
    orders = pl.DataFrame({
        "order_id": o["order_id"], "account_id": o["account_id"],
        "ordered_at": ctx.ts(o["t"].to_numpy(), rng, jp), "currency": cur_txt,
        "order_total": format_amount(total, cur, rng, ctx.nz.amount_formats, ctx.nz.negative_amount),
        "status": status,
    })
    t_orders = finalize(ctx, "ecom_orders", orders, pidx, rng)
    prod = lines["product"].to_numpy()
    line_cur = cur.gather(li)
    is_jpy = (line_cur == "JPY").to_numpy()
    name = np.where(is_jpy, cat.name_ja[prod], cat.name_en[prod])
    m = len(lines)
    ld = pl.DataFrame({
        "order_line_id": ctx.ids.take("ecom_order_lines", m),
        "order_id": o["order_id"].gather(li),
        "product_id": pl.Series(cat.product_id[prod].tolist(), dtype=pl.String),
        "product_name": pl.Series(name.tolist(), dtype=pl.String),
        "category": pl.Series(cat.category[prod].tolist(), dtype=pl.String),
        "quantity": lines["quantity"],
        "unit_price": plain_amount(lines["unit_minor"].to_numpy(), line_cur),
    })
    ctx.state["orders"] = pl.DataFrame({"order_id": o["order_id"], "pidx": pidx, "t": o["t"], "total_minor": total,
                                        "currency": cur})
    return t_orders, finalize(ctx, "ecom_order_lines", ld, pidx[li], rng)


N_STORES_JP, N_STORES_WEST = 40, 20


def pos_transactions(ctx: Ctx, M: dict, purch: pl.DataFrame) -> tuple[Table, pl.DataFrame]:
    rng = ctx.rng("pos_transactions")
    s = purch.filter(pl.col("channel") == "store")
    mem = ctx.state.get("loyalty")
    if mem is not None and len(mem):
        s = _latest_before(mem, s, ["card_no", "member_id"])
    else:
        s = s.with_columns(card_no=pl.lit(None, pl.String), member_id=pl.lit(None, pl.String))
    n = len(s)
    use_card = s["card_no"].is_not_null().to_numpy() & (rng.random(n) < ctx.sr.card_used_at_till)
    s = s.with_columns(card_no=pl.when(pl.Series(use_card)).then(pl.col("card_no")),
                       member_id=pl.when(pl.Series(use_card)).then(pl.col("member_id")))
    s = s.sort("t", maintain_order=True)
    use_card = s["card_no"].is_not_null().to_numpy()
    pidx = s["pidx"].to_numpy()
    jp = ctx.jp(pidx)
    r = rng.random(n)
    g_email = ~use_card & (r < ctx.sr.guest_receipt_email)
    g_phone = ~use_card & (r >= ctx.sr.guest_receipt_email) & (r < ctx.sr.guest_receipt_email + ctx.sr.guest_receipt_phone)
    # only guests leaving an e-receipt contact need a rendered e-mail / phone
    email = pl.Series([None] * n, dtype=pl.String)
    phone = pl.Series([None] * n, dtype=pl.String)
    gi = np.flatnonzero(g_email | g_phone)
    if gi.size:
        S = snapshot(ctx.P, pidx[gi], s["t"].to_numpy()[gi])
        e = render_email(S["email"], jp[gi], "pos_transactions", rng, ctx.nz)
        ph = render_phone(S, "pos_transactions", rng, ctx.nz)
        email = email.scatter(gi, set_values(e, ~g_email[gi], None))
        phone = phone.scatter(gi, set_values(ph, ~g_phone[gi], None))
    card_txt = s["card_no"]
    spaced = pl.select(pl.concat_str([card_txt.str.slice(0, 4), pl.lit(" "), card_txt.str.slice(4, 4), pl.lit(" "),
                                      card_txt.str.slice(8, 4)])).to_series()
    card_txt = set_values(card_txt, use_card & _mask(rng, n, ctx.nz.card_no_spaced), spaced)
    home = ctx.state["home_store"][pidx]
    other = np.where(jp, rng.integers(1, N_STORES_JP + 1, n), rng.integers(N_STORES_JP + 1, N_STORES_JP + N_STORES_WEST + 1, n))
    store = np.where(rng.random(n) < 0.8, home, other)
    cur = s["currency"]
    df = pl.DataFrame({
        "transaction_id": ctx.ids.take("pos_transactions", n),
        "store_id": pl.select(pl.concat_str([pl.lit("S"), pl.Series(store).cast(pl.String).str.zfill(3)])).to_series(),
        "transacted_at": ctx.ts(s["t"].to_numpy(), rng, jp),
        "loyalty_card_no": card_txt, "guest_email": email, "guest_phone": phone,
        "currency": cur,
        "amount": format_amount(s["value_minor"].to_numpy(), cur, rng, ctx.nz.amount_formats, ctx.nz.negative_amount),
    })
    carded = s.filter(pl.Series(use_card)).select("pidx", "t", "card_no", "member_id", "value_minor", "currency")
    return finalize(ctx, "pos_transactions", df, pidx, rng), carded


def loyalty_points(ctx: Ctx, carded: pl.DataFrame, bonus_members: pl.DataFrame | None) -> Table:
    """Earn 1 point per USD 1 or JPY 100 on card purchases; welcome bonus; redemptions;
    expiries and manual adjustments."""
    rng = ctx.rng("loyalty_points")
    val = carded["value_minor"].to_numpy()
    pts = np.where((carded["currency"] == "JPY").to_numpy(), val // 100, val // 100)
    parts = [pl.DataFrame({"pidx": carded["pidx"], "card_no": carded["card_no"],
                           "t": carded["t"] + rng.integers(0, 900, len(carded)),
                           "points": pts, "reason": pl.Series(["purchase"] * len(carded), dtype=pl.String)})]
    if bonus_members is not None and len(bonus_members):
        b = bonus_members
        parts.append(pl.DataFrame({"pidx": b["_p"], "card_no": b["card_no"], "t": b["_t"] + 60,
                                   "points": np.full(len(b), 500), "reason": pl.Series(["welcome_bonus"] * len(b), dtype=pl.String)}))
    m = len(carded)
    red = rng.random(m) < 0.08
    if red.any():
        sel = carded.filter(pl.Series(red))
        k = int(red.sum())
        parts.append(pl.DataFrame({"pidx": sel["pidx"], "card_no": sel["card_no"],
                                   "t": sel["t"] + rng.integers(DAY, 60 * DAY, k),
                                   "points": -rng.choice([100, 200, 500, 1000], k),
                                   "reason": pl.Series(["redeem"] * k, dtype=pl.String)}))
    adj = rng.random(m) < 0.01
    if adj.any():
        sel = carded.filter(pl.Series(adj))
        k = int(adj.sum())
        parts.append(pl.DataFrame({"pidx": sel["pidx"], "card_no": sel["card_no"],
                                   "t": sel["t"] + rng.integers(DAY, 10 * DAY, k),
                                   "points": rng.choice([-50, -20, 20, 50, 100], k),
                                   "reason": pl.Series(["adjustment"] * k, dtype=pl.String)}))
    led = pl.concat(parts, how="vertical_relaxed").filter(pl.col("t") < ctx.hi).sort("t", maintain_order=True)
    n = len(led)
    pidx = led["pidx"].to_numpy()
    df = pl.DataFrame({"ledger_id": ctx.ids.take("loyalty_points", n), "card_no": led["card_no"],
                       "posted_at": ctx.ts(led["t"].to_numpy(), rng, ctx.jp(pidx), clean=True),
                       "points": led["points"].cast(pl.String), "reason": led["reason"]})
    return finalize(ctx, "loyalty_points", df, pidx, rng)


TIER_THRESHOLDS = (("silver", 300), ("gold", 1000))


def loyalty_tiers(ctx: Ctx, carded: pl.DataFrame) -> Table:
    """basic from enrolment; silver / gold from the purchase that crosses 300 / 1000 points."""
    rng = ctx.rng("loyalty_tiers")
    mem = ctx.state["loyalty"]
    pts = carded.with_columns(pts=pl.col("value_minor") // 100).sort(["member_id", "t"], maintain_order=True)
    pts = pts.with_columns(cum=pl.col("pts").cum_sum().over("member_id"))
    rows = [mem.select(pl.col("member_id"), pl.lit("basic").alias("tier"), pl.col("_t").alias("t"), pl.col("_p").alias("pidx"))]
    for tier, thr in TIER_THRESHOLDS:
        up = pts.filter(pl.col("cum") >= thr).group_by("member_id", maintain_order=True).agg(
            pl.col("t").first(), pl.col("pidx").first())
        rows.append(up.select("member_id", pl.lit(tier).alias("tier"), "t", "pidx"))
    tiers = pl.concat(rows, how="vertical_relaxed").sort(["member_id", "t"], maintain_order=True)
    tiers = tiers.with_columns(t_to=pl.col("t").shift(-1).over("member_id"))
    pidx = tiers["pidx"].to_numpy()
    jp = ctx.jp(pidx)
    to = tiers["t_to"].fill_null(-1).to_numpy()
    df = pl.DataFrame({"member_id": tiers["member_id"], "tier": tiers["tier"],
                       "valid_from": format_ts(tiers["t"].to_numpy(), rng, {}, jp, clean=True),
                       "valid_to": format_ts(to, rng, {}, jp, clean=True)})
    df = df.with_columns(pl.col("valid_from").str.slice(0, 10), pl.col("valid_to").str.slice(0, 10))
    return finalize(ctx, "loyalty_tiers", df, pidx, rng)


# --------------------------------------------------------------------------------------------
# support tickets
# --------------------------------------------------------------------------------------------

def support_tickets(ctx: Ctx, who: np.ndarray, counts: np.ndarray) -> Table:
    rng = ctx.rng("support_tickets")
    pidx = np.repeat(who, counts)
    n = pidx.size
    opened = _uniform(rng, ctx.lo, ctx.hi - 3600, n)
    order = np.argsort(opened, kind="stable")
    pidx, opened = pidx[order], opened[order]
    S = snapshot(ctx.P, pidx, opened)
    jp = S["japanese"].to_numpy()
    nz = ctx.nz
    names = render_names(S, "support_tickets", rng, nz, with_kana=False)
    f, l_ = names["first_name"], names["last_name"]
    k = rng.random(n)
    fr, lr = S["first_romaji"], S["last_romaji"]
    kana = pl.select(pl.concat_str([S["last_kana"], pl.lit(" "), S["first_kana"]])).to_series()
    jp_name = pl.select(
        pl.when(pl.Series(k < 0.40)).then(pl.concat_str([l_, pl.lit(" "), f]))
        .when(pl.Series(k < 0.60)).then(pl.concat_str([l_, f]))
        .when(pl.Series(k < 0.70)).then(pl.concat_str([l_, pl.lit("　"), f]))
        .when(pl.Series(k < 0.80)).then(pl.concat_str([lr, pl.lit(" "), fr]))
        .when(pl.Series(k < 0.90)).then(pl.concat_str([fr, pl.lit(" "), lr]))
        .otherwise(kana)).to_series()
    we_name = pl.select(
        pl.when(pl.Series(k < 0.60)).then(pl.concat_str([f, pl.lit(" "), l_]))
        .when(pl.Series(k < 0.70)).then(pl.concat_str([l_, pl.lit(", "), f]))
        .when(pl.Series(k < 0.80)).then(pl.concat_str([f, pl.lit(" "), l_]).str.to_lowercase())
        .when(pl.Series(k < 0.90)).then(pl.concat_str([f.str.slice(0, 1), pl.lit(". "), l_]))
        .when(pl.Series(k < 0.95)).then(pl.concat_str([pl.when(S["gender"] == "F").then(pl.lit("Ms. ")).otherwise(pl.lit("Mr. ")), l_]))
        .otherwise(f)).to_series()
    name = pl.select(pl.when(pl.Series(jp)).then(jp_name).otherwise(we_name)).to_series()
    miss = nz.missing["support_tickets"]
    channel = choose(rng, ["email", "phone", "chat", "web_form"], [0.40, 0.30, 0.15, 0.15], n)
    ch = channel.to_numpy()
    email = render_email(S["email"], jp, "support_tickets", rng, nz)
    email = set_values(email, (ch != "email") & _mask(rng, n, miss["contact_email"]), None)
    phone = render_phone(S, "support_tickets", rng, nz)
    phone = set_values(phone, (ch != "phone") & _mask(rng, n, miss["contact_phone"]), None)
    name = set_values(name, _mask(rng, n, miss["contact_name"]), None)
    # account id when the person has an e-commerce account
    acc = ctx.state.get("ecom")
    account = pl.Series([None] * n, dtype=pl.String)
    if acc is not None and len(acc):
        first_acc = acc.group_by("_p", maintain_order=True).agg(pl.col("account_id").first())
        j = pl.DataFrame({"_p": pidx}).join(first_acc, on="_p", how="left", maintain_order="left")
        account = set_values(j["account_id"], _mask(rng, n, miss["account_id"]), None)
    status = choose(rng, ["closed", "solved", "open", "pending"], [0.6, 0.25, 0.08, 0.07], n)
    st = status.to_numpy()
    closed = np.where(np.isin(st, ["closed", "solved"]), opened + rng.exponential(2 * DAY, n).astype(np.int64) + 600, -1)
    closed = np.where(closed >= ctx.hi, -1, closed)
    subj = pl.select(pl.when(pl.Series(jp)).then(choose(rng, SUPPORT_SUBJECTS_JP, [1.0] * 12, n))
                     .otherwise(choose(rng, SUPPORT_SUBJECTS_EN, [1.0] * 12, n))).to_series()
    cols = {"contact_name": name, "contact_email": email, "contact_phone": phone, "account_id": account}
    cols = no_identifier(cols, _mask(rng, n, nz.no_identifier_row), rng, keep=())
    df = pl.DataFrame({"ticket_id": ctx.ids.take("support_tickets", n), "opened_at": ctx.ts(opened, rng, jp),
                       "closed_at": ctx.ts(closed, rng, jp), "status": status, "channel": channel, **cols,
                       "subject": subj})
    return finalize(ctx, "support_tickets", df, pidx, rng)


# --------------------------------------------------------------------------------------------
# email platform
# --------------------------------------------------------------------------------------------

CAMPAIGN_SEND_PROB = 0.10


def subscribers(ctx: Ctx, M: dict) -> pl.DataFrame:
    """Subscriptions: one per (person, address); subscriber_id stable per address."""
    rng = ctx.rng("subscribers")
    P = ctx.P
    who = np.flatnonzero(M["email"])
    lo = ctx.lo if ctx.is_increment else ctx.window.t0 - 52 * WEEK
    t_sub = _uniform(rng, lo, ctx.hi - WEEK, who.size)
    # people whose address changed sometimes subscribed both addresses
    chg = P["email_changed_at"].to_numpy()[who]
    has_old = P["old_email"].is_not_null().to_numpy()[who]
    both = has_old & (rng.random(who.size) < 0.3) & (chg > lo) & (chg < ctx.hi - WEEK)
    extra = who[both]
    t_extra_old = _uniform(rng, lo, chg[both], extra.size)
    t_extra_new = _uniform(rng, chg[both], ctx.hi - WEEK, extra.size)
    pidx = np.r_[who, extra]
    t_first = t_sub.copy()
    t_first[both] = t_extra_old
    t = np.r_[t_first, t_extra_new]
    S = snapshot(P, pidx, t)
    jp = S["japanese"].to_numpy()
    email = render_email(S["email"], jp, "email_events", rng, ctx.nz, junk_rate=0.003)
    true_key = S["email"].str.to_lowercase()
    typo = (email.str.strip_chars().str.to_lowercase() != true_key).fill_null(True).to_numpy()
    # invalid-looking address (typo / junk) -> bounces; keep gmail variants valid
    valid = ~typo | email.str.contains(r"(\+|googlemail)").fill_null(False).to_numpy() | \
        (email.str.replace_all(".", "", literal=True).str.to_lowercase() == true_key.str.replace_all(".", "", literal=True)).fill_null(False).to_numpy()
    old_dies = S["email"].eq_missing(P["old_email"].gather(pidx)).to_numpy() & (rng.random(pidx.size) < ctx.nz.email_old_bounces)
    dies_at = np.where(old_dies, P["email_changed_at"].to_numpy()[pidx], np.iinfo(np.int64).max // 4)
    df = pl.DataFrame({"_p": pidx, "_t": t, "email": email, "valid": valid, "dies_at": dies_at})
    df = df.sort("_t", maintain_order=True)
    # one subscriber per address (household members sharing an address share the subscriber)
    existing = ctx.state.get("sub_emails_base", pl.Series([], dtype=pl.String))
    key = df["email"].str.strip_chars().str.to_lowercase()
    keep = ~(pl.concat([existing, key]).is_duplicated().to_numpy()[len(existing):] &
             ~pl.concat([existing, key]).is_first_distinct().to_numpy()[len(existing):])
    df = df.filter(pl.Series(keep) & pl.col("email").is_not_null())
    n = len(df)
    unsub = rng.random(n) < ctx.nz.unsubscribe
    df = df.with_columns(subscriber_id=ctx.ids.take("subscriber", n),
                         unsub_t=pl.Series(np.where(unsub, _uniform(rng, df["_t"].to_numpy(), ctx.hi, n), -1)),
                         open_p=pl.Series(rng.beta(2, 5, n)))
    return df


def campaign_times(window: Window, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Weekly campaigns from the window start: index k is sent at t0 + k weeks + 10h."""
    k0 = max(0, int(np.ceil((lo - window.t0 - 36000) / WEEK)))
    k1 = int(np.ceil((hi - window.t0 - 36000) / WEEK))
    k = np.arange(k0, max(k0, k1))
    t = window.t0 + k * WEEK + 36000
    ok = (t >= lo) & (t < hi)
    return k[ok], t[ok]


def email_events(ctx: Ctx, subs: pl.DataFrame, lo: int, hi: int) -> tuple[Table, pl.DataFrame]:
    rng = ctx.rng("email_events")
    ks, kt = campaign_times(ctx.window, lo, hi)
    n = len(subs)
    sub_t = subs["_t"].to_numpy()
    unsub_t = subs["unsub_t"].to_numpy()
    end_t = np.where(unsub_t >= 0, unsub_t, np.iinfo(np.int64).max // 4)
    if ks.size == 0 or n == 0:
        empty = pl.DataFrame({c: pl.Series([], dtype=pl.String) for c in COLUMNS["email_events"]})
        return Table(empty, pl.DataFrame({"source_table": [], "record_id": [], "person_id": []},
                                         schema={"source_table": pl.String, "record_id": pl.String, "person_id": pl.String})), \
            pl.DataFrame({"subscriber_id": [], "t": []}, schema={"subscriber_id": pl.String, "t": pl.Int64})
    first_k = np.searchsorted(kt, sub_t, side="left")
    last_k = np.searchsorted(kt, np.minimum(end_t, hi), side="left")
    avail = np.maximum(last_k - first_k, 0)
    m = rng.binomial(avail, CAMPAIGN_SEND_PROB)
    si = np.repeat(np.arange(n), m)
    kk = first_k[si] + np.floor(rng.random(si.size) * avail[si]).astype(np.int64)
    sends = pl.DataFrame({"si": si, "k": kk}).unique(maintain_order=True).sort(["si", "k"])
    si, kk = sends["si"].to_numpy(), sends["k"].to_numpy()
    st = kt[kk] + rng.integers(0, 3600, si.size)
    # bounces: invalid addresses bounce on the first send; dead old addresses after the change
    valid = subs["valid"].to_numpy()[si]
    dies = subs["dies_at"].to_numpy()[si]
    bounce = ~valid | (st >= dies)
    bdf = pl.DataFrame({"si": si, "b": bounce, "st": st}).with_columns(
        prior=pl.col("b").cast(pl.Int64).cum_sum().over("si") - pl.col("b").cast(pl.Int64))
    keep = (bdf["prior"] == 0).to_numpy()  # nothing is sent after the first bounce
    si, kk, st, bounce = si[keep], kk[keep], st[keep], bounce[keep]
    openp = subs["open_p"].to_numpy()[si]
    opened = ~bounce & (rng.random(si.size) < openp)
    ot = st + rng.exponential(6 * 3600, si.size).astype(np.int64)
    clicked = opened & (rng.random(si.size) < 0.15)
    ct = ot + rng.exponential(600, si.size).astype(np.int64) + 5
    parts = [
        (si, kk, st, "send"),
        (si[bounce], kk[bounce], st[bounce] + 30, "bounce"),
        (si[opened], kk[opened], ot[opened], "open"),
        (si[clicked], kk[clicked], ct[clicked], "click"),
    ]
    un = np.flatnonzero((unsub_t >= lo) & (unsub_t < hi))
    un_k = np.searchsorted(ks, ks[np.clip(np.searchsorted(kt, unsub_t[un]) - 1, 0, ks.size - 1)])
    parts.append((un, np.clip(un_k, 0, ks.size - 1), unsub_t[un], "unsubscribe"))
    a_si = np.concatenate([p[0] for p in parts])
    a_k = np.concatenate([p[1] for p in parts])
    a_t = np.concatenate([p[2] for p in parts])
    names = [p[3] for p in parts]
    a_ty = np.concatenate([np.full(p[0].size, i, dtype=np.int8) for i, p in enumerate(parts)])
    ev = pl.DataFrame({"si": a_si, "k": a_k, "t": a_t,
                       "type": pl.Series(a_ty).replace_strict(dict(enumerate(names)), return_dtype=pl.String)})
    del a_si, a_k, a_t, a_ty
    ev = ev.filter(pl.col("t") < hi).sort("t", maintain_order=True)
    m = len(ev)
    si = ev["si"].to_numpy()
    pidx = subs["_p"].to_numpy()[si]
    camp = pl.select(pl.concat_str([pl.lit("CMP"), pl.Series(ks[ev["k"].to_numpy()] + 1).cast(pl.String).str.zfill(5)])).to_series()
    df = pl.DataFrame({"event_id": ctx.ids.take("email_events", m), "campaign_id": camp,
                       "subscriber_id": subs["subscriber_id"].gather(si), "email": subs["email"].gather(si),
                       "event_type": ev["type"],
                       "occurred_at": ctx.ts(ev["t"].to_numpy(), rng, ctx.jp(pidx), clean=True)})
    unsubs = pl.DataFrame({"sidx": un, "t": unsub_t[un]})
    return finalize(ctx, "email_events", df, pidx, rng), unsubs


# --------------------------------------------------------------------------------------------
# web analytics
# --------------------------------------------------------------------------------------------

def devices(ctx: Ctx, M: dict) -> pl.DataFrame:
    rng = ctx.rng("devices")
    who = np.flatnonzero(M["web"])
    k = np.minimum(1 + rng.poisson(0.5, who.size), 4)
    pidx = np.repeat(who, k)
    n = pidx.size
    first_seen = _uniform(rng, ctx.lo, ctx.hi - DAY, n)
    hexid = (pl.Series(rng.integers(0, 2**62, n, dtype=np.int64)).cast(pl.String))
    anon = pl.select(pl.concat_str([pl.lit("anon-"), hexid.str.zfill(19)])).to_series()
    existing = ctx.state.get("anon_base", pl.Series([], dtype=pl.String))
    anon = make_unique(existing, anon, lambda s: s, lambda v, m, r: v.scatter(
        np.flatnonzero(m), pl.select(pl.concat_str([pl.lit("anon-"), pl.Series(r.integers(0, 2**62, int(m.sum()), dtype=np.int64)).cast(pl.String).str.zfill(19)])).to_series()), rng)
    acc = ctx.state.get("ecom")
    login = pl.Series([None] * n, dtype=pl.String)
    if acc is not None and len(acc):
        first_acc = acc.sort("_t").group_by("_p", maintain_order=True).agg(pl.col("login_id").first(), pl.col("_t").first().alias("acc_t"))
        j = pl.DataFrame({"_p": pidx}).join(first_acc, on="_p", how="left", maintain_order="left")
        login = set_values(j["login_id"], rng.random(n) >= 0.7, None)
    return pl.DataFrame({"_p": pidx, "anonymous_id": anon, "first_seen": first_seen, "login_id": login,
                         "login_session": pl.Series(rng.integers(0, 4, n))})


WEB_TYPES = {0: "page_view", 1: "add_to_cart", 2: "checkout", 3: "login"}
PAGES = ["/", "/products/SKU00042", "/category/apparel", "/category/beauty", "/search?q=shoes",
         "/products/SKU00317", "/category/home", "/sale", "/account", "/products/SKU00555"]


def web_events(ctx: Ctx, dev: pl.DataFrame, lo: int, hi: int, sessions_per_week: float) -> Table:
    rng = ctx.rng("web_events")
    n = len(dev)
    fs = np.maximum(dev["first_seen"].to_numpy(), lo)
    span = np.maximum(hi - fs, 0) / WEEK
    ns = rng.poisson(sessions_per_week * span)
    ns = np.where((fs >= lo) & (fs < hi) & (dev["first_seen"].to_numpy() >= lo), np.maximum(ns, 1), ns)
    di = np.repeat(np.arange(n), ns)
    s_t = fs[di] + (rng.random(di.size) * (hi - fs[di])).astype(np.int64)
    order = np.lexsort((s_t, di))
    di, s_t = di[order], s_t[order]
    prior = ctx.state.get("web_sessions_before")  # sessions each device had before lo
    starts = np.r_[0, np.cumsum(ns)[:-1]]
    s_rank = np.arange(di.size) - starts[di] + (0 if prior is None else prior[di])
    ne = 1 + rng.poisson(1.8, di.size)
    ei = np.repeat(np.arange(di.size), ne)
    e_starts = np.r_[0, np.cumsum(ne)[:-1]]
    e_rank = np.arange(ei.size) - e_starts[ei]
    gaps = rng.integers(5, 180, ei.size)
    cum = pl.DataFrame({"ei": ei, "g": gaps}).with_columns(c=pl.col("g").cum_sum().over("ei") - pl.col("g"))["c"].to_numpy()
    t = s_t[ei] + cum
    dv = di[ei]
    login_id = dev["login_id"]
    has_login = login_id.is_not_null().to_numpy()[dv]
    login_sess = dev["login_session"].to_numpy()[dv]
    srank = s_rank[ei]
    nev = ne[ei]
    login_pos = np.where(nev >= 2, 1, 0)
    is_login_ev = has_login & (srank == login_sess) & (e_rank == login_pos)
    logged = has_login & ((srank > login_sess) | ((srank == login_sess) & (e_rank >= login_pos)))
    r = rng.random(ei.size)
    # integer codes (no per-event Python strings): 0 page_view, 1 add_to_cart, 2 checkout, 3 login
    etype = np.where(e_rank == 0, 0, np.where(r < 0.75, 0, np.where(r < 0.93, 1, 2))).astype(np.int8)
    etype[is_login_ev] = 3
    page = rng.integers(0, len(PAGES), ei.size).astype(np.int8)
    page = np.where(etype == 0, page, len(PAGES) - 1 + etype).astype(np.int8)
    page_map = {i: p for i, p in enumerate(PAGES)} | {len(PAGES): "/cart", len(PAGES) + 1: "/checkout",
                                                      len(PAGES) + 2: "/login"}
    user = set_values(login_id.gather(dv), ~logged, None)
    ev = pl.DataFrame({"t": t, "dv": dv, "si": ei,
                       "type": pl.Series(etype).replace_strict(WEB_TYPES, return_dtype=pl.String),
                       "page": pl.Series(page).replace_strict(page_map, return_dtype=pl.String), "user": user})
    del r, etype, page, is_login_ev, logged, cum, gaps, e_rank
    ev = ev.filter(pl.col("t") < hi)
    sess_ids = ctx.ids.take("session", di.size)
    ev = ev.sort("t", maintain_order=True)
    m = len(ev)
    pidx = dev["_p"].to_numpy()[ev["dv"].to_numpy()]
    df = pl.DataFrame({"event_id": ctx.ids.take("web_events", m), "anonymous_id": dev["anonymous_id"].gather(ev["dv"].to_numpy()),
                       "user_id": ev["user"], "session_id": sess_ids.gather(ev["si"].to_numpy()),
                       "event_type": ev["type"], "page_path": ev["page"],
                       "occurred_at": ctx.ts(ev["t"].to_numpy(), rng, ctx.jp(pidx), clean=True)})
    ctx.state["web_sessions_after"] = (0 if prior is None else prior) + np.bincount(di, minlength=n)
    return finalize(ctx, "web_events", df, pidx, rng)


# --------------------------------------------------------------------------------------------
# consent and erasure
# --------------------------------------------------------------------------------------------

def _ev(pidx, system, rec, email, phone, channel, purpose, action, t, exp=None) -> pl.DataFrame:
    n = len(pidx)
    lit = lambda v: pl.Series([v] * n, dtype=pl.String) if isinstance(v, str) else v  # noqa: E731
    return pl.DataFrame({"_p": np.asarray(pidx, dtype=np.int64), "source_system": lit(system), "source_record_id": rec,
                         "email": email, "phone": phone, "channel": lit(channel), "purpose": lit(purpose),
                         "action": lit(action), "_t": np.asarray(t, dtype=np.int64),
                         "_exp": np.full(n, -1, dtype=np.int64) if exp is None else np.asarray(exp, dtype=np.int64)})


def consent_events(ctx: Ctx, unsubs: pl.DataFrame, subs: pl.DataFrame, dev: pl.DataFrame | None,
                   include_records: bool = True, extra: list[pl.DataFrame] | None = None) -> Table:
    rng = ctx.rng("consent_events")
    nz = ctx.nz
    parts: list[pl.DataFrame] = list(extra or [])
    none = lambda k: pl.Series([None] * k, dtype=pl.String)  # noqa: E731
    if include_records and "ecom" in ctx.state:
        a = ctx.state["ecom"]
        n = len(a)
        sel = rng.random(n) < 0.8
        a = a.filter(pl.Series(sel))
        n = len(a)
        opt_in = rng.random(n) < 0.65
        t = a["_t"].to_numpy() + rng.integers(0, 60, n)
        ai = a.filter(pl.Series(opt_in))
        ti = t[opt_in]
        parts.append(_ev(ai["_p"], "ecom", ai["account_id"], ai["email"], none(len(ai)), "email", "marketing",
                         "double_opt_in_request", ti))
        conf = rng.random(len(ai)) >= nz.double_opt_in_never_confirmed
        ac = ai.filter(pl.Series(conf))
        parts.append(_ev(ac["_p"], "ecom", ac["account_id"], ac["email"], none(len(ac)), "email", "marketing",
                         "double_opt_in_confirm", ti[conf] + rng.integers(300, 3 * DAY, len(ac))))
        ao = a.filter(pl.Series(~opt_in))
        parts.append(_ev(ao["_p"], "ecom", ao["account_id"], ao["email"], none(len(ao)), "email", "marketing",
                         "opt_out", t[~opt_in]))
        prof = rng.random(n) < 0.5
        ap = a.filter(pl.Series(prof))
        act = np.where(rng.random(len(ap)) < 0.6, "opt_in", "opt_out")
        parts.append(_ev(ap["_p"], "ecom", ap["account_id"], ap["email"], none(len(ap)), "email", "profiling",
                         pl.Series(act.tolist(), dtype=pl.String), t[prof]))
        # conflicting CRM events: opposite of the e-commerce choice within two days
        crm = ctx.state.get("crm")
        if crm is not None and len(crm):
            first_crm = crm.group_by("_p", maintain_order=True).agg(pl.col("contact_id").first(), pl.col("email").first(), pl.col("phone").first())
            confl = pl.DataFrame({"_p": a["_p"], "opt_in": opt_in, "t": t}).filter(pl.Series(rng.random(n) < nz.consent_conflict))
            confl = confl.join(first_crm, on="_p", how="inner", maintain_order="left")
            act = np.where(confl["opt_in"].to_numpy(), "opt_out", "opt_in")
            parts.append(_ev(confl["_p"], "crm", confl["contact_id"], confl["email"], confl["phone"], "email", "marketing",
                             pl.Series(act.tolist(), dtype=pl.String), confl["t"].to_numpy() + rng.integers(-2 * DAY, 2 * DAY, len(confl))))
    if include_records and "loyalty" in ctx.state:
        m = ctx.state["loyalty"]
        n = len(m)
        t = m["_t"].to_numpy() + rng.integers(0, 120, n)
        for channel, purpose, share, p_in, exp_share, exp_weeks in (
                ("sms", "marketing", 0.5, 0.7, 0.0, 0), ("post", "marketing", 0.3, 1.0, 0.0, 0),
                ("email", "third_party_sharing", 0.2, 0.4, 0.5, 52), ("email", "profiling", 0.4, 1.0, 0.3, 104),
                ("push", "marketing", 0.1, 0.8, 0.0, 0)):
            sel = rng.random(n) < share
            mm = m.filter(pl.Series(sel))
            k = len(mm)
            act = np.where(rng.random(k) < p_in, "opt_in", "opt_out")
            exp = np.where((act == "opt_in") & (rng.random(k) < exp_share), t[sel] + exp_weeks * WEEK, -1)
            parts.append(_ev(mm["_p"], "loyalty", mm["member_id"], mm["email"], mm["phone"], channel, purpose,
                             pl.Series(act.tolist(), dtype=pl.String), t[sel], exp))
    if include_records and "crm" in ctx.state:
        c = ctx.state["crm"]
        sel = rng.random(len(c)) < 0.3
        cc = c.filter(pl.Series(sel))
        k = len(cc)
        act = np.where(rng.random(k) < 0.5, "opt_in", "opt_out")
        parts.append(_ev(cc["_p"], "crm", cc["contact_id"], cc["email"], cc["phone"], "phone", "marketing",
                         pl.Series(act.tolist(), dtype=pl.String), cc["_t"].to_numpy() + rng.integers(0, 30 * DAY, k)))
    if len(unsubs):
        sel = rng.random(len(unsubs)) < nz.unsubscribe_consent_event
        u = unsubs.filter(pl.Series(sel))
        si = u["sidx"].to_numpy()
        parts.append(_ev(subs["_p"].to_numpy()[si], "email", subs["subscriber_id"].gather(si), subs["email"].gather(si),
                         none(len(u)), "email", "marketing", "opt_out", u["t"].to_numpy() + rng.integers(0, 60, len(u))))
    if include_records and dev is not None and len(dev):
        sel = rng.random(len(dev)) < 0.2
        d = dev.filter(pl.Series(sel))
        parts.append(_ev(d["_p"], "web", d["anonymous_id"], none(len(d)), none(len(d)), "push", "marketing", "opt_in",
                         d["first_seen"].to_numpy() + rng.integers(0, 600, len(d))))
    ev = pl.concat(parts, how="vertical_relaxed") if parts else None
    # later change of mind: some opt-ins are withdrawn from the same system within the period
    if ev is not None and len(ev):
        ins = ev.filter(pl.col("action").is_in(["opt_in", "double_opt_in_confirm"]))
        sel = rng.random(len(ins)) < 0.05
        w = ins.filter(pl.Series(sel))
        if len(w):
            wt = _uniform(rng, w["_t"].to_numpy(), ctx.hi, len(w))
            ev = pl.concat([ev, w.with_columns(action=pl.lit("opt_out"), _t=pl.Series(wt), _exp=pl.lit(-1, pl.Int64))], how="vertical_relaxed")
    if ev is None or not len(ev):
        ev = _ev(np.zeros(0, dtype=np.int64), none(0), none(0), none(0), none(0), none(0), none(0), none(0), np.zeros(0))
    ev = ev.filter((pl.col("_t") >= ctx.lo) & (pl.col("_t") < ctx.hi)).sort("_t", maintain_order=True)
    n = len(ev)
    pidx = ev["_p"].to_numpy()
    jp = ctx.jp(pidx)
    df = ev.with_columns(consent_event_id=ctx.ids.take("consent_events", n),
                         occurred_at=ctx.ts(ev["_t"].to_numpy(), rng, jp),
                         expires_at=format_ts(ev["_exp"].to_numpy(), rng, nz.timestamp_formats, jp, clean=True))
    return finalize(ctx, "consent_events", df, pidx, rng)


def erasure_requests(ctx: Ctx, who: np.ndarray, lo: int, hi: int) -> Table:
    rng = ctx.rng("erasure_requests")
    n = who.size
    t = _uniform(rng, lo, hi, n)
    S = snapshot(ctx.P, who, t)
    jp = S["japanese"].to_numpy()
    k = rng.random(n)
    # a record reference from crm / ecom / loyalty when the person has one
    refs = []
    for sys_name in ("crm", "ecom", "loyalty"):
        st = ctx.state.get(sys_name)
        if st is not None and len(st):
            idcol = st.columns[0]
            refs.append(st.group_by("_p", maintain_order=True).agg(pl.col(idcol).first().alias("rid")).with_columns(sys=pl.lit(sys_name)))
    ref = pl.concat(refs).unique("_p", keep="first", maintain_order=True) if refs else None
    if ref is not None:
        j = pl.DataFrame({"_p": who}).join(ref, on="_p", how="left", maintain_order="left")
        rid, rsys = j["rid"], j["sys"]
    else:
        rid = rsys = pl.Series([None] * n, dtype=pl.String)
    # a family address shared with others is never used to ask for one person's erasure
    shared = ctx.state["shared_email"][who]
    by_email = (k < 0.5) & ~shared
    by_phone = (k >= 0.5) & (k < 0.7)
    by_rec = ~(by_email | by_phone) & rid.is_not_null().to_numpy()
    by_phone |= ~(by_email | by_phone | by_rec)
    email = render_email(S["email"], jp, "erasure_requests", rng, ctx.nz)
    phone = format_phone(S["country"], S["phone_nsn"], S["phone_l1"], S["phone_l2"], rng)
    df = pl.DataFrame({
        "request_id": ctx.ids.take("erasure_requests", n), "requested_at": ctx.ts(t, rng, jp, bad=False),
        "email": set_values(email, ~by_email, None), "phone": set_values(phone, ~by_phone, None),
        "source_system": set_values(rsys, ~by_rec, None), "source_record_id": set_values(rid, ~by_rec, None),
        "status": choose(rng, ["completed", "in_progress", "received"], [0.6, 0.25, 0.15], n),
        "_t": t, "_p": who,
    }).sort("_t", maintain_order=True)
    return finalize(ctx, "erasure_requests", df, df["_p"].to_numpy(), rng)
