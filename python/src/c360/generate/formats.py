"""Rendering true values as text the way source systems export them (vectorised)."""

from __future__ import annotations

import numpy as np
import polars as pl

from .config import BAD_TIMESTAMPS
from .pools import CALLING_CODE, COUNTRIES
from .text import FULLWIDTH_DIGITS, choose, fullwidth

# ---- phones --------------------------------------------------------------------------------
# format ids: 0 national "-", 1 national spaces, 2 national compact, 3 international spaced,
# 4 E.164, 5 country style ((415) 555-0134, +44 (0)20 ..., +81-90-...), 6 dotted or slashed,
# 7 other (00-prefix international, 1-415-... for NANP)
PHONE_FORMAT_WEIGHTS: dict[str, list[float]] = {
    "JP": [0.50, 0.02, 0.25, 0.08, 0.05, 0.07, 0.00, 0.03],
    "US": [0.25, 0.03, 0.10, 0.12, 0.10, 0.30, 0.05, 0.05],
    "CA": [0.25, 0.03, 0.10, 0.12, 0.10, 0.30, 0.05, 0.05],
    "GB": [0.02, 0.50, 0.15, 0.15, 0.08, 0.08, 0.00, 0.02],
    "DE": [0.03, 0.40, 0.15, 0.15, 0.07, 0.08, 0.10, 0.02],
    "FR": [0.02, 0.50, 0.15, 0.12, 0.08, 0.05, 0.06, 0.02],
    "AU": [0.02, 0.50, 0.18, 0.12, 0.08, 0.08, 0.00, 0.02],
}


def format_phone(country: pl.Series, nsn: pl.Series, l1: pl.Series, l2: pl.Series,
                 rng: np.random.Generator, fullwidth_jp: float = 0.0) -> pl.Series:
    """Render national significant numbers in a per-row random format typical of the country."""
    n = len(nsn)
    cn = country.to_numpy()
    fmt = np.zeros(n, dtype=np.int64)
    for c in COUNTRIES:
        idx = np.flatnonzero(cn == c)
        if idx.size:
            w = np.asarray(PHONE_FORMAT_WEIGHTS[c])
            fmt[idx] = rng.choice(len(w), idx.size, p=w / w.sum())
    df = pl.DataFrame({"c": country, "n": nsn, "l1": l1, "l2": l2, "f": fmt})
    N, L1, L2, C, F = pl.col("n"), pl.col("l1"), pl.col("l2"), pl.col("c"), pl.col("f")
    nanp = C.is_in(["US", "CA"])
    cc = C.replace_strict(CALLING_CODE, return_dtype=pl.String)
    trunk = pl.when(nanp).then(pl.lit("")).otherwise(pl.lit("0"))
    g1 = N.str.slice(0, L1)
    g2 = N.str.slice(L1, L2)
    g3 = N.str.slice(L1 + L2)
    has3 = g3.str.len_chars() > 0

    def grp(sep: str, with_trunk: bool = True) -> pl.Expr:
        parts = [trunk, g1] if with_trunk else [g1]
        return pl.concat_str(parts + [pl.lit(sep), g2,
                                      pl.when(has3).then(pl.concat_str([pl.lit(sep), g3])).otherwise(pl.lit(""))])

    nat10 = pl.concat_str([trunk, N])  # FR: 10 digits with trunk
    fr_pairs = pl.concat_str([nat10.str.slice(0, 2), pl.lit(" "), nat10.str.slice(2, 2), pl.lit(" "),
                              nat10.str.slice(4, 2), pl.lit(" "), nat10.str.slice(6, 2), pl.lit(" "),
                              nat10.str.slice(8, 2)])
    fr_intl = pl.concat_str([pl.lit("+33 "), N.str.slice(0, 1), pl.lit(" "), N.str.slice(1, 2), pl.lit(" "),
                             N.str.slice(3, 2), pl.lit(" "), N.str.slice(5, 2), pl.lit(" "), N.str.slice(7, 2)])
    is_fr = C == "FR"
    is_jp = C == "JP"
    intl_sp = pl.when(is_fr).then(fr_intl).when(is_jp).then(
        pl.concat_str([pl.lit("+81 "), grp("-", with_trunk=False)])).otherwise(
        pl.concat_str([pl.lit("+"), cc, pl.lit(" "), grp(" ", with_trunk=False)]))
    style = (pl.when(nanp).then(pl.concat_str([pl.lit("("), g1, pl.lit(") "), g2, pl.lit("-"), g3]))
             .when(is_jp).then(pl.concat_str([pl.lit("+81-"), grp("-", with_trunk=False)]))
             .when(is_fr).then(pl.concat_str([pl.lit("+33 (0)"), N.str.slice(0, 1), pl.lit(" "), N.str.slice(1)]))
             .otherwise(pl.concat_str([pl.lit("+"), cc, pl.lit(" (0)"), grp(" ", with_trunk=False)])))
    dotted = (pl.when(nanp).then(grp(".")).when(is_fr).then(fr_pairs.str.replace_all(" ", "."))
              .when(C == "DE").then(pl.concat_str([trunk, g1, pl.lit("/"), g2, g3]))
              .otherwise(grp("-")))
    other = (pl.when(nanp).then(pl.concat_str([pl.lit("1-"), grp("-")]))
             .otherwise(pl.concat_str([pl.lit("00"), cc, pl.lit(" "), grp(" ", with_trunk=False)])))
    expr = (pl.when(F == 0).then(grp("-"))
            .when(F == 1).then(pl.when(is_fr).then(fr_pairs).otherwise(grp(" ")))
            .when(F == 2).then(pl.concat_str([trunk, N]))
            .when(F == 3).then(intl_sp)
            .when(F == 4).then(pl.concat_str([pl.lit("+"), cc, N]))
            .when(F == 5).then(style)
            .when(F == 6).then(dotted)
            .otherwise(other))
    out = df.select(pl.when(N.is_null() | (N == "")).then(None).otherwise(expr)).to_series()
    if fullwidth_jp > 0:
        out = fullwidth(out, (cn == "JP") & (rng.random(n) < fullwidth_jp))
    return out


