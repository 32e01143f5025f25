"""Orchestration: base data set, optional increment, truth files."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import polars as pl

from .config import (
    DAY, WEEK, GenerateConfig, NoiseRates, PopulationRates, PurchaseParams, SystemRates, Window,
    all_params,
)
from .noise import add_nicknames
from .people import build_people
from .pools import build_pools
from .purchases import build_catalog, continue_process, simulate
from .sources import (
    COLUMNS, TABLES, Ctx, Ids, Table, assign_channels, consent_events, crm_contacts, devices,
    ecom_accounts, ecom_orders, email_events, erasure_requests, loyalty_members, loyalty_points,
    loyalty_tiers, membership, pos_transactions, subscribers, support_tickets, web_events,
    N_STORES_JP, N_STORES_WEST,
)
from .writer import TRUTH_DIR, Progress, TruthWriter, write_csv, write_json

SESSIONS_PER_WEEK = 0.04
PERSON_TRUTH_COLS = ["person_id", "persona", "household_id", "twin_of", "is_erased", "lambda",
                     "p_dropout", "spend_nu"]
PROFILE_COLS = ["person_id", "country", "gender", "first_name", "middle_name", "nickname", "last_name",
                "maiden_name", "name_changed_at", "first_kana", "last_kana", "maiden_kana",
                "first_romaji", "last_romaji", "birth_date", "email", "old_email", "email_changed_at",
                "phone_e164", "old_phone_e164", "phone_changed_at", "uses_landline", "landline_e164",
                "postal_code", "region", "city", "address_line", "old_postal_code", "old_region",
                "old_city", "old_address_line", "moved_at", "currency", "namesake_of", "customer_since",
                "is_buyer", "systems"]


def rng_factory(seed: int, batch: int):
    def make(name: str) -> np.random.Generator:
        return np.random.default_rng([seed, batch, zlib.crc32(name.encode())])
    return make


def _home_stores(P: pl.DataFrame, rng: np.random.Generator) -> np.ndarray:
    jp = P["japanese"].to_numpy()
    return np.where(jp, rng.integers(1, N_STORES_JP + 1, len(P)),
                    rng.integers(N_STORES_JP + 1, N_STORES_JP + N_STORES_WEST + 1, len(P)))


def build_batch(ctx: Ctx, prog: Progress, emit, *, birth_purchases_from: int | None = None) -> dict:
    """All tables for the persons of ctx.P (base data, or new persons of an increment)."""
    P = ctx.P
    with prog.stage(f"{'inc ' if ctx.is_increment else ''}systems & purchases") as info:
        M = membership(ctx)
        ctx.state["home_store"] = _home_stores(P, ctx.rng("stores"))
        ctx.state["shared_email"] = P["email"].is_duplicated().to_numpy()
        purch, pstate = simulate(P, M["buyer"], ctx.hi, ctx.pp, ctx.rng("purchases"))
        purch = assign_channels(ctx, M, purch)
        info["rows"] = len(purch)
    ctx.state["M"], ctx.state["pstate"], ctx.state["purch_count"] = M, pstate, len(purch)

    def stage(name, fn):
        with prog.stage(("inc " if ctx.is_increment else "") + name) as info:
            res = fn()
            tabs = res if isinstance(res, tuple) else (res,)
            info["rows"] = sum(len(t.data) for t in tabs if isinstance(t, Table))
            return res

    emit("crm_contacts", stage("crm_contacts", lambda: crm_contacts(ctx, M)))
    emit("ecom_accounts", stage("ecom_accounts", lambda: ecom_accounts(ctx, M, purch)))
    emit("loyalty_members", stage("loyalty_members", lambda: loyalty_members(ctx, M, purch)))
    o, ol = stage("ecom_orders + lines", lambda: ecom_orders(ctx, purch))
    emit("ecom_orders", o)
    emit("ecom_order_lines", ol)
    del o, ol
    pos, carded = stage("pos_transactions", lambda: pos_transactions(ctx, M, purch))
    emit("pos_transactions", pos)
    del pos, purch
    ctx.state["carded"] = carded
    emit("loyalty_points", stage("loyalty_points", lambda: loyalty_points(ctx, carded, ctx.state["loyalty"])))
    tiers = stage("loyalty_tiers", lambda: loyalty_tiers(ctx, carded))
    ctx.state["tiers_data"] = tiers.data
    emit("loyalty_tiers", tiers)
    del tiers, carded
    rng = ctx.rng("support_who")
    who = np.flatnonzero(M["support"])
    emit("support_tickets", stage("support_tickets", lambda: support_tickets(
        ctx, who, 1 + rng.poisson(0.4, who.size))))
    subs = subscribers(ctx, M)
    ctx.state["subs"] = subs
    lo_e = ctx.lo if ctx.is_increment else ctx.window.t0
    ev, unsubs = stage("email_events", lambda: email_events(ctx, subs, lo_e, ctx.hi))
    emit("email_events", ev)
    del ev
    dev = devices(ctx, M)
    ctx.state["dev"] = dev
    emit("web_events", stage("web_events", lambda: web_events(ctx, dev, ctx.lo, ctx.hi, SESSIONS_PER_WEEK)))
    emit("consent_events", stage("consent_events", lambda: consent_events(ctx, unsubs, subs, dev)))
    rng = ctx.rng("erasure_who")
    has_contact = (M["crm_n"] + M["ecom_n"] + M["loy_n"] + M["email"]) > 0
    erased = has_contact & (rng.random(len(P)) < ctx.sr.erasure)
    lo_r = ctx.lo if ctx.is_increment else ctx.hi - 26 * WEEK
    emit("erasure_requests", stage("erasure_requests", lambda: erasure_requests(ctx, np.flatnonzero(erased), lo_r, ctx.hi)))
    ctx.state["erased"] = erased
    return M


def _fmt_ts(t: np.ndarray) -> pl.Series:
    never = t > 10**12
    s = pl.from_epoch(pl.Series(np.where(never, 0, t)), time_unit="s").dt.strftime("%Y-%m-%d %H:%M:%S")
    return s.scatter(np.flatnonzero(never), pl.Series([None] * int(never.sum()), dtype=pl.String)) if never.any() else s


def _e164(P: pl.DataFrame, prefix: str) -> pl.Series:
    from .pools import CALLING_CODE
    cc = P["country"].replace_strict(CALLING_CODE, return_dtype=pl.String)
    return pl.select(pl.concat_str([pl.lit("+"), cc, P[f"{prefix}nsn"]])).to_series()


def person_truth(P: pl.DataFrame, erased: np.ndarray) -> pl.DataFrame:
    return P.select(
        "person_id", "persona", "household_id", "twin_of",
        pl.Series("is_erased", np.where(erased, "true", "false")),
        pl.col("lambda").round(6).cast(pl.String), pl.col("p_dropout").round(6).cast(pl.String),
        pl.col("spend_nu").round(6).cast(pl.String),
    )


def person_profiles(P: pl.DataFrame, M: dict) -> pl.DataFrame:
    sys_names = np.array(["crm", "ecom", "loyalty", "pos_guest", "support", "email", "web"])
    flags = np.stack([M["crm_n"] > 0, M["ecom_n"] > 0, M["loy_n"] > 0, M["guest"], M["support"], M["email"], M["web"]], 1)
    systems = pl.select(pl.concat_list([pl.when(pl.lit(pl.Series(flags[:, i]))).then(pl.lit(str(name)))
                                        for i, name in enumerate(sys_names)]).list.drop_nulls().list.join(";")).to_series()
    return P.select(
        "person_id", "country", "gender", "first_name", "middle_name", "nickname", "last_name", "maiden_name",
        _fmt_ts(P["name_changed_at"].to_numpy()).alias("name_changed_at"),
        "first_kana", "last_kana", "maiden_kana", "first_romaji", "last_romaji",
        pl.Series(P["birth_day"].to_numpy().astype(np.int32)).cast(pl.Date).dt.strftime("%Y-%m-%d").alias("birth_date"),
        "email", "old_email", _fmt_ts(P["email_changed_at"].to_numpy()).alias("email_changed_at"),
        _e164(P, "phone_").alias("phone_e164"),
        pl.when(pl.col("phone_changed_at") < 10**12).then(_e164(P, "old_phone_")).alias("old_phone_e164"),
        _fmt_ts(P["phone_changed_at"].to_numpy()).alias("phone_changed_at"),
        pl.col("uses_landline").cast(pl.String).str.to_lowercase(), _e164(P, "land_").alias("landline_e164"),
        "postal_code", "region", "city", "address_line",
        *[pl.when(pl.col("moved_at") < 10**12).then(pl.col(c)).alias(c)
          for c in ("old_postal_code", "old_region", "old_city", "old_address_line")],
        _fmt_ts(P["moved_at"].to_numpy()).alias("moved_at"), "currency", "namesake_of",
        _fmt_ts(P["birth_t"].to_numpy()).alias("customer_since"),
        pl.Series("is_buyer", np.where(M["buyer"], "true", "false")), systems.alias("systems"),
    )


def run(cfg: GenerateConfig) -> None:
    window, pp, pop, sr, nz = Window(), PurchaseParams(), PopulationRates(), SystemRates(), NoiseRates()
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    n_stages = 15 + (19 if cfg.increment_out else 0)
    prog = Progress(cfg.progress, n_stages)
    try:
        with prog.stage("pools & persons") as info:
            pools = build_pools()
            catalog = build_catalog()
            mk = rng_factory(cfg.seed, 0)
            P = build_people(cfg.persons, mk("people"), pools, window, pop, pp)
            P = add_nicknames(P, pools, mk("nicknames"), pop.goes_by_nickname_share)
            info["rows"] = len(P)
        ids = Ids()
        ctx = Ctx(P, mk, pools, catalog, window, pp, pop, sr, nz, ids, lo=window.t0, hi=window.t1,
                  create_lo=window.tl)
        truth = TruthWriter(out)
        counts: dict[str, int] = {}

        def emit(name: str, table: Table) -> None:
            write_csv(table.data, out / f"{name}.csv")
            truth.append(table.truth)
            counts[name] = len(table.data)

        M = build_batch(ctx, prog, emit)
        truth.close()
        with prog.stage("truth files"):
            write_csv(person_truth(P, ctx.state["erased"]), out / TRUTH_DIR / "persons.csv")
            write_csv(person_profiles(P, M), out / TRUTH_DIR / "person_profiles.csv")
            params = all_params(cfg.seed, cfg.persons, window, pp, pop, sr, nz)
            params["row_counts"] = counts
            params["record_id_rules"] = _record_id_rules()
            write_json(params, out / TRUTH_DIR / "params.json")
        if cfg.increment_out:
            from .increment import run_increment

            run_increment(cfg, ctx, prog, counts)
    finally:
        prog.close()


def _record_id_rules() -> dict[str, str]:
    return {
        "default": "record_id = the table's first column (its id); empty when the row's id is missing on purpose",
        "loyalty_tiers": "record_id = member_id + ':' + tier",
        "duplicates": "rows written twice on purpose appear twice in records.csv with the same record_id",
    }


__all__ = ["run", "COLUMNS", "TABLES", "DAY"]
