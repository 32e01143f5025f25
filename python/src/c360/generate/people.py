"""True persons: households, names, birth dates, contact points over time, latent purchase
parameters.  One polars DataFrame, one row per person, built with numpy (no per-person loop)."""

from __future__ import annotations

import numpy as np
import polars as pl

from .config import DAY, WEEK, PopulationRates, PurchaseParams, Window
from .pools import (
    CALLING_CODE, COUNTRIES, DOTLESS_DOMAINS, EMAIL_DOMAINS, WESTERN_COUNTRY_WEIGHTS, Pools,
)
from .text import ASCII_FOLD

NEVER = np.iinfo(np.int64).max // 4  # "change never happens" timestamp

PERSON_ID_WIDTH = 8


def person_ids(offset: int, n: int) -> pl.Series:
    nums = pl.Series(np.arange(offset + 1, offset + n + 1, dtype=np.int64)).cast(pl.String)
    return pl.select(pl.concat_str([pl.lit("P"), nums.str.zfill(PERSON_ID_WIDTH)])).to_series()


def _digits(rng: np.random.Generator, n: int, k: int, first_nonzero: bool = False) -> pl.Series:
    """n random digit strings of length k."""
    lo = 10 ** (k - 1) if first_nonzero else 0
    v = rng.integers(lo, 10 ** k, n, dtype=np.int64)
    return pl.Series(v).cast(pl.String).str.zfill(k)


def _cat(*parts: pl.Series | str) -> pl.Series:
    exprs = [pl.lit(p) if isinstance(p, str) else pl.lit(p) for p in parts]
    return pl.select(pl.concat_str(exprs)).to_series()


def _pick_str(options: list[str], idx: np.ndarray) -> pl.Series:
    return pl.Series(options, dtype=pl.String).gather(idx)


def make_unique(existing: pl.Series, values: pl.Series, key_fn, bump_fn,
                rng: np.random.Generator, max_rounds: int = 8) -> pl.Series:
    """Change values whose key collides with an earlier value (or with `existing`) using
    `bump_fn(values, mask, rng)`, until all keys are unique."""
    ex_keys = key_fn(existing) if len(existing) else existing
    keys = key_fn(values)
    for _ in range(max_rounds):
        allk = pl.concat([ex_keys, keys])
        bad = (~allk.is_first_distinct()).to_numpy()[len(ex_keys):] & values.is_not_null().to_numpy()
        if not bad.any():
            return values
        values = bump_fn(values, bad, rng)
        idx = np.flatnonzero(bad)
        keys = keys.scatter(idx, key_fn(values.gather(idx)))
    return values


def email_key(emails: pl.Series) -> pl.Series:
    """Mailbox identity: lower case, gmail/googlemail ignore dots and +tags."""
    df = pl.DataFrame({"e": emails.str.to_lowercase()})
    local = pl.col("e").str.split_exact("@", 1).struct.field("field_0")
    dom = pl.col("e").str.split_exact("@", 1).struct.field("field_1")
    dom = pl.when(dom == "googlemail.com").then(pl.lit("gmail.com")).otherwise(dom)
    local = local.str.replace(r"\+.*$", "")
    local = pl.when(dom.is_in(DOTLESS_DOMAINS)).then(local.str.replace_all(".", "", literal=True)).otherwise(local)
    return df.select(pl.concat_str([local, pl.lit("@"), dom])).to_series()


def _bump_email(values: pl.Series, mask: np.ndarray, rng: np.random.Generator) -> pl.Series:
    idx = np.flatnonzero(mask)
    sub = values.gather(idx)
    add = _digits(rng, idx.size, 3)
    parts = sub.str.split_exact("@", 1).struct.unnest()
    new = pl.select(pl.concat_str([parts["field_0"], add, pl.lit("@"), parts["field_1"]])).to_series()
    return values.scatter(idx, new)


