"""Vectorised string transformations on polars Series (no Python loop per value).

Every function takes a Series, a boolean mask (numpy) of rows to change and a numpy Generator,
and returns a new Series; rows outside the mask are untouched.
"""

from __future__ import annotations

import numpy as np
import polars as pl

# ---- character maps ------------------------------------------------------------------------

_ASCII = [chr(c) for c in range(0x21, 0x7F)]
FULLWIDTH_MAP = {c: chr(ord(c) + 0xFEE0) for c in _ASCII}
FULLWIDTH_MAP[" "] = "\u3000"
_DIGITS = "0123456789"
FULLWIDTH_DIGITS = {d: chr(ord(d) + 0xFEE0) for d in _DIGITS}
FULLWIDTH_DIGITS["-"] = "－"  # U+FF0D

_KATA = [chr(c) for c in range(0x30A1, 0x30F7)]
KATA_TO_HIRA = {k: chr(ord(k) - 0x60) for k in _KATA}

_HW_BASE = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
    "ァィゥェォッャュョー",
    "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｯｬｭｮｰ",
))
_DAKUTEN = dict(zip("ガギグゲゴザジズゼゾダヂヅデドバビブベボヴ", "カキクケコサシスセソタチツテトハヒフヘホウ"))
_HANDAKUTEN = dict(zip("パピプペポ", "ハヒフヘホ"))
HALFWIDTH_KANA: dict[str, str] = dict(_HW_BASE)
HALFWIDTH_KANA.update({k: _HW_BASE[v] + "ﾞ" for k, v in _DAKUTEN.items()})
HALFWIDTH_KANA.update({k: _HW_BASE[v] + "ﾟ" for k, v in _HANDAKUTEN.items()})
HALFWIDTH_KANA["　"] = " "

ASCII_FOLD = {
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
    "é": "e", "è": "e", "ê": "e", "ë": "e", "à": "a", "â": "a", "ç": "c", "î": "i",
    "ï": "i", "ô": "o", "û": "u", "ù": "u", "É": "E", "È": "E", "À": "A", "Ç": "C",
    "ñ": "n", "á": "a", "í": "i", "ó": "o", "ú": "u", "ø": "o", "å": "a", "'": "", " ": "",
}
ASCII_STRIP = {  # the other common folding: drop the accent only
    "ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "ss",
    "é": "e", "è": "e", "ê": "e", "ë": "e", "à": "a", "â": "a", "ç": "c", "î": "i",
    "ï": "i", "ô": "o", "û": "u", "ù": "u", "É": "E", "È": "E", "À": "A", "Ç": "C",
}

_KEYBOARD = {
    "q": "wa", "w": "qeas", "e": "wrsd", "r": "etdf", "t": "ryfg", "y": "tugh", "u": "yihj",
    "i": "uojk", "o": "ipkl", "p": "ol", "a": "qwsz", "s": "awedxz", "d": "serfcx",
    "f": "drtgvc", "g": "ftyhbv", "h": "gyujnb", "j": "huikmn", "k": "jiolm", "l": "kop",
    "z": "asx", "x": "zsdc", "c": "xdfv", "v": "cfgb", "b": "vghn", "n": "bhjm", "m": "njk",
}
_KATA_POOL = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポャュョッー"
_HIRA_POOL = "".join(KATA_TO_HIRA.get(c, c) for c in _KATA_POOL)
# kanji that IME conversion errors typically produce in names
_KANJI_POOL = "藤田中山川本村井木林森高橋佐鈴小松野原島崎石岡子美恵裕祐雄郎朗太一二三介輔樹貴和正"


def _pick(rng: np.random.Generator, alphabet: str, n: int) -> pl.Series:
    arr = np.array(list(alphabet), dtype=object)
    return pl.Series(arr[rng.integers(0, len(arr), n)].tolist(), dtype=pl.String)


def _apply(s: pl.Series, mask: np.ndarray, fn) -> pl.Series:
    idx = np.flatnonzero(mask & s.is_not_null().to_numpy())
    if idx.size == 0:
        return s
    sub = s.gather(idx)
    new = fn(sub, idx.size)
    return s.scatter(idx, new)


def replace_chars(s: pl.Series, mask: np.ndarray, mapping: dict[str, str]) -> pl.Series:
    pats, reps = list(mapping.keys()), list(mapping.values())
    return _apply(s, mask, lambda sub, n: sub.str.replace_many(pats, reps))


def fullwidth(s: pl.Series, mask: np.ndarray, digits_only: bool = False) -> pl.Series:
    return replace_chars(s, mask, FULLWIDTH_DIGITS if digits_only else FULLWIDTH_MAP)


