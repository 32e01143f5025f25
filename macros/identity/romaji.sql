{#
    romaji_key(expr)

    A Latin comparison key for a Japanese name, so that a name typed in romaji (`Taro`,
    `YAMADA`) can be compared with its kana reading (`タロウ`, `ヤマダ`) and with names from
    systems that hold only romaji. `expr` is a name key (name_key: lower case, katakana).
    - katakana -> Hepburn romaji, two-kana sounds first (`キョ` -> `kyo`), the sokuon `ッ` and the
      long-vowel mark `ー` dropped;
    - then latin_name_key folds what romanizations disagree on: long vowels (`ou`, `oo`, `uu`,
      `oh` -> `o`/`u`), doubled consonants (`tt` -> `t`), `m` before b/p/m (`Homma` = `Honma`).
    Latin input passes through latin_name_key only; anything still outside a-z (kanji) -> NULL.
#}
{% macro romaji_key(expr) -%}
    {%- set e = expr -%}
    {%- set e = "replace(" ~ e ~ ", 'キャ', 'kya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'キュ', 'kyu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'キョ', 'kyo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ギャ', 'gya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ギュ', 'gyu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ギョ', 'gyo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'シャ', 'sha')" -%}
    {%- set e = "replace(" ~ e ~ ", 'シュ', 'shu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ショ', 'sho')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ジャ', 'ja')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ジュ', 'ju')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ジョ', 'jo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'チャ', 'cha')" -%}
    {%- set e = "replace(" ~ e ~ ", 'チュ', 'chu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'チョ', 'cho')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ニャ', 'nya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ニュ', 'nyu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ニョ', 'nyo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヒャ', 'hya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヒュ', 'hyu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヒョ', 'hyo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ビャ', 'bya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ビュ', 'byu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ビョ', 'byo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ピャ', 'pya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ピュ', 'pyu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ピョ', 'pyo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ミャ', 'mya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ミュ', 'myu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ミョ', 'myo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'リャ', 'rya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'リュ', 'ryu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'リョ', 'ryo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ア', 'a')" -%}
    {%- set e = "replace(" ~ e ~ ", 'イ', 'i')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ウ', 'u')" -%}
    {%- set e = "replace(" ~ e ~ ", 'エ', 'e')" -%}
    {%- set e = "replace(" ~ e ~ ", 'オ', 'o')" -%}
    {%- set e = "replace(" ~ e ~ ", 'カ', 'ka')" -%}
    {%- set e = "replace(" ~ e ~ ", 'キ', 'ki')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ク', 'ku')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ケ', 'ke')" -%}
    {%- set e = "replace(" ~ e ~ ", 'コ', 'ko')" -%}
    {%- set e = "replace(" ~ e ~ ", 'サ', 'sa')" -%}
    {%- set e = "replace(" ~ e ~ ", 'シ', 'shi')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ス', 'su')" -%}
    {%- set e = "replace(" ~ e ~ ", 'セ', 'se')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ソ', 'so')" -%}
    {%- set e = "replace(" ~ e ~ ", 'タ', 'ta')" -%}
    {%- set e = "replace(" ~ e ~ ", 'チ', 'chi')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ツ', 'tsu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'テ', 'te')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ト', 'to')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ナ', 'na')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ニ', 'ni')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヌ', 'nu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ネ', 'ne')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ノ', 'no')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ハ', 'ha')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヒ', 'hi')" -%}
    {%- set e = "replace(" ~ e ~ ", 'フ', 'fu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヘ', 'he')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ホ', 'ho')" -%}
    {%- set e = "replace(" ~ e ~ ", 'マ', 'ma')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ミ', 'mi')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ム', 'mu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'メ', 'me')" -%}
    {%- set e = "replace(" ~ e ~ ", 'モ', 'mo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヤ', 'ya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ユ', 'yu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヨ', 'yo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ラ', 'ra')" -%}
    {%- set e = "replace(" ~ e ~ ", 'リ', 'ri')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ル', 'ru')" -%}
    {%- set e = "replace(" ~ e ~ ", 'レ', 're')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ロ', 'ro')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ワ', 'wa')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヰ', 'i')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヱ', 'e')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヲ', 'o')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ン', 'n')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ガ', 'ga')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ギ', 'gi')" -%}
    {%- set e = "replace(" ~ e ~ ", 'グ', 'gu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ゲ', 'ge')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ゴ', 'go')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ザ', 'za')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ジ', 'ji')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ズ', 'zu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ゼ', 'ze')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ゾ', 'zo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ダ', 'da')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヂ', 'ji')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヅ', 'zu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'デ', 'de')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ド', 'do')" -%}
    {%- set e = "replace(" ~ e ~ ", 'バ', 'ba')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ビ', 'bi')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ブ', 'bu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ベ', 'be')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ボ', 'bo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'パ', 'pa')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ピ', 'pi')" -%}
    {%- set e = "replace(" ~ e ~ ", 'プ', 'pu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ペ', 'pe')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ポ', 'po')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ヴ', 'vu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ァ', 'a')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ィ', 'i')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ゥ', 'u')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ェ', 'e')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ォ', 'o')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ャ', 'ya')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ュ', 'yu')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ョ', 'yo')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ー', '')" -%}
    {%- set e = "replace(" ~ e ~ ", 'ッ', '')" -%}
    {{ c360.latin_name_key(e) }}
{%- endmacro %}


{% macro latin_name_key(expr) -%}
    {%- set e = expr -%}
    {%- for a, b in [('ou', 'o'), ('oo', 'o'), ('uu', 'u'), ('oh', 'o'), ('ei', 'e'), ('ii', 'i'), ('aa', 'a'),
                     ('mb', 'nb'), ('mp', 'np'), ('mm', 'nm'),
                     ('kk', 'k'), ('tt', 't'), ('ss', 's'), ('pp', 'p'), ('tch', 'ch'), ('cch', 'ch'),
                     ('ll', 'l'), ('nn', 'n'), ('rr', 'r'), ('ff', 'f'), ('dd', 'd'), ('gg', 'g')] -%}
        {%- set e = "replace(" ~ e ~ ", '" ~ a ~ "', '" ~ b ~ "')" -%}
    {%- endfor -%}
    case when {{ c360.regex_matches(e, '^[a-z]+$') }} then {{ e }} end
{%- endmacro %}