def _bump_digits(values: pl.Series, mask: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """Re-draw the last 4 digits of colliding phone numbers."""
    idx = np.flatnonzero(mask)
    sub = values.gather(idx)
    new = pl.select(pl.concat_str([sub.str.slice(0, sub.str.len_chars() - 4),
                                   _digits(rng, idx.size, 4)])).to_series()
    return values.scatter(idx, new)


def gen_phone(rng: np.random.Generator, country: np.ndarray, area: pl.Series,
              landline: bool) -> pl.DataFrame:
    """National significant numbers with their digit grouping (l1, l2); rest is group 3."""
    n = country.size
    nsn = pl.Series([""] * n, dtype=pl.String)
    l1 = np.zeros(n, dtype=np.int64)
    l2 = np.zeros(n, dtype=np.int64)
    for c in COUNTRIES:
        idx = np.flatnonzero(country == c)
        if idx.size == 0:
            continue
        m = idx.size
        a = area.gather(idx)
        alen = a.str.len_chars().to_numpy().astype(np.int64)
        if c == "JP":
            if landline:
                # area + local, 9 digits in all: 3-1234-5678, 45-123-4567, 466-12-3456
                local_len = 9 - alen
                num = _digits(rng, m, 8, True)
                v = pl.select(pl.concat_str([a, num.str.slice(0, pl.Series(local_len))])).to_series()
                g1, g2 = alen, 5 - alen
            else:
                pre = _pick_str(["70", "80", "90"], rng.choice(3, m, p=[0.15, 0.35, 0.5]))
                v = _cat(pre, _digits(rng, m, 8, True))
                g1, g2 = np.full(m, 2), np.full(m, 4)
        elif c in ("US", "CA"):
            exch = rng.integers(200, 1000, m)
            v = _cat(a, pl.Series(exch).cast(pl.String), _digits(rng, m, 4))
            g1, g2 = np.full(m, 3), np.full(m, 3)
        elif c == "GB":
            if landline:
                local_len = 10 - alen
                v = pl.select(pl.concat_str([a, _digits(rng, m, 8, True).str.slice(0, pl.Series(local_len))])).to_series()
                g1, g2 = alen, local_len - 4
            else:
                v = _cat("7", pl.Series(rng.integers(400, 1000, m)).cast(pl.String), _digits(rng, m, 6))
                g1, g2 = np.full(m, 4), np.full(m, 6)
        elif c == "DE":
            if landline:
                v = _cat(a, _digits(rng, m, 7, True))
                g1, g2 = alen, np.full(m, 7)
            else:
                pre = _pick_str(["151", "152", "157", "160", "170", "171", "172", "176", "177"],
                                rng.integers(0, 9, m))
                v = _cat(pre, _digits(rng, m, 8, True))
                g1, g2 = np.full(m, 3), np.full(m, 8)
        elif c == "FR":
            pre = a if landline else _pick_str(["6", "7"], rng.choice(2, m, p=[0.8, 0.2]))
            v = _cat(pre, _digits(rng, m, 8))
            g1, g2 = np.full(m, 1), np.full(m, 8)
        else:  # AU
            if landline:
                v = _cat(a, _digits(rng, m, 8, True))
                g1, g2 = np.full(m, 1), np.full(m, 4)
            else:
                v = _cat("4", _digits(rng, m, 8))
                g1, g2 = np.full(m, 3), np.full(m, 3)
        nsn = nsn.scatter(idx, v)
        l1[idx] = g1
        l2[idx] = g2
    return pl.DataFrame({"nsn": nsn, "l1": l1, "l2": l2})


def _gen_address(rng: np.random.Generator, pools: Pools, country: np.ndarray) -> pl.DataFrame:
    """Canonical address per row: region, city, postal code, address line, landline area."""
    n = country.size
    out = {k: pl.Series([""] * n, dtype=pl.String)
           for k in ("region", "city", "postal_code", "address_line", "area")}
    for c in COUNTRIES:
        idx = np.flatnonzero(country == c)
        if idx.size == 0:
            continue
        m = idx.size
        g = pools.geo[c]
        k = rng.choice(len(g.city), size=m, p=g.weights)
        region = _pick_str(g.region, k)
        city = _pick_str(g.city, k)
        area = _pick_str(g.area_code, k)
        rule = _pick_str(g.postal_rule, k)
        # choose one alternative of "a|b|c" rules
        alts = rule.str.split("|")
        nalt = alts.list.len().to_numpy()
        pick = np.floor(rng.random(m) * nalt).astype(np.int64)
        chosen = pl.select(alts.list.get(pl.Series(pick))).to_series()
        num = pl.Series(rng.integers(1, 400, m)).cast(pl.String)
        if c == "JP":
            postal = _cat(chosen, "-", _digits(rng, m, 4))
            towns = pools.jp_towns.gather(rng.integers(0, len(pools.jp_towns), m))
            chome = pl.Series(rng.integers(1, 8, m)).cast(pl.String)
            ban = pl.Series(rng.integers(1, 30, m)).cast(pl.String)
            go = pl.Series(rng.integers(1, 25, m)).cast(pl.String)
            bld = pools.jp_buildings.gather(rng.integers(0, len(pools.jp_buildings), m))
            room = pl.Series(rng.integers(1, 12, m) * 100 + rng.integers(1, 10, m)).cast(pl.String)
            has_bld = pl.Series(rng.random(m) < 0.45)
            line = pl.select(pl.concat_str([towns, chome, pl.lit("丁目"), ban, pl.lit("-"), go,
                                            pl.when(has_bld).then(pl.concat_str([pl.lit(" "), bld, room]))
                                            .otherwise(pl.lit(""))])).to_series()
        else:
            street = pools.streets[c].gather(rng.integers(0, len(pools.streets[c]), m))
            unit = pl.Series(rng.integers(1, 40, m)).cast(pl.String)
            has_unit = pl.Series(rng.random(m) < 0.3)
            if c == "US" or c == "CA":
                postal = (_cat(chosen, _digits(rng, m, 2)) if c == "US" else _cat(
                    chosen, _pick_str(list("0123456789"), rng.integers(0, 10, m)),
                    _pick_str(list("ABCEGHJKLMNPRSTVWXYZ"), rng.integers(0, 20, m)), " ",
                    _pick_str(list("0123456789"), rng.integers(0, 10, m)),
                    _pick_str(list("ABCEGHJKLMNPRSTVWXYZ"), rng.integers(0, 20, m)),
                    _pick_str(list("0123456789"), rng.integers(0, 10, m))))
                line = pl.select(pl.concat_str([num, pl.lit(" "), street,
                                                pl.when(has_unit).then(pl.concat_str([pl.lit(" Apt "), unit]))
                                                .otherwise(pl.lit(""))])).to_series()
            elif c == "GB":
                postal = _cat(chosen, " ", _pick_str(list("123456789"), rng.integers(0, 9, m)),
                              _pick_str(list("ABDEFGHJLNPQRSTUWXYZ"), rng.integers(0, 20, m)),
                              _pick_str(list("ABDEFGHJLNPQRSTUWXYZ"), rng.integers(0, 20, m)))
                line = pl.select(pl.concat_str([pl.when(has_unit).then(pl.concat_str([pl.lit("Flat "), unit, pl.lit(", ")]))
                                                .otherwise(pl.lit("")), num, pl.lit(" "), street])).to_series()
            elif c == "DE":
                postal = _cat(chosen, _digits(rng, m, 3))
                line = pl.select(pl.concat_str([street, pl.lit(" "), pl.Series(rng.integers(1, 120, m)).cast(pl.String)])).to_series()
            elif c == "FR":
                postal = _cat(chosen, "0", _digits(rng, m, 2))
                line = pl.select(pl.concat_str([pl.Series(rng.integers(1, 120, m)).cast(pl.String), pl.lit(" "), street])).to_series()
            else:  # AU "lo-hi"
                lohi = chosen.str.split_exact("-", 1).struct.unnest()
                lo = lohi["field_0"].cast(pl.Int64).to_numpy()
                hi = lohi["field_1"].cast(pl.Int64).to_numpy()
                pc = lo + np.floor(rng.random(m) * (hi - lo + 1)).astype(np.int64)
                postal = pl.Series(pc).cast(pl.String).str.zfill(4)
                line = pl.select(pl.concat_str([pl.when(has_unit).then(pl.concat_str([unit, pl.lit("/")]))
                                                .otherwise(pl.lit("")), num, pl.lit(" "), street])).to_series()
        for key, val in (("region", region), ("city", city), ("postal_code", postal),
                         ("address_line", line), ("area", area)):
            out[key] = out[key].scatter(idx, val)
    return pl.DataFrame(out)


def _names(rng: np.random.Generator, pools: Pools, country: np.ndarray, female: np.ndarray,
           which: str) -> pl.DataFrame:
    """Sample names: which = 'first' or 'last'.  Returns name, kana, romaji columns."""
    n = country.size
    name = pl.Series([""] * n, dtype=pl.String)
    kana = pl.Series([None] * n, dtype=pl.String)
    roma = pl.Series([""] * n, dtype=pl.String)
    groups: list[tuple[np.ndarray, object]] = []
    for c in COUNTRIES:
        cm = country == c
        if which == "last":
            pool = pools.jp_last if c == "JP" else pools.west_last[c]
            groups.append((np.flatnonzero(cm), pool))
        else:
            for fem in (False, True):
                if c == "JP":
                    pool = pools.jp_first_f if fem else pools.jp_first_m
                else:
                    pool = (pools.west_first_f if fem else pools.west_first_m)[c]
                groups.append((np.flatnonzero(cm & (female == fem)), pool))
    for idx, pool in groups:
        if idx.size == 0:
            continue
        k = pool.sample(rng, idx.size)
        name = name.scatter(idx, pool.values.gather(k))
        if pool.kana is not None:
            kana = kana.scatter(idx, pool.kana.gather(k))
            roma = roma.scatter(idx, pool.romaji.gather(k))
        else:
            roma = roma.scatter(idx, pool.values.gather(k))
    folded = roma.str.replace_many(list(ASCII_FOLD.keys()), list(ASCII_FOLD.values()))
    return pl.DataFrame({"name": name, "kana": kana, "romaji": folded})


def _email_local(rng: np.random.Generator, first: pl.Series, last: pl.Series, birth_year: np.ndarray,
                 style_shift: int = 0) -> pl.Series:
    n = len(first)
    k = (rng.integers(0, 8, n) + style_shift) % 8
    f = first.str.to_lowercase()
    l_ = last.str.to_lowercase()
    yy = pl.Series(birth_year % 100).cast(pl.String).str.zfill(2)
    d2 = _digits(rng, n, 2)
    d3 = pl.Series(rng.integers(1, 1000, n)).cast(pl.String)
    df = pl.DataFrame({"k": k, "f": f, "l": l_, "yy": yy, "d2": d2, "d3": d3})
    F, Lc, K = pl.col("f"), pl.col("l"), pl.col("k")
    e = (pl.when(K == 0).then(pl.concat_str([F, pl.lit("."), Lc]))
         .when(K == 1).then(pl.concat_str([F, Lc, pl.col("d2")]))
         .when(K == 2).then(pl.concat_str([F.str.slice(0, 1), pl.lit("."), Lc]))
         .when(K == 3).then(pl.concat_str([F, pl.lit("_"), Lc, pl.col("yy")]))
         .when(K == 4).then(pl.concat_str([Lc, F.str.slice(0, 1), pl.col("d3")]))
         .when(K == 5).then(pl.concat_str([F, pl.col("yy")]))
         .when(K == 6).then(pl.concat_str([Lc, pl.lit("."), F, pl.col("d2")]))
         .otherwise(pl.concat_str([F, Lc.str.slice(0, 1), pl.col("d3")])))
    return df.select(e).to_series()


def _email_domain(rng: np.random.Generator, country: np.ndarray) -> pl.Series:
    n = country.size
    dom = pl.Series([""] * n, dtype=pl.String)
    for c in COUNTRIES:
        idx = np.flatnonzero(country == c)
        if idx.size == 0:
            continue
        opts = EMAIL_DOMAINS[c]
        w = np.array([x[1] for x in opts], dtype=np.float64)
        dom = dom.scatter(idx, _pick_str([x[0] for x in opts], rng.choice(len(opts), idx.size, p=w / w.sum())))
    return dom


def build_people(n: int, rng: np.random.Generator, pools: Pools, window: Window,
                 pop: PopulationRates, pp: PurchaseParams, *, id_offset: int = 0,
                 birth_lo: int | None = None, birth_hi: int | None = None,
                 existing_emails: pl.Series | None = None,
                 existing_phones: pl.Series | None = None,
                 household_offset: int = 0) -> pl.DataFrame:
    """Build `n` persons.  `birth_lo/hi` bound the customer-birth time (default: the window)."""
    t0, t1 = window.t0, window.t1
    birth_lo = t0 if birth_lo is None else birth_lo
    birth_hi = (t1 - 2 * WEEK) if birth_hi is None else birth_hi
    change_lo, change_hi = t0 - 52 * WEEK, t1

    # ---- households
    sizes = rng.choice(np.arange(1, 6), size=n, p=np.asarray(pop.household_size_probs))
    hh_of = np.repeat(np.arange(n), sizes)[:n]
    H = int(hh_of[-1]) + 1
    starts = np.r_[0, np.flatnonzero(np.diff(hh_of)) + 1]
    hh_pos = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
    hh_size = np.bincount(hh_of, minlength=H)[hh_of]

    hh_jp = rng.random(H) < pop.japanese_share
    west = np.array(list(WESTERN_COUNTRY_WEIGHTS.keys()))
    ww = np.array(list(WESTERN_COUNTRY_WEIGHTS.values()))
    hh_country = np.where(hh_jp, "JP", west[rng.choice(len(west), H, p=ww / ww.sum())])
    country = hh_country[hh_of]
    japanese = hh_jp[hh_of]

    # ---- gender, birth dates
    female = rng.random(n) < 0.52
    spouse = hh_pos == 1
    head_female = female[starts][hh_of]
    female = np.where(spouse & (rng.random(n) < 0.85), ~head_female, female)
    age = 18 + rng.beta(2.0, 3.0, n) * 67
    age = np.where(hh_pos >= 2, 18 + rng.random(n) * 14, age)
    ref_day = (t1 // DAY)
    birth_day = (ref_day - age * 365.25).astype(np.int64)

    # twins: in some multi-person households, member 1 is the twin of member 0
    twin_hh = (rng.random(H) < pop.twin_pair_share_of_multi_households)
    is_twin = (hh_pos == 1) & twin_hh[hh_of] & (hh_size >= 2)
    head_idx = starts[hh_of]
    birth_day = np.where(is_twin, birth_day[head_idx], birth_day)
    twin_head = np.zeros(n, dtype=bool)
    twin_head[head_idx[is_twin]] = True
    female = np.where(is_twin & (rng.random(n) < 0.6), female[head_idx], female)

    # ---- names
    first = _names(rng, pools, country, female, "first")
    last_h = _names(rng, pools, hh_country, np.zeros(H, bool), "last")
    last = last_h[hh_of]
    # Western spouse keeps own surname sometimes
    own_last = spouse & ~japanese & ~is_twin & (rng.random(n) < 0.3)
    alt_last = _names(rng, pools, country, female, "last")
    last = pl.DataFrame({c: pl.select(pl.when(pl.Series(own_last)).then(alt_last[c]).otherwise(last[c])).to_series()
                         for c in last.columns})
    # twins must have different first names: re-draw until different
    for _ in range(6):
        same = is_twin & (first["name"] == first["name"].gather(head_idx)).to_numpy()
        if not same.any():
            break
        redo = _names(rng, pools, country, female, "first")
        first = pl.DataFrame({c: pl.select(pl.when(pl.Series(same)).then(redo[c]).otherwise(first[c])).to_series()
                              for c in first.columns})
    middle = _names(rng, pools, country, female, "first")["name"]
    has_middle = ~japanese & (rng.random(n) < pop.middle_name_share_western)
    middle = pl.select(pl.when(pl.Series(has_middle)).then(middle).otherwise(None)).to_series()

    # namesakes: copy another same-persona person's name, gender and birth year
    ns = rng.random(n) < pop.namesake_share
    ns &= ~is_twin & ~twin_head  # twins keep their shared birth date
    namesake_of = np.full(n, -1, dtype=np.int64)
    for jp in (True, False):
        cand = np.flatnonzero(japanese == jp)
        who = np.flatnonzero(ns & (japanese == jp))
        if who.size == 0 or cand.size < 2:
            continue
        tgt = cand[rng.integers(0, cand.size, who.size)]
        ok = (hh_of[tgt] != hh_of[who]) & (country[tgt] == country[who])
        who, tgt = who[ok], tgt[ok]
        namesake_of[who] = tgt
    nsk = namesake_of >= 0
    src = np.where(nsk, namesake_of, np.arange(n))
    first = first[src]
    last = last[src]
    female = female[src]
    year_start = ((birth_day[src] * DAY).astype("datetime64[s]").astype("datetime64[Y]")).astype("datetime64[D]").astype(np.int64)
    birth_day = np.where(nsk, year_start + rng.integers(0, 365, n), birth_day)

    # married-name change (previous surname = maiden name)
    married = female & (hh_pos <= 1) & (age > 22) & (age < 55) & \
        (rng.random(n) < pop.marriage_name_change_share_female / 0.45)
    married &= ~nsk & ~is_twin & ~twin_head
    maiden = _names(rng, pools, country, female, "last")
    name_changed_at = np.where(married, rng.integers(change_lo, change_hi, n), NEVER)
    mk = pl.Series(married)

    # ---- addresses (household level) and moves
    addr = _gen_address(rng, pools, hh_country)
    hh_moves = rng.random(H) < pop.household_move_share
    new_addr_h = _gen_address(rng, pools, hh_country)
    hh_moved_at = rng.integers(change_lo, change_hi, H)
    ind_move = (rng.random(n) < pop.individual_move_share) & ~hh_moves[hh_of]
    ind_new = _gen_address(rng, pools, country)
    moved = hh_moves[hh_of] | ind_move
    moved_at = np.where(hh_moves[hh_of], hh_moved_at[hh_of], rng.integers(change_lo, change_hi, n))
    moved_at = np.where(moved, moved_at, NEVER)
    cur_addr = addr[hh_of]
    cur_addr = pl.DataFrame({c: pl.select(pl.when(pl.Series(hh_moves[hh_of])).then(new_addr_h[hh_of][c])
                                          .when(pl.Series(ind_move)).then(ind_new[c])
                                          .otherwise(cur_addr[c])).to_series() for c in addr.columns})
    old_addr = addr[hh_of]

    # ---- phones
    mobile = gen_phone(rng, country, cur_addr["area"], landline=False)
    key = lambda s: s  # noqa: E731
    ex = existing_phones if existing_phones is not None else pl.Series([], dtype=pl.String)
    old_mobile = gen_phone(rng, country, old_addr["area"], landline=False)
    allm = make_unique(ex, pl.concat([mobile["nsn"], old_mobile["nsn"]]), key, _bump_digits, rng)
    mobile = mobile.with_columns(nsn=allm[:n])
    old_mobile = old_mobile.with_columns(nsn=allm[n:])
    phone_changed = rng.random(n) < pop.phone_change_share
    phone_changed_at = np.where(phone_changed, rng.integers(change_lo, change_hi, n), NEVER)
    hh_has_land = rng.random(H) < pop.household_landline_share
    land_h = gen_phone(rng, hh_country, addr["area"], landline=True)
    land_h = land_h.with_columns(nsn=make_unique(pl.concat([ex, allm]), land_h["nsn"], key, _bump_digits, rng))
    uses_land = hh_has_land[hh_of] & (rng.random(n) < pop.uses_landline_share)
    land = land_h[hh_of]

    # ---- emails
    by = (birth_day * DAY).astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970
    em_local = _email_local(rng, first["romaji"], last["romaji"], by)
    em_dom = _email_domain(rng, country)
    email = _cat(em_local, "@", em_dom)
    old_src_last = pl.select(pl.when(mk).then(maiden["romaji"]).otherwise(last["romaji"])).to_series()
    old_local = _email_local(rng, first["romaji"], old_src_last, by, style_shift=3)
    old_email = _cat(old_local, "@", _email_domain(rng, country))
    exe = existing_emails if existing_emails is not None else pl.Series([], dtype=pl.String)
    both = make_unique(exe, pl.concat([email, old_email]), email_key, _bump_email, rng)
    email, old_email = both[:n], both[n:]
    email_changed = rng.random(n) < pop.email_change_share
    email_changed_at = np.where(email_changed, rng.integers(change_lo, change_hi, n), NEVER)
    old_email = pl.select(pl.when(pl.Series(email_changed)).then(old_email).otherwise(None)).to_series()
    # shared family email: a non-head member uses the head's address and has no own one
    shared = (hh_pos > 0) & ~is_twin & (rng.random(n) < pop.shared_family_email_share)
    email = pl.select(pl.when(pl.Series(shared)).then(email.gather(head_idx)).otherwise(email)).to_series()
    old_email = pl.select(pl.when(pl.Series(shared)).then(None).otherwise(old_email)).to_series()
    email_changed_at = np.where(shared, NEVER, email_changed_at)

    # ---- currency and latent purchase parameters
    home = rng.random(n) < pop.currency_home_share
    currency = np.where(japanese == home, "JPY", "USD")
    lam = rng.gamma(pp.r, 1.0 / pp.alpha, n)
    p_drop = rng.beta(pp.a, pp.b, n)
    nu = rng.gamma(pp.q, 1.0 / pp.gamma, n)
    birth_t = rng.integers(birth_lo, birth_hi, n)

    pid = person_ids(id_offset, n)
    twin_of = pl.select(pl.when(pl.Series(is_twin)).then(pid.gather(head_idx)).otherwise(None)).to_series()
    ns_of = pl.select(pl.when(pl.Series(nsk)).then(pid.gather(np.maximum(namesake_of, 0))).otherwise(None)).to_series()
    hh_ids = pl.select(pl.concat_str([pl.lit("H"), pl.Series(hh_of + household_offset + 1).cast(pl.String).str.zfill(8)])).to_series()

    return pl.DataFrame({
        "pidx": np.arange(n, dtype=np.int64),
        "person_id": pid,
        "persona": np.where(japanese, "japanese", "western"),
        "japanese": japanese,
        "country": country,
        "household_id": hh_ids,
        "hh_pos": hh_pos,
        "twin_of": twin_of,
        "namesake_of": ns_of,
        "gender": np.where(female, "F", "M"),
        "first_name": first["name"], "first_kana": first["kana"], "first_romaji": first["romaji"],
        "last_name": last["name"], "last_kana": last["kana"], "last_romaji": last["romaji"],
        "middle_name": middle,
        "maiden_name": pl.select(pl.when(mk).then(maiden["name"])).to_series(),
        "maiden_kana": pl.select(pl.when(mk).then(maiden["kana"])).to_series(),
        "maiden_romaji": pl.select(pl.when(mk).then(maiden["romaji"])).to_series(),
        "name_changed_at": name_changed_at,
        "birth_day": birth_day,
        "email": email, "old_email": old_email, "email_changed_at": email_changed_at,
        "phone_nsn": mobile["nsn"], "phone_l1": mobile["l1"], "phone_l2": mobile["l2"],
        "old_phone_nsn": old_mobile["nsn"], "old_phone_l1": old_mobile["l1"], "old_phone_l2": old_mobile["l2"],
        "phone_changed_at": phone_changed_at,
        "uses_landline": uses_land,
        "land_nsn": land["nsn"], "land_l1": land["l1"], "land_l2": land["l2"],
        "region": cur_addr["region"], "city": cur_addr["city"], "postal_code": cur_addr["postal_code"],
        "address_line": cur_addr["address_line"],
        "old_region": old_addr["region"], "old_city": old_addr["city"],
        "old_postal_code": old_addr["postal_code"], "old_address_line": old_addr["address_line"],
        "moved_at": moved_at,
        "currency": currency,
        "lambda": lam, "p_dropout": p_drop, "spend_nu": nu, "birth_t": birth_t,
    })


def calling_code(country: pl.Series) -> pl.Series:
    return country.replace_strict(CALLING_CODE, return_dtype=pl.String)