# ---- postal codes --------------------------------------------------------------------------

def format_postal(country: pl.Series, postal: pl.Series, rng: np.random.Generator,
                  fullwidth_jp: float) -> pl.Series:
    """JP: 123-4567 / 1234567 / 〒123-4567 / 〒1234567 / full width; GB/CA: without space or
    lower case sometimes; US: ZIP+4 sometimes."""
    n = len(postal)
    k = rng.random(n)
    plus4 = pl.Series(rng.integers(0, 10000, n)).cast(pl.String).str.zfill(4)
    df = pl.DataFrame({"c": country, "p": postal, "k": k, "z4": plus4})
    C, P, K = pl.col("c"), pl.col("p"), pl.col("k")
    jp = (pl.when(K < 0.60).then(P)
          .when(K < 0.80).then(P.str.replace("-", "", literal=True))
          .when(K < 0.93).then(pl.concat_str([pl.lit("〒"), P]))
          .otherwise(pl.concat_str([pl.lit("〒"), P.str.replace("-", "", literal=True)])))
    uk_ca = (pl.when(K < 0.80).then(P).when(K < 0.93).then(P.str.replace(" ", "", literal=True))
             .otherwise(P.str.to_lowercase()))
    us = pl.when(K < 0.92).then(P).otherwise(pl.concat_str([P, pl.lit("-"), pl.col("z4")]))
    expr = (pl.when(C == "JP").then(jp).when(C.is_in(["GB", "CA"])).then(uk_ca)
            .when(C == "US").then(us).otherwise(P))
    out = df.select(pl.when(P.is_null()).then(None).otherwise(expr)).to_series()
    cn = country.to_numpy()
    return fullwidth(out, (cn == "JP") & (rng.random(n) < fullwidth_jp))


