"""Record-level views of persons and the noise applied to them.

`snapshot` gives the true values of a person *as of* a record's time (old email before the
change, maiden name before the marriage, old address before the move).  `render_contact` turns
a snapshot into the text a given source system exports, applying that table's noise rates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from .config import (
    JUNK_BIRTH_DATES, JUNK_EMAILS, JUNK_NAMES, JUNK_PHONES, JUNK_POSTALS, UNPARSEABLE_PHONES,
    NoiseRates,
)
from .formats import format_date, format_phone, format_postal
from .pools import COUNTRY_SPELLINGS, DOMAIN_TYPOS, ITAIJI, PLUS_TAGS, SUBADDRESS_DOMAINS, Pools
from .text import (
    ASCII_STRIP, FULLWIDTH_DIGITS, HALFWIDTH_KANA, KATA_TO_HIRA, case_noise, choose, fullwidth,
    junk, one_edit, replace_chars, set_values, whitespace_noise,
)

US_STATE_NAMES = {"NY": "New York", "CA": "California", "IL": "Illinois", "TX": "Texas",
                  "AZ": "Arizona", "PA": "Pennsylvania", "WA": "Washington", "MA": "Massachusetts",
                  "FL": "Florida", "GA": "Georgia", "CO": "Colorado", "OR": "Oregon",
                  "MN": "Minnesota", "MI": "Michigan", "TN": "Tennessee"}
STREET_ABBREV = {" Street": " St", " Avenue": " Ave", " Road": " Rd", " Drive": " Dr",
                 " Lane": " Ln", " Boulevard": " Blvd", " Court": " Ct", " Place": " Pl",
                 "straße": "str.", "Straße": "Str."}


def add_nicknames(P: pl.DataFrame, pools: Pools, rng: np.random.Generator, goes_by_share: float) -> pl.DataFrame:
    """Attach one preferred nickname per Western person whose first name has nicknames."""
    nick = pl.DataFrame({"first_name": pools.nick_from, "nick": pools.nick_to}).group_by(
        "first_name", maintain_order=True).agg(pl.col("nick"))
    j = P.select("first_name", "japanese").join(nick, on="first_name", how="left", maintain_order="left")
    cnt = j["nick"].list.len().fill_null(0).to_numpy()
    pick = np.floor(rng.random(len(P)) * np.maximum(cnt, 1)).astype(np.int64)
    chosen = j.select(pl.col("nick").list.get(pl.Series(pick), null_on_oob=True)).to_series()
    has = (cnt > 0) & ~P["japanese"].to_numpy()
    goes_by = has & (rng.random(len(P)) < goes_by_share)
    return P.with_columns(nickname=pl.select(pl.when(pl.Series(has)).then(chosen)).to_series(),
                          goes_by_nick=pl.Series(goes_by))


SNAP_COLS = ["pidx", "person_id", "country", "japanese", "gender", "first_name", "first_kana",
             "first_romaji", "middle_name", "nickname", "goes_by_nick", "birth_day", "currency"]


def snapshot(P: pl.DataFrame, pidx: np.ndarray, t: np.ndarray) -> pl.DataFrame:
    """True values of persons `pidx` as of times `t` (epoch seconds)."""
    need = SNAP_COLS + ["name_changed_at", "email_changed_at", "phone_changed_at", "moved_at",
                        "maiden_name", "maiden_kana", "maiden_romaji", "last_name", "last_kana", "last_romaji",
                        "old_email", "email", "uses_landline"] + [f"{a}_{b}" for a in ("land", "old_phone", "phone")
                                                                 for b in ("nsn", "l1", "l2")] + \
        [f"{o}{c}" for o in ("", "old_") for c in ("region", "city", "postal_code", "address_line")]
    S = P.select(need)[pidx]
    tt = pl.Series(t.astype(np.int64))
    before = lambda col: tt < S[col]  # noqa: E731
    nm, em, ph, mv = before("name_changed_at"), before("email_changed_at"), before("phone_changed_at"), before("moved_at")
    pick = lambda cond, old, new: pl.select(pl.when(cond & S[old].is_not_null()).then(S[old]).otherwise(S[new])).to_series()  # noqa: E731
    land = S["uses_landline"]
    phone = lambda kind: pl.select(  # noqa: E731
        pl.when(land).then(S[f"land_{kind}"]).when(ph).then(S[f"old_phone_{kind}"]).otherwise(S[f"phone_{kind}"])).to_series()
    out = S.select(SNAP_COLS).with_columns(
        last_name=pick(nm, "maiden_name", "last_name"),
        last_kana=pick(nm, "maiden_kana", "last_kana"),
        last_romaji=pick(nm, "maiden_romaji", "last_romaji"),
        email=pick(em, "old_email", "email"),
        phone_nsn=phone("nsn"), phone_l1=phone("l1"), phone_l2=phone("l2"),
        region=pick(mv, "old_region", "region"), city=pick(mv, "old_city", "city"),
        postal_code=pick(mv, "old_postal_code", "postal_code"),
        address_line=pick(mv, "old_address_line", "address_line"),
        snap_t=tt,
    )
    return out


@dataclass
class Rendered:
    """Text columns of a contact-like record (None where the table lacks the column)."""

    cols: dict[str, pl.Series]


def _mask(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    return rng.random(n) < p


def render_names(S: pl.DataFrame, table: str, rng: np.random.Generator, nz: NoiseRates,
                 with_kana: bool) -> dict[str, pl.Series]:
    n = len(S)
    jp = S["japanese"].to_numpy()
    first, last = S["first_name"], S["last_name"]
    # nicknames, used inconsistently across systems
    has_nick = S["nickname"].is_not_null().to_numpy()
    goes = S["goes_by_nick"].to_numpy()
    r = rng.random(n)
    use_nick = has_nick & np.where(goes, r < nz.nickname_if_goes_by, r < nz.nickname_otherwise)
    first = set_values(first, use_nick, S["nickname"])
    # middle initials ("Robert J." / "Robert J")
    has_mid = S["middle_name"].is_not_null().to_numpy()
    mi = has_mid & _mask(rng, n, nz.middle_initial)
    dot = pl.Series(rng.random(n) < 0.6)
    with_initial = pl.select(pl.concat_str([first, pl.lit(" "), S["middle_name"].str.slice(0, 1),
                                            pl.when(dot).then(pl.lit(".")).otherwise(pl.lit(""))])).to_series()
    first = set_values(first, mi, with_initial)
    # Japanese names typed in romaji (Taro / YAMADA)
    rom = jp & _mask(rng, n, nz.romanized_jp_name.get(table, 0.0))
    first = set_values(first, rom, S["first_romaji"])
    last = set_values(last, rom, pl.select(pl.when(pl.Series(rng.random(n) < 0.5)).then(S["last_romaji"].str.to_uppercase())
                                           .otherwise(S["last_romaji"])).to_series())
    # variant kanji in surnames
    last = replace_chars(last, jp & _mask(rng, n, nz.itaiji), ITAIJI)
    # accents dropped for ASCII-only systems
    if table in ("ecom_accounts", "support_tickets"):
        fold = ~jp & _mask(rng, n, nz.ascii_folded_name)
        first = replace_chars(first, fold, ASCII_STRIP)
        last = replace_chars(last, fold, ASCII_STRIP)
    # swapped first/last
    sw = _mask(rng, n, nz.swap_first_last)
    f0 = first
    first = set_values(first, sw, last)
    last = set_values(last, sw, f0)
    # one-edit typos in first or last name
    ty = _mask(rng, n, nz.name_typo.get(table, 0.0))
    on_first = rng.random(n) < 0.5
    first = one_edit(first, ty & on_first, rng)
    last = one_edit(last, ty & ~on_first, rng)
    # case and whitespace (Western)
    first = case_noise(first, ~jp & _mask(rng, n, nz.case_noise), rng)
    last = case_noise(last, ~jp & _mask(rng, n, nz.case_noise), rng)
    last = whitespace_noise(last, _mask(rng, n, nz.whitespace_noise), rng)
    # junk
    jn = _mask(rng, n, nz.junk_name.get(table, 0.0))
    first = junk(first, jn, rng, JUNK_NAMES)
    last = junk(last, jn & (rng.random(n) < 0.5), rng, JUNK_NAMES)
    out = {"first_name": first, "last_name": last}
    if with_kana:
        fk, lk = S["first_kana"], S["last_kana"]
        hira = jp & _mask(rng, n, nz.kana_hiragana)
        half = jp & ~hira & _mask(rng, n, nz.kana_halfwidth)
        fk = replace_chars(fk, hira, KATA_TO_HIRA)
        lk = replace_chars(lk, hira, KATA_TO_HIRA)
        fk = replace_chars(fk, half, HALFWIDTH_KANA)
        lk = replace_chars(lk, half, HALFWIDTH_KANA)
        miss = _mask(rng, n, nz.missing.get(table, {}).get("kana", 0.0))
        out["first_name_kana"] = set_values(fk, miss, None)
        out["last_name_kana"] = set_values(lk, miss, None)
    return out


def email_variants(email: pl.Series, rng: np.random.Generator, gmail_rate: float,
                   other_plus_rate: float) -> pl.Series:
    """Same mailbox, different spelling: gmail dots, +tags, googlemail.com."""
    n = len(email)
    parts = email.str.split_exact("@", 1).struct.unnest()
    local, dom = parts["field_0"], parts["field_1"]
    is_gmail = (dom == "gmail.com").fill_null(False).to_numpy()
    is_sub = dom.is_in(SUBADDRESS_DOMAINS).fill_null(False).to_numpy()
    g = is_gmail & _mask(rng, n, gmail_rate)
    o = is_sub & ~is_gmail & _mask(rng, n, other_plus_rate)
    if not (g.any() or o.any()):
        return email
    k = rng.integers(0, 4, n)
    tag = choose(rng, PLUS_TAGS, [1.0] * len(PLUS_TAGS), n)
    pos = pl.Series(np.maximum(1, np.floor(rng.random(n) * local.str.len_chars().fill_null(2).to_numpy()).astype(np.int64)))
    df = pl.DataFrame({"l": local, "d": dom, "k": k, "tag": tag, "pos": pos})
    L, D, K = pl.col("l"), pl.col("d"), pl.col("k")
    no_dots = L.str.replace_all(".", "", literal=True)
    add_dot = pl.concat_str([no_dots.str.slice(0, pl.col("pos")), pl.lit("."), no_dots.str.slice(pl.col("pos"))])
    dotted = pl.when(L.str.contains(".", literal=True)).then(no_dots).otherwise(add_dot)
    plus = pl.concat_str([L, pl.lit("+"), pl.col("tag"), pl.lit("@"), D])
    gm = (pl.when(K == 0).then(pl.concat_str([dotted, pl.lit("@"), D]))
          .when(K == 1).then(plus)
          .when(K == 2).then(pl.concat_str([L, pl.lit("@googlemail.com")]))
          .otherwise(pl.concat_str([dotted, pl.lit("+"), pl.col("tag"), pl.lit("@"), D])))
    gvals = df.select(gm).to_series()
    ovals = df.select(plus).to_series()
    email = set_values(email, g, gvals)
    return set_values(email, o, ovals)


def email_typo(email: pl.Series, mask: np.ndarray, rng: np.random.Generator) -> pl.Series:
    idx = np.flatnonzero(mask & email.is_not_null().to_numpy())
    if idx.size == 0:
        return email
    sub = email.gather(idx)
    parts = sub.str.split_exact("@", 1).struct.unnest()
    local, dom = parts["field_0"], parts["field_1"]
    m = idx.size
    dt_keys = list(DOMAIN_TYPOS.keys())
    has_dt = dom.is_in(dt_keys).fill_null(False).to_numpy()
    use_dom = has_dt & (rng.random(m) < 0.3)
    # domain typo: pick one of the listed misspellings
    typo_tbl = pl.DataFrame({"d": dt_keys, "alts": [DOMAIN_TYPOS[k] for k in dt_keys]})
    j = pl.DataFrame({"d": dom}).join(typo_tbl, on="d", how="left", maintain_order="left")
    cnt = j["alts"].list.len().fill_null(0).to_numpy()
    pk = np.floor(rng.random(m) * np.maximum(cnt, 1)).astype(np.int64)
    new_dom = j.select(pl.col("alts").list.get(pl.Series(pk), null_on_oob=True)).to_series()
    new_local = one_edit(local, ~use_dom, rng)
    out = pl.select(pl.when(pl.Series(use_dom)).then(pl.concat_str([local, pl.lit("@"), new_dom]))
                    .otherwise(pl.concat_str([new_local, pl.lit("@"), dom]))).to_series()
    return email.scatter(idx, out)


def render_email(email: pl.Series, jp: np.ndarray, table: str, rng: np.random.Generator,
                 nz: NoiseRates, missing: float = 0.0, junk_rate: float | None = None) -> pl.Series:
    n = len(email)
    email = email_variants(email, rng, nz.gmail_variant.get(table, 0.0),
                           nz.plus_tag_other_provider if table == "ecom_accounts" else 0.0)
    email = email_typo(email, _mask(rng, n, nz.email_typo.get(table, 0.0)), rng)
    email = case_noise(email, _mask(rng, n, nz.case_noise), rng)
    email = whitespace_noise(email, _mask(rng, n, nz.whitespace_noise), rng)
    email = fullwidth(email, jp & _mask(rng, n, nz.fullwidth_email_jp))
    jr = nz.junk_email.get(table, 0.0) if junk_rate is None else junk_rate
    email = junk(email, _mask(rng, n, jr), rng, JUNK_EMAILS)
    return set_values(email, _mask(rng, n, missing), None)


def render_phone(S: pl.DataFrame, table: str, rng: np.random.Generator, nz: NoiseRates,
                 missing: float = 0.0, nsn_col: str = "phone_nsn", l1_col: str = "phone_l1",
                 l2_col: str = "phone_l2") -> pl.Series:
    n = len(S)
    nsn = S[nsn_col]
    l1 = S[l1_col].to_numpy()
    nsn = one_edit(nsn, _mask(rng, n, nz.phone_typo.get(table, 0.0)), rng, digits_only=True, min_pos=l1)
    out = format_phone(S["country"], nsn, S[l1_col], S[l2_col], rng, nz.fullwidth_phone_jp)
    out = junk(out, _mask(rng, n, nz.junk_phone.get(table, 0.0)), rng, JUNK_PHONES)
    out = junk(out, _mask(rng, n, nz.unparseable_phone), rng, UNPARSEABLE_PHONES)
    return set_values(out, _mask(rng, n, missing), None)


def render_address(S: pl.DataFrame, table: str, rng: np.random.Generator, nz: NoiseRates,
                   missing: float = 0.0, postal_missing: float = 0.0) -> dict[str, pl.Series]:
    n = len(S)
    jp = S["japanese"].to_numpy()
    postal = one_edit(S["postal_code"], _mask(rng, n, nz.postal_typo.get(table, 0.0)), rng, digits_only=True)
    postal = format_postal(S["country"], postal, rng, nz.fullwidth_postal_jp)
    postal = junk(postal, _mask(rng, n, nz.junk_postal), rng, JUNK_POSTALS)
    line = S["address_line"]
    k = rng.random(n)
    # Japanese: 1丁目2-3 / 1-2-3 / 1丁目2番3号; building dropped; full-width digits
    jp_dash = line.str.replace("丁目", "-", literal=True)
    jp_kou = pl.select(pl.concat_str([line.str.replace(r"丁目(\d+)-(\d+)", "丁目${1}番${2}号")])).to_series()
    line = set_values(line, jp & (k < 0.30), jp_dash)
    line = set_values(line, jp & (k >= 0.30) & (k < 0.45), jp_kou)
    line = set_values(line, jp & _mask(rng, n, 0.2), line.str.replace(r" .*$", ""))
    line = fullwidth(line, jp & _mask(rng, n, nz.fullwidth_address_jp), digits_only=True)
    # Western: abbreviations, unit spelled differently, case
    abbr = line.str.replace_many(list(STREET_ABBREV.keys()), list(STREET_ABBREV.values()))
    line = set_values(line, ~jp & (k < 0.3), abbr)
    line = set_values(line, ~jp & (k >= 0.3) & (k < 0.38), line.str.replace(" Apt ", " #", literal=True))
    line = case_noise(line, ~jp & _mask(rng, n, nz.case_noise), rng)
    line = one_edit(line, _mask(rng, n, nz.name_typo.get(table, 0.0) / 2), rng)
    region = S["region"]
    region = set_values(region, jp & _mask(rng, n, 0.1), region.str.replace(r"[都府県]$", ""))
    region = set_values(region, (S["country"] == "US").to_numpy() & _mask(rng, n, 0.15),
                        region.replace_strict(US_STATE_NAMES, default=region, return_dtype=pl.String))
    city = case_noise(S["city"], ~jp & _mask(rng, n, nz.case_noise), rng)
    miss = _mask(rng, n, missing)
    return {
        "postal_code": set_values(postal, miss | _mask(rng, n, postal_missing), None),
        "region": set_values(region, miss, None),
        "city": set_values(city, miss, None),
        "address_line": set_values(line, miss, None),
        "country": render_country(S["country"], rng),
    }


def render_country(country: pl.Series, rng: np.random.Generator) -> pl.Series:
    n = len(country)
    out = country.clone()
    cn = country.to_numpy()
    for c, opts in COUNTRY_SPELLINGS.items():
        idx = np.flatnonzero(cn == c)
        if idx.size:
            out = out.scatter(idx, choose(rng, [o[0] for o in opts], [o[1] for o in opts], idx.size))
    return set_values(out, _mask(rng, n, 0.03), None)


def render_birth_date(S: pl.DataFrame, rng: np.random.Generator, nz: NoiseRates,
                      missing: float) -> pl.Series:
    n = len(S)
    out = format_date(S["birth_day"].to_numpy(), rng, nz.date_formats, S["japanese"].to_numpy())
    out = junk(out, _mask(rng, n, nz.junk_birth_date), rng, JUNK_BIRTH_DATES)
    out = junk(out, _mask(rng, n, nz.bad_timestamp), rng, ["1985-02-30", "99/99/9999", "unknown", "1990-13-45"])
    return set_values(out, _mask(rng, n, missing), None)


def render_gender(S: pl.DataFrame, rng: np.random.Generator, missing: float) -> pl.Series:
    n = len(S)
    g = S["gender"]
    k = rng.random(n)
    jp = S["japanese"].to_numpy()
    long = g.replace_strict({"F": "Female", "M": "Male"}, return_dtype=pl.String)
    kanji = g.replace_strict({"F": "女性", "M": "男性"}, return_dtype=pl.String)
    g = set_values(g, (k < 0.10), long)
    g = set_values(g, jp & (k >= 0.10) & (k < 0.15), kanji)
    return set_values(g, _mask(rng, n, missing), None)


def no_identifier(cols: dict[str, pl.Series], mask: np.ndarray, rng: np.random.Generator,
                  keep: tuple[str, ...]) -> dict[str, pl.Series]:
    """Blank every identifying column of the masked rows (names become junk)."""
    if not mask.any():
        return cols
    out = {}
    for k, v in cols.items():
        if k in keep:
            out[k] = v
        elif k in ("first_name", "last_name", "contact_name"):
            out[k] = junk(v, mask, rng, ["N/A", "unknown", "-", "", "test"])
        else:
            out[k] = set_values(v, mask, None)
    return out


def digits_fullwidth(s: pl.Series) -> pl.Series:
    return s.str.replace_many(list(FULLWIDTH_DIGITS.keys()), list(FULLWIDTH_DIGITS.values()))
