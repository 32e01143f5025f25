{#
    String similarity on Spark, in Spark SQL built-ins and higher-order functions only (no UDF,
    so it runs on any cluster). Both reproduce DuckDB's functions exactly, including a detail
    of theirs: DuckDB compares UTF-8 *bytes*, not characters (`タ` vs `ダ` is two byte edits,
    and two kana names sharing their first character share a three-byte prefix). The
    comparison thresholds of macros/identity/identity_settings.sql were tuned on DuckDB, so
    Spark compares the same bytes: spark_byte_array(s) turns a string into the array of its
    UTF-8 bytes, each byte as one character (the bytes decoded as ISO-8859-1), so that the
    loops below compare array elements and use Spark's native array functions (slice,
    array_position, array_min) wherever a loop would otherwise be a lambda.

    Each macro binds its inputs once with `element_at(transform(array(<struct>), s -> ...), 1)`,
    Spark SQL's way of writing a local variable inside one expression.
#}


{#
    spark_byte_array(expr): the UTF-8 bytes of a string as an array of one-character strings
    (`'タa'` -> 4 elements). Only for non-empty strings ('' gives one empty element).
#}
{% macro spark_byte_array(expr) -%}
    split(decode(encode(cast({{ expr }} as string), 'UTF-8'), 'ISO-8859-1'), '')
{%- endmacro %}


{#
    jaro_winkler(a, b): DuckDB's jaro_winkler_similarity (the rapidfuzz algorithm), on bytes:
    - match window: max(len_a, len_b) / 2 - 1 (integer division, at least 0);
    - for each byte of b in order, the first not yet matched equal byte of a within the window
      is its match (matched bytes of a are blanked in `pm`, so array_position finds the first
      free one); m = number of matches (0 -> similarity 0; an empty string -> 0);
    - t = half (integer division) the number of positions at which the matched bytes of a and
      those of b, each in string order, differ;
    - jaro = (m / len_a + m / len_b + (m - t) / m) / 3;
    - jaro > 0.7: + prefix * 0.1 * (1 - jaro), prefix = common leading bytes, at most 4.
    NULL when either side is NULL. Checked against DuckDB to 1e-9 (python/tests/test_spark_parity.py).
#}
{% macro spark__jaro_winkler(a, b) -%}
case when {{ a }} is null or {{ b }} is null then cast(null as double) else element_at(transform(
    array(named_struct(
        'p', {{ c360.spark_byte_array(a) }}, 't', {{ c360.spark_byte_array(b) }},
        'pl', octet_length({{ a }}), 'tl', octet_length({{ b }}))),
    w -> case when w.pl = 0 or w.tl = 0 then cast(0 as double) else element_at(transform(
        array(aggregate(
            sequence(1, w.tl),
            named_struct('pm', w.p, 'tb', cast(array() as array<string>)),
            (acc, j) -> element_at(transform(
                array(named_struct(
                    'lo', greatest(1, j - greatest(greatest(w.pl, w.tl) div 2 - 1, 0)),
                    'hi', least(w.pl, j + greatest(greatest(w.pl, w.tl) div 2 - 1, 0)))),
                win -> case when win.lo > win.hi then acc else element_at(transform(
                    array(cast(array_position(slice(acc.pm, win.lo, win.hi - win.lo + 1), w.t[j - 1]) as int)),
                    pos -> case when pos = 0 then acc else named_struct(
                        'pm', concat(slice(acc.pm, 1, win.lo + pos - 2), array(''), slice(acc.pm, win.lo + pos, w.pl)),
                        'tb', concat(acc.tb, array(w.t[j - 1]))) end), 1) end), 1))),
        f -> case when size(f.tb) = 0 then cast(0 as double) else element_at(transform(
            array(named_struct(
                'm', cast(size(f.tb) as double),
                'half_t', cast(size(filter(
                    transform(filter(w.p, (v, x) -> f.pm[x] = ''), (v, q) -> v <> f.tb[q]),
                    differs -> differs)) div 2 as double),
                'prefix', cast(element_at(transform(
                    array(array_position(transform(slice(w.p, 1, least(4, w.pl, w.tl)), (v, k) -> v = w.t[k]), false)),
                    first_difference -> case when first_difference = 0 then least(4, w.pl, w.tl) else first_difference - 1 end), 1) as double))),
            r -> element_at(transform(
                array((r.m / w.pl + r.m / w.tl + (r.m - r.half_t) / r.m) / cast(3 as double)),
                jaro -> case when jaro > cast(0.7 as double)
                    then jaro + r.prefix * cast(0.1 as double) * (cast(1 as double) - jaro)
                    else jaro end), 1)), 1) end), 1) end), 1) end
{%- endmacro %}


{#
    edit_distance(a, b): DuckDB's damerau_levenshtein, the unrestricted Damerau-Levenshtein
    distance (insertions, deletions, substitutions and transpositions of adjacent bytes, and a
    transposed pair may be edited further: `ca` -> `abc` is 2), on bytes like DuckDB.
    Lowrance-Wagner, one matrix row per byte of a (an `aggregate` over the rows, which keeps
    the rows so far and `last`: for each column j, the last row whose byte equals b[j]):
      t[j] = min(d[i-1][j-1] + cost, d[i-1][j] + 1, d[k-1][l-1] + (i-k-1) + 1 + (j-l-1))
        with k = last[j] and l the last column before j whose byte equals a[i] (lpos);
      d[i][j] = min(t[j], d[i][j-1] + 1) = j + min over q <= j of (t[q] - q),
    the second form computing a whole row from t with native array functions.
    NULL when either side is NULL.
#}
{% macro spark__edit_distance(a, b) -%}
case when {{ a }} is null or {{ b }} is null then cast(null as int) else element_at(transform(
    array(named_struct(
        'a', {{ c360.spark_byte_array(a) }}, 'b', {{ c360.spark_byte_array(b) }},
        'n', octet_length({{ a }}), 'm', octet_length({{ b }}), 'same', {{ a }} = {{ b }})),
    w -> case
        when w.same then 0
        when w.n = 0 then w.m
        when w.m = 0 then w.n
        else aggregate(
            sequence(1, w.n),
            named_struct('rows', array(sequence(0, w.m)), 'last', array_repeat(0, w.m + 1)),
            (st, i) -> element_at(transform(
                array(named_struct(
                    'prev', st.rows[i - 1],
                    'lpos', element_at(transform(
                        array(transform(w.b, (v, y) -> case when v = w.a[i - 1] then y + 1 else 0 end)),
                        e -> transform(sequence(0, w.m), j -> case when j >= 2 then coalesce(array_max(slice(e, 1, j - 1)), 0) else 0 end)), 1))),
                r -> element_at(transform(
                    array(transform(sequence(0, w.m), j -> case when j = 0 then i else least(
                        r.prev[j - 1] + case when w.a[i - 1] = w.b[j - 1] then 0 else 1 end,
                        r.prev[j] + 1,
                        case when st.last[j] > 0 and r.lpos[j] > 0
                            then st.rows[st.last[j] - 1][r.lpos[j] - 1] + (i - st.last[j] - 1) + 1 + (j - r.lpos[j] - 1)
                            else w.n + w.m end
                    ) end)),
                    t -> named_struct(
                        'rows', concat(st.rows, array(element_at(transform(
                            array(transform(t, (x, q) -> x - q)),
                            u -> transform(u, (x, j) -> j + array_min(slice(u, 1, j + 1)))), 1))),
                        'last', transform(st.last, (v, j) -> case when j > 0 and w.b[j - 1] = w.a[i - 1] then i else v end))), 1)), 1),
            st -> element_at(element_at(st.rows, -1), -1))
    end), 1) end
{%- endmacro %}


{#
    within_one_edit(a, b) on Spark (macros/identity/similarity.sql): the same test with Spark's
    higher-order functions; `substring` counts characters. sequence(1, n) needs n >= 1, hence
    the guards on the lengths.
#}
{% macro spark__within_one_edit(a, b) -%}
    (case
        when {{ a }} is null or {{ b }} is null then null
        when {{ a }} = {{ b }} then true
        when length({{ a }}) = length({{ b }}) then
            size(filter(sequence(1, length({{ a }})),
                i -> substring({{ a }}, i, 1) <> substring({{ b }}, i, 1))) = 1
            or (length({{ a }}) >= 2 and exists(sequence(1, length({{ a }}) - 1),
                i -> concat(substring({{ a }}, 1, i - 1), substring({{ a }}, i + 1, 1),
                    substring({{ a }}, i, 1), substring({{ a }}, i + 2)) = {{ b }}))
        when length({{ a }}) = length({{ b }}) + 1 then
            exists(sequence(1, length({{ a }})),
                i -> concat(substring({{ a }}, 1, i - 1), substring({{ a }}, i + 1)) = {{ b }})
        when length({{ b }}) = length({{ a }}) + 1 then
            exists(sequence(1, length({{ b }})),
                i -> concat(substring({{ b }}, 1, i - 1), substring({{ b }}, i + 1)) = {{ a }})
        else false
    end)
{%- endmacro %}