# ---- timestamps and dates ------------------------------------------------------------------

def _apply_formats(dt: pl.Series, kinds: np.ndarray, formats: list[tuple[str, str]],
                   shift_jp: np.ndarray | None = None) -> pl.Series:
    """kinds[i] indexes `formats` (name, strftime pattern); format 0 is computed for all rows
    and the others only for their rows."""
    out = dt.dt.strftime(formats[0][1])
    for k in range(1, len(formats)):
        idx = np.flatnonzero(kinds == k)
        if idx.size == 0:
            continue
        name, pat = formats[k]
        sub = dt.gather(idx)
        if name == "iso_offset" and shift_jp is not None:
            jp = pl.Series(shift_jp[idx])
            shifted = pl.select(pl.when(jp).then(sub + pl.duration(hours=9)).otherwise(sub)).to_series()
            txt = pl.select(pl.when(jp).then(shifted.dt.strftime("%Y-%m-%dT%H:%M:%S+09:00"))
                            .otherwise(sub.dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"))).to_series()
        else:
            txt = sub.dt.strftime(pat)
        out = out.scatter(idx, txt)
    return out


TS_FORMATS = [("iso_space", "%Y-%m-%d %H:%M:%S"), ("iso_t", "%Y-%m-%dT%H:%M:%S"),
              ("iso_offset", ""), ("slash_date", "%Y/%m/%d"), ("kanji_date", "%Y年%-m月%-d日"),
              ("dmy_slash", "%d/%m/%Y")]
DATE_FORMATS = [("iso", "%Y-%m-%d"), ("slash", "%Y/%m/%d"), ("kanji", "%Y年%-m月%-d日"),
                ("dmy_slash", "%d/%m/%Y"), ("compact", "%Y%m%d")]


def format_ts(ts: np.ndarray, rng: np.random.Generator, weights: dict[str, float],
              jp: np.ndarray | None = None, bad_rate: float = 0.0,
              clean: bool = False) -> pl.Series:
    """Epoch seconds -> text.  `clean` writes ISO only (machine-generated event streams get a
    smaller share of odd formats via `weights`).  Null where ts is negative (= missing)."""
    n = ts.size
    missing = ts < 0
    dt = pl.from_epoch(pl.Series(np.where(missing, 0, ts)), time_unit="s")
    if clean:
        kinds = np.zeros(n, dtype=np.int64)
    else:
        w = np.array([weights[name] for name, _ in TS_FORMATS])
        kinds = rng.choice(len(TS_FORMATS), n, p=w / w.sum())
    if jp is None:
        jp = np.zeros(n, dtype=bool)
    # kanji dates are mostly written for Japanese persons; Western rows get ISO instead
    kinds = np.where((kinds == 4) & ~jp, 0, kinds)
    out = _apply_formats(dt, kinds, TS_FORMATS, jp)
    if bad_rate > 0:
        bad = rng.random(n) < bad_rate
        out = out.scatter(np.flatnonzero(bad), choose(rng, BAD_TIMESTAMPS, [1.0] * len(BAD_TIMESTAMPS), int(bad.sum())))
    if missing.any():
        out = out.scatter(np.flatnonzero(missing), pl.Series([None] * int(missing.sum()), dtype=pl.String))
    return out


def format_date(days: np.ndarray, rng: np.random.Generator, weights: dict[str, float],
                jp: np.ndarray) -> pl.Series:
    n = days.size
    dt = pl.Series(days.astype(np.int32)).cast(pl.Date)
    w = np.array([weights[name] for name, _ in DATE_FORMATS])
    kinds = rng.choice(len(DATE_FORMATS), n, p=w / w.sum())
    kinds = np.where((kinds == 2) & ~jp, 0, kinds)
    return _apply_formats(dt, kinds, DATE_FORMATS)


# ---- money ---------------------------------------------------------------------------------

def _thousands(int_part: pl.Expr) -> pl.Expr:
    s = int_part.cast(pl.String)
    m = (int_part // 1_000_000)
    t = (int_part // 1000) % 1000
    u = int_part % 1000
    z3 = lambda e: e.cast(pl.String).str.zfill(3)  # noqa: E731
    return (pl.when(int_part >= 1_000_000).then(pl.concat_str([m.cast(pl.String), pl.lit(","), z3(t), pl.lit(","), z3(u)]))
            .when(int_part >= 1000).then(pl.concat_str([t.cast(pl.String), pl.lit(","), z3(u)]))
            .otherwise(s))


def format_amount(minor: np.ndarray, currency: pl.Series, rng: np.random.Generator,
                  weights: dict[str, float], negative_rate: float = 0.0) -> pl.Series:
    """`minor`: integer amount in minor units (yen, cents).  Formats: plain, with symbol,
    thousands separators, 円 suffix (JPY), full-width digits (JPY)."""
    n = minor.size
    names = ["plain", "symbol", "thousands", "yen_suffix", "fullwidth"]
    w = np.array([weights[k] for k in names])
    kinds = rng.choice(len(names), n, p=w / w.sum())
    neg = rng.random(n) < negative_rate
    df = pl.DataFrame({"m": np.abs(minor).astype(np.int64), "cur": currency, "k": kinds, "neg": neg})
    M, K, JPY = pl.col("m"), pl.col("k"), pl.col("cur") == "JPY"
    cents = (M % 100).cast(pl.String).str.zfill(2)
    dollars = M // 100
    plain = pl.when(JPY).then(M.cast(pl.String)).otherwise(pl.concat_str([dollars.cast(pl.String), pl.lit("."), cents]))
    thou = pl.when(JPY).then(_thousands(M)).otherwise(pl.concat_str([_thousands(dollars), pl.lit("."), cents]))
    symbol = pl.when(JPY).then(pl.concat_str([pl.lit("¥"), _thousands(M)])).otherwise(pl.concat_str([pl.lit("$"), thou]))
    yen = pl.when(JPY).then(pl.concat_str([_thousands(M), pl.lit("円")])).otherwise(pl.concat_str([pl.lit("USD "), plain]))
    fw = pl.when(JPY).then(M.cast(pl.String).str.replace_many(list(FULLWIDTH_DIGITS)[:10], list(FULLWIDTH_DIGITS.values())[:10])).otherwise(plain)
    out = df.select(plain).to_series()
    for k, e in ((1, symbol), (2, thou), (3, yen), (4, fw)):
        idx = np.flatnonzero(kinds == k)
        if idx.size:
            out = out.scatter(idx, df[idx].select(e).to_series())
    neg_idx = np.flatnonzero(neg)
    if neg_idx.size:
        out = out.scatter(neg_idx, pl.select(pl.concat_str([pl.lit("-"), out.gather(neg_idx)])).to_series())
    return out


def plain_amount(minor: np.ndarray, currency: pl.Series) -> pl.Series:
    df = pl.DataFrame({"m": minor.astype(np.int64), "cur": currency})
    M = pl.col("m")
    return df.select(pl.when(pl.col("cur") == "JPY").then(M.cast(pl.String)).otherwise(
        pl.concat_str([(M // 100).cast(pl.String), pl.lit("."), (M % 100).cast(pl.String).str.zfill(2)]))).to_series()


def ids(prefix: str, start: int, n: int, width: int) -> pl.Series:
    """Sequential string ids: prefix + zero-padded number, numbers start+1 .. start+n."""
    nums = pl.Series(np.arange(start + 1, start + n + 1, dtype=np.int64)).cast(pl.String).str.zfill(width)
    return pl.select(pl.concat_str([pl.lit(prefix), nums])).to_series()
