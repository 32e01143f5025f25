{#
    Kanji name readings learned from the data. Systems that hold a name in kanji only (the web
    shop, the support desk) cannot be compared with a name typed in romaji or kana, and a kanji
    name cannot be romanized without knowing its reading. The CRM and the loyalty programme keep
    the kana reading (furigana) next to the kanji, so each (kanji name key, kana key) pair seen
    there is an observation; a kanji key's reading is its most frequent kana key when that is at
    least var('name_reading_min_share') of its observations and seen at least
    var('name_reading_min_records') times. A typo in one record's kana is outvoted; a kanji with
    several common readings (幸子: サチコ / ユキコ) gets none and stays comparable only in kanji.
    Given and family names share one dictionary (a kanji string reads the same in either place).
#}
{%- set min_share = var('name_reading_min_share') %}
{%- set min_records = var('name_reading_min_records') %}

with

crm as (
    select * from {{ ref('stg_crm__contacts') }}
),

loyalty as (
    select * from {{ ref('stg_loyalty__members') }}
),

{%- set name_parts = [] %}
{%- for relation in ['crm', 'loyalty'] %}
    {%- for part in ['first', 'last'] %}
        {%- do name_parts.append((relation, part)) %}
    {%- endfor %}
{%- endfor %}

observations as (
    {%- for relation, part in name_parts %}
        {%- if not loop.first %}
            union all
        {%- endif %}
        select
            {{ c360.fold_kanji_variants(part ~ '_name_key') }} as name_key
            , {{ part }}_name_kana_key as kana_key
        from {{ relation }}
        where {{ part }}_name_key is not null and {{ part }}_name_kana_key is not null
    {%- endfor %}
),

classified as (
    select
        name_key
        , kana_key
        , {{ c360.script_class('name_key') }} as name_script
        , {{ c360.script_class('kana_key') }} as kana_script
    from observations
),

kanji_observations as (
    select
        name_key
        , kana_key
    from classified
    where name_script = 'kanji' and kana_script = 'kana'
),

counted as (
    select
        name_key
        , kana_key
        , count(*) as reading_records
    from kanji_observations
    group by name_key, kana_key
),

shares as (
    select
        counted.*
        , sum(counted.reading_records) over (partition by counted.name_key) as name_records
        , row_number() over (
            partition by counted.name_key order by counted.reading_records desc, counted.kana_key asc
        ) as reading_rank
    from counted
),

final as (
    select
        name_key
        , kana_key
        , {{ c360.romaji_key('kana_key') }} as latin_key
        , reading_records
        , name_records
        , reading_records * 1.0 / name_records as reading_share
    from shares
    where
        reading_rank = 1
        and reading_records >= {{ min_records }}
        and reading_records * 1.0 / name_records >= {{ min_share }}
)

select * from final
