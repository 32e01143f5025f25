{#
    fold_width(expr)

    Unicode width folding, the part of NFKC that matters for customer data (DuckDB and Spark
    have no NFKC function; see ../shared/engine-notes.md):
    - full-width ASCII U+FF01–FF5E -> ASCII (`ＡＢＣ１２３＠` -> `ABC123@`), ideographic space -> space,
      full-width signs U+FFE0–FFE6 (`￥` -> `¥`);
    - half-width katakana -> full-width, including the two-character voiced and semi-voiced
      forms (`ｶﾞ` -> `ガ`, `ﾊﾟ` -> `パ`), which are replaced before the one-to-one `translate`.
    The tables were generated from Python's unicodedata NFKC, so on these ranges the result
    equals NFKC. Uses only `replace` and `translate`, which DuckDB, Spark, Postgres and
    Snowflake share, hence a single default implementation.
#}
{% macro fold_width(expr) -%}
    {{ return(adapter.dispatch('fold_width', 'c360')(expr)) }}
{%- endmacro %}

{% macro default__fold_width(expr) -%}
{{ c360.fold_width_translate(c360.fold_width_pairs(expr)) }}
{%- endmacro %}


{#
    The two steps of default__fold_width, also used by the DuckDB implementation
    (duckdb_text.sql), which runs each only on values that need it:
    fold_width_pairs(expr): the two-character half-width voiced / semi-voiced forms
    (`ｶﾞ` -> `ガ`); each contains `ﾞ` or `ﾟ`.
    fold_width_translate(expr): the one-to-one table; every character it maps is U+3000,
    in U+FF01–FF9F or in U+FFE0–FFE6.
#}
{% macro fold_width_pairs(expr) -%}
{%- set e = expr -%}
{%- set e = "replace(" ~ e ~ ", 'ｦﾞ', 'ヺ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｳﾞ', 'ヴ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｶﾞ', 'ガ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｷﾞ', 'ギ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｸﾞ', 'グ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｹﾞ', 'ゲ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｺﾞ', 'ゴ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｻﾞ', 'ザ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｼﾞ', 'ジ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｽﾞ', 'ズ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｾﾞ', 'ゼ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ｿﾞ', 'ゾ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾀﾞ', 'ダ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾁﾞ', 'ヂ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾂﾞ', 'ヅ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾃﾞ', 'デ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾄﾞ', 'ド')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾊﾞ', 'バ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾊﾟ', 'パ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾋﾞ', 'ビ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾋﾟ', 'ピ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾌﾞ', 'ブ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾌﾟ', 'プ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾍﾞ', 'ベ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾍﾟ', 'ペ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾎﾞ', 'ボ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾎﾟ', 'ポ')" -%}
{%- set e = "replace(" ~ e ~ ", 'ﾜﾞ', 'ヷ')" -%}
{{ e }}
{%- endmacro %}

{% macro fold_width_translate(expr) -%}
translate({{ expr }}, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　￠￡￢￤￥￦｡｢｣､･ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ¢£¬¦¥₩。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゙゚')
{%- endmacro %}


{#
    katakana_from_hiragana(expr): hiragana U+3041–3096 -> katakana U+30A1–30F6, so that
    `やまだ` and `ヤマダ` give the same name key.
#}
{% macro katakana_from_hiragana(expr) -%}
    {{ return(adapter.dispatch('katakana_from_hiragana', 'c360')(expr)) }}
{%- endmacro %}

{% macro default__katakana_from_hiragana(expr) -%}
translate({{ expr }}, 'ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんゔゕゖ', 'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴヵヶ')
{%- endmacro %}
