"""Follow-up batch for incremental-run benchmarks (`--increment-out`).

The increment covers the period [window end, window end + delta), with delta chosen so that the
number of new purchases is about `fraction` x base purchases.  It holds only new and changed
rows: new persons with all their records, new purchases (BG/NBD continuation), e-mail and web
events, support tickets, consent events and erasure requests of existing persons, new or
changed loyalty tier rows, and contact rows re-exported with the same id after a change of
e-mail, phone or address.  It uses its own random streams, so the base data are the same with
or without it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from .config import DAY, WEEK, GenerateConfig
from .noise import add_nicknames, render_gender, snapshot
from .people import _email_domain, _email_local, _gen_address, build_people, email_key, gen_phone, make_unique, _bump_email, _bump_digits
from .purchases import continue_process
from .sources import (
    COLUMNS, TABLES, Ctx, Table, _contact_render, _ev, _uniform, assign_channels, consent_events,
    ecom_orders, email_events, erasure_requests, finalize, loyalty_points, loyalty_tiers,
    pos_transactions, support_tickets, web_events,
)
from .writer import TRUTH_DIR, Progress, TruthWriter, write_csv, write_json


def _delta_seconds(ctx: Ctx, fraction: float) -> int:
    ps = ctx.state["pstate"]
    alive_rate = float(ps.lam[ps.remaining > 0].sum())  # purchases per week
    base = ctx.state["purch_count"]
    weeks = fraction * base / max(alive_rate, 1e-9)
    return int(np.clip(weeks, 1 / 7, 26) * WEEK)


def _change_people(ctx: Ctx, pidx: np.ndarray, kind: np.ndarray, t: np.ndarray,
                   rng: np.random.Generator) -> pl.DataFrame:
    """New e-mail / phone / address for persons `pidx` from time t (old value kept as old_*)."""
    P = ctx.P
    n = P.height
    sel_e, sel_p, sel_a = (np.unique(pidx[kind == k]) for k in ("email", "phone", "address"))
    cols: dict[str, pl.Series] = {c: P[c] for c in P.columns}
    tmap = np.zeros(n, dtype=np.int64)
    tmap[pidx] = t
    if sel_e.size:
        sub = P[sel_e]
        by = 1970 + (sub["birth_day"].to_numpy() // 365.25).astype(np.int64)
        new = pl.select(pl.concat_str([_email_local(rng, sub["first_romaji"], sub["last_romaji"], by, style_shift=5),
                                       pl.lit("@"), _email_domain(rng, sub["country"].to_numpy())])).to_series()
        taken = pl.concat([P["email"], P["old_email"].drop_nulls()])
        new = make_unique(taken, new, email_key, _bump_email, rng)
        cols["old_email"] = cols["old_email"].scatter(sel_e, sub["email"])
        cols["email"] = cols["email"].scatter(sel_e, new)
        cols["email_changed_at"] = cols["email_changed_at"].scatter(sel_e, pl.Series(tmap[sel_e]))
    if sel_p.size:
        sub = P[sel_p]
        ph = gen_phone(rng, sub["country"].to_numpy(), sub["phone_nsn"].str.slice(0, 3), landline=False)
        taken = pl.concat([P["phone_nsn"], P["old_phone_nsn"], P["land_nsn"]])
        ph = ph.with_columns(nsn=make_unique(taken, ph["nsn"], lambda s: s, _bump_digits, rng))
        for c in ("nsn", "l1", "l2"):
            cols[f"old_phone_{c}"] = cols[f"old_phone_{c}"].scatter(sel_p, sub[f"phone_{c}"])
            cols[f"phone_{c}"] = cols[f"phone_{c}"].scatter(sel_p, ph[c])
        cols["uses_landline"] = cols["uses_landline"].scatter(sel_p, pl.Series([False] * sel_p.size))
        cols["phone_changed_at"] = cols["phone_changed_at"].scatter(sel_p, pl.Series(tmap[sel_p]))
    if sel_a.size:
        sub = P[sel_a]
        addr = _gen_address(rng, ctx.pools, sub["country"].to_numpy())
        for c in ("region", "city", "postal_code", "address_line"):
            cols[f"old_{c}"] = cols[f"old_{c}"].scatter(sel_a, sub[c])
            cols[c] = cols[c].scatter(sel_a, addr[c])
        cols["moved_at"] = cols["moved_at"].scatter(sel_a, pl.Series(tmap[sel_a]))
    return pl.DataFrame(cols)


def update_contacts(ctx: Ctx, fraction: float) -> tuple[dict[str, Table], np.ndarray]:
    """Re-export ~fraction of crm / ecom / loyalty rows with the same id after a change."""
    rng = ctx.rng("contact_updates")
    picks = []
    for table, key in (("crm_contacts", "crm"), ("ecom_accounts", "ecom"), ("loyalty_members", "loyalty")):
        st = ctx.state[key]
        k = max(1, int(round(fraction * len(st))))
        sel = np.sort(rng.choice(len(st), min(k, len(st)), replace=False))
        rows = st[sel]
        t_change = _uniform(rng, ctx.lo, ctx.hi - 120, len(rows))
        kind = np.array(["email", "phone", "address"])[rng.choice(3, len(rows), p=[0.4, 0.3, 0.3])]
        picks.append((table, rows, t_change, kind))
    pidx_all = np.concatenate([p[1]["_p"].to_numpy() for p in picks])
    t_all = np.concatenate([p[2] for p in picks])
    kind_all = np.concatenate([p[3] for p in picks])
    ctx.P = _change_people(ctx, pidx_all, kind_all, t_all, rng)
    out: dict[str, Table] = {}
    for table, rows, t_change, _ in picks:
        pidx = rows["_p"].to_numpy()
        t_upd = t_change + rng.integers(1, 60, len(rows))
        S = snapshot(ctx.P, pidx, t_upd)
        jp = S["japanese"].to_numpy()
        cols = _contact_render(ctx, S, table, rng, with_kana=table != "ecom_accounts")
        created = rows["_t"].to_numpy()
        if table == "crm_contacts":
            cols["gender"] = render_gender(S, rng, ctx.nz.missing["crm_contacts"]["gender"])
            extra = {"contact_id": rows["contact_id"], "created_at": ctx.ts(created, rng, jp, bad=False),
                     "updated_at": ctx.ts(t_upd, rng, jp, bad=False)}
        elif table == "ecom_accounts":
            extra = {"account_id": rows["account_id"], "login_id": rows["login_id"],
                     "email_verified": pl.Series(np.where(rng.random(len(rows)) < 0.8, "true", "false")),
                     "created_at": ctx.ts(created, rng, jp, bad=False)}
        else:
            extra = {"member_id": rows["member_id"], "card_no": rows["card_no"],
                     "enrolled_at": ctx.ts(created, rng, jp, bad=False)}
        cols = {k: v for k, v in cols.items() if k in COLUMNS[table]}
        df = pl.DataFrame({**cols, **extra})
        out[table] = finalize(ctx, table, df, pidx, rng)
    return out, np.unique(pidx_all)


def run_increment(cfg: GenerateConfig, base: Ctx, prog: Progress, base_counts: dict[str, int]) -> None:
    from .run import build_batch, person_profiles, person_truth, rng_factory

    frac = cfg.increment_fraction
    out = Path(cfg.increment_out)
    out.mkdir(parents=True, exist_ok=True)
    t1 = base.window.t1
    hi = t1 + _delta_seconds(base, frac)
    parts: dict[str, list[Table]] = {t: [] for t in TABLES}

    def collect(name: str, table: Table) -> None:
        parts[name].append(table)

    # ---- existing persons: changed contact rows first (they keep their old ids)
    mk2 = rng_factory(cfg.seed, 2)
    ex = Ctx(base.P, mk2, base.pools, base.catalog, base.window, base.pp, base.pop, base.sr, base.nz,
             base.ids, lo=t1, hi=hi, create_lo=t1, is_increment=True, state=dict(base.state))
    with prog.stage("inc contact updates") as info:
        upd, changed = update_contacts(ex, frac)
        for name, tab in upd.items():
            collect(name, tab)
        info["rows"] = sum(len(t.data) for t in upd.values())

    # ---- new persons with all their records
    with prog.stage("inc new persons") as info:
        P0 = ex.P
        n_new = max(1, int(round(frac * len(P0))))
        mk1 = rng_factory(cfg.seed, 1)
        hh_max = int(P0["household_id"].str.slice(1).cast(pl.Int64).max())
        Pn = build_people(n_new, mk1("people"), base.pools, base.window, base.pop, base.pp, id_offset=len(P0),
                          birth_lo=t1, birth_hi=max(t1 + 1, hi - 1),
                          existing_emails=pl.concat([P0["email"], P0["old_email"].drop_nulls()]),
                          existing_phones=pl.concat([P0["phone_nsn"], P0["old_phone_nsn"], P0["land_nsn"]]),
                          household_offset=hh_max)
        Pn = add_nicknames(Pn, base.pools, mk1("nicknames"), base.pop.goes_by_nickname_share)
        info["rows"] = n_new
    st = {
        "login_ids_base": base.state["ecom"]["login_id"],
        "cards_base": base.state["loyalty"]["card_no"],
        "anon_base": base.state["dev"]["anonymous_id"],
        "sub_emails_base": base.state["subs"]["email"].str.strip_chars().str.to_lowercase(),
    }
    nw = Ctx(Pn, mk1, base.pools, base.catalog, base.window, base.pp, base.pop, base.sr, base.nz, base.ids,
             lo=t1, hi=hi, create_lo=t1, is_increment=True, state=st)
    M_new = build_batch(nw, prog, collect)

    # ---- existing persons: activity in the increment period
    M = base.state["M"]
    with prog.stage("inc purchases (existing)") as info:
        purch = continue_process(ex.P, base.state["pstate"], t1, hi, base.pp, mk2("purchases"))
        purch = assign_channels(ex, M, purch)
        o, ol = ecom_orders(ex, purch)
        collect("ecom_orders", o)
        collect("ecom_order_lines", ol)
        pos, carded = pos_transactions(ex, M, purch)
        collect("pos_transactions", pos)
        collect("loyalty_points", loyalty_points(ex, carded, None))
        all_carded = pl.concat([base.state["carded"], carded], how="vertical_relaxed")
        tiers = loyalty_tiers(ex, all_carded)
        old = base.state["tiers_data"]
        new_rows = tiers.data.with_row_index("_i").join(old, on=COLUMNS["loyalty_tiers"], how="anti", nulls_equal=True)
        idx = new_rows["_i"].to_numpy()
        collect("loyalty_tiers", Table(tiers.data[idx], tiers.truth[idx]))
        info["rows"] = len(purch)
    with prog.stage("inc events (existing)") as info:
        rng = mk2("support_who")
        cand = np.flatnonzero(M["support"])
        k = int(round(frac * base_counts.get("support_tickets", 0)))
        who = np.sort(rng.choice(cand, min(k, cand.size), replace=False)) if k and cand.size else np.zeros(0, np.int64)
        collect("support_tickets", support_tickets(ex, who, np.ones(who.size, dtype=np.int64)))
        subs = base.state["subs"]
        un = subs["unsub_t"].to_numpy()
        new_un = (un < 0) & (rng.random(len(subs)) < base.nz.unsubscribe * (hi - t1) / (t1 - base.window.t0))
        un = np.where(new_un, _uniform(rng, t1, hi, len(subs)), un)
        subs2 = subs.with_columns(unsub_t=pl.Series(un))
        ev, unsubs = email_events(ex, subs2, t1, hi)
        collect("email_events", ev)
        ex.state["web_sessions_before"] = base.state["web_sessions_after"]
        collect("web_events", web_events(ex, base.state["dev"], t1, hi, 0.04))
        # opt-outs of existing e-commerce customers
        acc = base.state["ecom"]
        k = max(1, int(round(frac * base_counts.get("consent_events", 0) * 0.3)))
        sel = np.sort(rng.choice(len(acc), min(k, len(acc)), replace=False))
        a = acc[sel]
        extra = [_ev(a["_p"], "ecom", a["account_id"], a["email"], pl.Series([None] * len(a), dtype=pl.String),
                     "email", "marketing", "opt_out", _uniform(rng, t1, hi, len(a)))]
        collect("consent_events", consent_events(ex, unsubs, subs2, None, include_records=False, extra=extra))
        erased = base.state["erased"]
        k = max(1, int(round(frac * erased.sum())))
        cand = np.flatnonzero(~erased & ((M["crm_n"] + M["ecom_n"] + M["loy_n"]) > 0))
        who = np.sort(rng.choice(cand, min(k, cand.size), replace=False))
        collect("erasure_requests", erasure_requests(ex, who, t1, hi))
        newly_erased = np.zeros(len(erased), dtype=bool)
        newly_erased[who] = True
        info["rows"] = sum(len(t.data) for v in parts.values() for t in v)

    with prog.stage("inc write") as info:
        truth = TruthWriter(out)
        counts = {}
        for name in TABLES:
            tabs = parts[name]
            if tabs:
                data = pl.concat([t.data for t in tabs], how="vertical_relaxed")
                tr = pl.concat([t.truth for t in tabs], how="vertical_relaxed")
            else:
                data = pl.DataFrame({c: pl.Series([], dtype=pl.String) for c in COLUMNS[name]})
                tr = pl.DataFrame(schema={"source_table": pl.String, "record_id": pl.String, "person_id": pl.String})
            write_csv(data, out / f"{name}.csv")
            truth.append(tr)
            counts[name] = len(data)
        truth.close()
        # persons: new persons plus existing persons whose truth row changed (erased now)
        pt_new = person_truth(Pn, nw.state["erased"])
        pt_old = person_truth(ex.P, erased | newly_erased).filter(pl.Series(newly_erased))
        write_csv(pl.concat([pt_old, pt_new]), out / TRUTH_DIR / "persons.csv")
        prof_changed = np.zeros(len(ex.P), dtype=bool)
        prof_changed[changed] = True
        pp_old = person_profiles(ex.P, M).filter(pl.Series(prof_changed))
        write_csv(pl.concat([pp_old, person_profiles(Pn, M_new)]), out / TRUTH_DIR / "person_profiles.csv")
        write_json({
            "seed": cfg.seed, "increment_fraction": frac, "period_start": _iso(t1), "period_end_exclusive": _iso(hi),
            "period_weeks": round((hi - t1) / WEEK, 4), "new_persons": int(len(Pn)),
            "changed_persons": int(prof_changed.sum()), "newly_erased_persons": int(newly_erased.sum()),
            "row_counts": counts, "base_row_counts": base_counts,
            "semantics": {
                "persons.csv": "upsert by person_id onto the base persons.csv (new persons, and existing persons whose is_erased became true)",
                "person_profiles.csv": "upsert by person_id (new persons and persons whose e-mail/phone/address changed)",
                "records.csv": "one row per row of the increment files; updated contact rows reuse their base record_id",
            },
        }, out / TRUTH_DIR / "params.json")
        info["rows"] = sum(counts.values())


def _iso(t: int) -> str:
    import datetime as dt
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


__all__ = ["run_increment", "DAY"]