def one_edit(s: pl.Series, mask: np.ndarray, rng: np.random.Generator,
             digits_only: bool = False, min_pos: np.ndarray | None = None) -> pl.Series:
    """Apply exactly one edit (substitution, deletion, insertion or adjacent transposition) to
    the masked non-empty values.  The result always differs from the input.  `min_pos` (per
    row of `s`) keeps the first characters untouched (e.g. a phone's area code)."""
    idx = np.flatnonzero(mask & (s.str.len_chars().fill_null(0).to_numpy() > 1))
    if idx.size == 0:
        return s
    sub = s.gather(idx)
    n = idx.size
    L = sub.str.len_chars().to_numpy().astype(np.int64)
    lo = np.zeros(n, dtype=np.int64) if min_pos is None else np.minimum(min_pos[idx], L - 2)
    lo = np.maximum(lo, 0)
    op = rng.integers(0, 4, n)
    if digits_only:  # phones/postal codes: transpositions and substitutions only
        op = np.where(rng.random(n) < 0.6, 3, 0)
    pos = lo + np.floor(rng.random(n) * (L - lo)).astype(np.int64)
    pos_t = np.minimum(pos, L - 2)  # transposition needs a right neighbour
    r1, r2 = rng.random(n), rng.random(n)
    df = pl.DataFrame({"s": sub, "pos": pos, "pt": pos_t, "op": op, "r1": r1, "r2": r2,
                       "dig": _pick(rng, _DIGITS, n), "kata": _pick(rng, _KATA_POOL, n),
                       "hira": _pick(rng, _HIRA_POOL, n), "kanji": _pick(rng, _KANJI_POOL, n),
                       "lat": _pick(rng, "abcdefghijklmnopqrstuvwxyz", n)})
    c = pl.col("s").str.slice(pl.col("pos"), 1)
    nb = c.str.to_lowercase().replace_strict(_KEYBOARD, default="", return_dtype=pl.String)
    nb_pick = nb.str.slice((pl.col("r1") * nb.str.len_chars()).floor().cast(pl.Int64), 1)
    rand_char = (
        pl.when(c.str.contains(r"^[0-9]$")).then(pl.col("dig"))
        .when(c.str.contains(r"^\p{Katakana}$")).then(pl.col("kata"))
        .when(c.str.contains(r"^\p{Hiragana}$")).then(pl.col("hira"))
        .when(c.str.contains(r"^\p{Han}$")).then(pl.col("kanji"))
        .when(nb.str.len_chars() > 0)
        .then(pl.when(c.str.contains(r"^[A-Z]$")).then(nb_pick.str.to_uppercase()).otherwise(nb_pick))
        .otherwise(pl.col("lat"))
    )
    left = pl.col("s").str.slice(0, pl.col("pos"))
    right_after = pl.col("s").str.slice(pl.col("pos") + 1)
    sub_e = pl.concat_str([left, rand_char, right_after])
    del_e = pl.concat_str([left, right_after])
    ins_char = pl.when(pl.col("r2") < 0.5).then(c).otherwise(rand_char)
    ins_e = pl.concat_str([left, ins_char, pl.col("s").str.slice(pl.col("pos"))])
    lt = pl.col("s").str.slice(0, pl.col("pt"))
    tr_e = pl.concat_str([lt, pl.col("s").str.slice(pl.col("pt") + 1, 1),
                          pl.col("s").str.slice(pl.col("pt"), 1), pl.col("s").str.slice(pl.col("pt") + 2)])
    # digit substitution fallback that can never equal the original digit
    dig_sub = pl.concat_str([left, ((c.cast(pl.Int64, strict=False).fill_null(0) + 1 +
                                     (pl.col("r1") * 8).floor().cast(pl.Int64)) % 10).cast(pl.String),
                             right_after])
    out = df.select(
        pl.when(pl.col("op") == 0).then(sub_e)
        .when(pl.col("op") == 1).then(del_e)
        .when(pl.col("op") == 2).then(ins_e)
        .otherwise(tr_e).alias("o"),
        dig_sub.alias("d"), del_e.alias("x"),
    )
    o = out["o"]
    same = (o == sub).fill_null(True)
    if digits_only:
        o = pl.select(pl.when(same).then(out["d"]).otherwise(o)).to_series()
        same = (o == sub).fill_null(True)
    o = pl.select(pl.when(same).then(out["x"]).otherwise(o)).to_series()
    return s.scatter(idx, o)


def case_noise(s: pl.Series, mask: np.ndarray, rng: np.random.Generator) -> pl.Series:
    def fn(sub: pl.Series, n: int) -> pl.Series:
        k = pl.Series(rng.integers(0, 3, n))
        return pl.select(
            pl.when(k == 0).then(sub.str.to_uppercase())
            .when(k == 1).then(sub.str.to_lowercase())
            .otherwise(sub.str.to_titlecase())
        ).to_series()
    return _apply(s, mask, fn)


def whitespace_noise(s: pl.Series, mask: np.ndarray, rng: np.random.Generator) -> pl.Series:
    def fn(sub: pl.Series, n: int) -> pl.Series:
        k = pl.Series(rng.integers(0, 3, n))
        return pl.select(
            pl.when(k == 0).then(pl.concat_str([pl.lit(" "), sub]))
            .when(k == 1).then(pl.concat_str([sub, pl.lit("  ")]))
            .otherwise(pl.concat_str([pl.lit(" "), sub.str.replace(" ", "  "), pl.lit(" ")]))
        ).to_series()
    return _apply(s, mask, fn)


def set_values(s: pl.Series, mask: np.ndarray, values: pl.Series | str | None) -> pl.Series:
    """A copy of `s` with masked rows overwritten by a constant or the aligned rows of `values`.

    `Series.scatter` writes in place; the copy keeps the caller's series (which may be another
    variable's too, e.g. the first names kept aside for a swap) unchanged.
    """
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return s
    s = s.clone()
    if values is None:
        return s.scatter(idx, pl.Series([None] * idx.size, dtype=pl.String))
    if isinstance(values, str):
        return s.scatter(idx, pl.Series([values] * idx.size, dtype=pl.String))
    return s.scatter(idx, values.gather(idx))


def choose(rng: np.random.Generator, options: list[str], weights: list[float] | np.ndarray,
           n: int) -> pl.Series:
    """n values drawn from `options` with `weights`."""
    w = np.asarray(weights, dtype=np.float64)
    k = rng.choice(len(options), size=n, p=w / w.sum())
    return pl.Series(options, dtype=pl.String).gather(k)


def junk(s: pl.Series, mask: np.ndarray, rng: np.random.Generator, values: list[str]) -> pl.Series:
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return s
    return s.scatter(idx, choose(rng, values, [1.0] * len(values), idx.size))
