"""Value pools, built once per run and then sampled with numpy.

Faker is used only here, and only to build pools (names, streets, towns) with a fixed Faker seed,
so the pools do not depend on the run seed.  Japanese names come as (kanji, katakana, romaji)
triples so that a kanji name and its reading always belong together: Faker's own ja_JP pairs
plus a curated table.  Addresses come from a curated table of cities with their region, postal
code rule and landline area code, so a postal code always fits its city.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import polars as pl

# --------------------------------------------------------------------------------------------
# Japanese names: (kanji, katakana, romaji, weight)
# --------------------------------------------------------------------------------------------

_JP_LAST_EXTRA: list[tuple[str, str, str]] = [
    ("菅原", "スガワラ", "Sugawara"), ("石田", "イシダ", "Ishida"), ("上田", "ウエダ", "Ueda"),
    ("小野", "オノ", "Ono"), ("田村", "タムラ", "Tamura"), ("竹内", "タケウチ", "Takeuchi"),
    ("金子", "カネコ", "Kaneko"), ("和田", "ワダ", "Wada"), ("中山", "ナカヤマ", "Nakayama"),
    ("原田", "ハラダ", "Harada"), ("藤本", "フジモト", "Fujimoto"), ("小島", "コジマ", "Kojima"),
    ("酒井", "サカイ", "Sakai"), ("宮崎", "ミヤザキ", "Miyazaki"), ("柴田", "シバタ", "Shibata"),
    ("原", "ハラ", "Hara"), ("工藤", "クドウ", "Kudo"), ("横山", "ヨコヤマ", "Yokoyama"),
    ("宮本", "ミヤモト", "Miyamoto"), ("内田", "ウチダ", "Uchida"), ("高木", "タカギ", "Takagi"),
    ("安藤", "アンドウ", "Ando"), ("谷口", "タニグチ", "Taniguchi"), ("大野", "オオノ", "Ono"),
    ("丸山", "マルヤマ", "Maruyama"), ("今井", "イマイ", "Imai"), ("高田", "タカダ", "Takada"),
    ("河野", "コウノ", "Kono"), ("武田", "タケダ", "Takeda"), ("村田", "ムラタ", "Murata"),
    ("上野", "ウエノ", "Ueno"), ("杉山", "スギヤマ", "Sugiyama"), ("増田", "マスダ", "Masuda"),
    ("平野", "ヒラノ", "Hirano"), ("大塚", "オオツカ", "Otsuka"), ("千葉", "チバ", "Chiba"),
    ("久保", "クボ", "Kubo"), ("松井", "マツイ", "Matsui"), ("小山", "コヤマ", "Koyama"),
    ("岩崎", "イワサキ", "Iwasaki"), ("桜井", "サクライ", "Sakurai"), ("野口", "ノグチ", "Noguchi"),
    ("松尾", "マツオ", "Matsuo"), ("野村", "ノムラ", "Nomura"), ("木下", "キノシタ", "Kinoshita"),
    ("菊地", "キクチ", "Kikuchi"), ("佐野", "サノ", "Sano"), ("大西", "オオニシ", "Onishi"),
    ("杉本", "スギモト", "Sugimoto"), ("新井", "アライ", "Arai"), ("浜田", "ハマダ", "Hamada"),
    ("菅野", "スガノ", "Sugano"), ("市川", "イチカワ", "Ichikawa"), ("水野", "ミズノ", "Mizuno"),
    ("小松", "コマツ", "Komatsu"), ("島田", "シマダ", "Shimada"), ("古川", "フルカワ", "Furukawa"),
    ("小田", "オダ", "Oda"), ("吉村", "ヨシムラ", "Yoshimura"), ("高野", "タカノ", "Takano"),
    ("山内", "ヤマウチ", "Yamauchi"), ("西田", "ニシダ", "Nishida"), ("菊池", "キクチ", "Kikuchi"),
    ("西川", "ニシカワ", "Nishikawa"), ("五十嵐", "イガラシ", "Igarashi"),
    ("北村", "キタムラ", "Kitamura"), ("安田", "ヤスダ", "Yasuda"), ("中田", "ナカタ", "Nakata"),
    ("川口", "カワグチ", "Kawaguchi"), ("平田", "ヒラタ", "Hirata"), ("川崎", "カワサキ", "Kawasaki"),
    ("飯田", "イイダ", "Iida"), ("吉川", "ヨシカワ", "Yoshikawa"), ("本田", "ホンダ", "Honda"),
    ("久保田", "クボタ", "Kubota"), ("沢田", "サワダ", "Sawada"), ("辻", "ツジ", "Tsuji"),
    ("関", "セキ", "Seki"), ("渡部", "ワタナベ", "Watanabe"), ("東", "ヒガシ", "Higashi"),
    ("岩田", "イワタ", "Iwata"), ("中西", "ナカニシ", "Nakanishi"), ("服部", "ハットリ", "Hattori"),
    ("樋口", "ヒグチ", "Higuchi"), ("福島", "フクシマ", "Fukushima"), ("川上", "カワカミ", "Kawakami"),
    ("永井", "ナガイ", "Nagai"), ("松岡", "マツオカ", "Matsuoka"), ("田口", "タグチ", "Taguchi"),
    ("山中", "ヤマナカ", "Yamanaka"), ("森田", "モリタ", "Morita"), ("中野", "ナカノ", "Nakano"),
    ("小池", "コイケ", "Koike"), ("秋山", "アキヤマ", "Akiyama"), ("大橋", "オオハシ", "Ohashi"),
    ("荒木", "アラキ", "Araki"), ("松下", "マツシタ", "Matsushita"), ("大久保", "オオクボ", "Okubo"),
    ("野田", "ノダ", "Noda"), ("星野", "ホシノ", "Hoshino"), ("片山", "カタヤマ", "Katayama"),
    ("桑原", "クワバラ", "Kuwabara"), ("今村", "イマムラ", "Imamura"), ("内藤", "ナイトウ", "Naito"),
    ("高山", "タカヤマ", "Takayama"),
]

_JP_MALE_EXTRA: list[tuple[str, str, str]] = [
    ("大輔", "ダイスケ", "Daisuke"), ("健太", "ケンタ", "Kenta"), ("拓也", "タクヤ", "Takuya"),
    ("大樹", "ダイキ", "Daiki"), ("翔", "ショウ", "Sho"), ("蓮", "レン", "Ren"),
    ("悠真", "ユウマ", "Yuma"), ("陽翔", "ハルト", "Haruto"), ("湊", "ミナト", "Minato"),
    ("大和", "ヤマト", "Yamato"), ("隆", "タカシ", "Takashi"), ("誠", "マコト", "Makoto"),
    ("博", "ヒロシ", "Hiroshi"), ("清", "キヨシ", "Kiyoshi"), ("茂", "シゲル", "Shigeru"),
    ("勇", "イサム", "Isamu"), ("実", "ミノル", "Minoru"), ("進", "ススム", "Susumu"),
    ("和夫", "カズオ", "Kazuo"), ("正樹", "マサキ", "Masaki"), ("雅人", "マサト", "Masato"),
    ("達也", "タツヤ", "Tatsuya"), ("哲也", "テツヤ", "Tetsuya"), ("慎一", "シンイチ", "Shinichi"),
    ("剛", "ツヨシ", "Tsuyoshi"), ("亮", "リョウ", "Ryo"), ("涼太", "リョウタ", "Ryota"),
    ("颯太", "ソウタ", "Sota"), ("悠斗", "ユウト", "Yuto"), ("海斗", "カイト", "Kaito"),
    ("陸", "リク", "Riku"), ("蒼", "アオイ", "Aoi"), ("樹", "イツキ", "Itsuki"),
    ("裕太", "ユウタ", "Yuta"), ("一郎", "イチロウ", "Ichiro"), ("健二", "ケンジ", "Kenji"),
    ("秀樹", "ヒデキ", "Hideki"), ("光", "ヒカル", "Hikaru"), ("大介", "ダイスケ", "Daisuke"),
    ("和彦", "カズヒコ", "Kazuhiko"), ("良太", "リョウタ", "Ryota"),
]

_JP_FEMALE_EXTRA: list[tuple[str, str, str]] = [
    ("陽菜", "ヒナ", "Hina"), ("結愛", "ユア", "Yua"), ("葵", "アオイ", "Aoi"),
    ("美咲", "ミサキ", "Misaki"), ("愛", "アイ", "Ai"), ("彩", "アヤ", "Aya"),
    ("優子", "ユウコ", "Yuko"), ("恵子", "ケイコ", "Keiko"), ("洋子", "ヨウコ", "Yoko"),
    ("幸子", "サチコ", "Sachiko"), ("和子", "カズコ", "Kazuko"), ("京子", "キョウコ", "Kyoko"),
    ("由美", "ユミ", "Yumi"), ("真由美", "マユミ", "Mayumi"), ("久美子", "クミコ", "Kumiko"),
    ("智子", "トモコ", "Tomoko"), ("裕子", "ユウコ", "Yuko"), ("麻衣", "マイ", "Mai"),
    ("沙織", "サオリ", "Saori"), ("美穂", "ミホ", "Miho"), ("千尋", "チヒロ", "Chihiro"),
    ("瞳", "ヒトミ", "Hitomi"), ("奈々", "ナナ", "Nana"), ("愛子", "アイコ", "Aiko"),
    ("明日香", "アスカ", "Asuka"), ("さくら", "サクラ", "Sakura"), ("凛", "リン", "Rin"),
    ("芽衣", "メイ", "Mei"), ("美月", "ミツキ", "Mitsuki"), ("莉子", "リコ", "Riko"),
    ("結菜", "ユイナ", "Yuina"), ("杏", "アン", "An"), ("紗希", "サキ", "Saki"),
    ("真理子", "マリコ", "Mariko"), ("直美", "ナオミ", "Naomi"), ("典子", "ノリコ", "Noriko"),
    ("理恵", "リエ", "Rie"), ("綾香", "アヤカ", "Ayaka"), ("菜々子", "ナナコ", "Nanako"),
    ("美紀", "ミキ", "Miki"),
]

# Faker's table has a few romanisations we correct (reading シュウヘイ is Shuhei).
_ROMAJI_FIX = {"シュウヘイ": "Shuhei"}

# Variant (itaiji) kanji used in Japanese surnames: registered forms vs everyday forms.
ITAIJI: dict[str, str] = {
    "斎": "齋", "斉": "齊", "辺": "邊", "高": "髙", "崎": "﨑", "浜": "濱", "沢": "澤",
    "広": "廣", "島": "嶋", "桜": "櫻", "吉": "𠮷", "関": "關", "辻": "辻", "藤": "藤",
}
ITAIJI = {k: v for k, v in ITAIJI.items() if k != v}

# --------------------------------------------------------------------------------------------
# Western nicknames (formal -> nicknames); used inconsistently across systems.
# --------------------------------------------------------------------------------------------

NICKNAMES: dict[str, list[str]] = {
    "Robert": ["Bob", "Rob", "Bobby"], "William": ["Bill", "Will", "Billy"],
    "Elizabeth": ["Liz", "Beth", "Betty", "Eliza"], "Richard": ["Rick", "Rich", "Dick"],
    "James": ["Jim", "Jimmy"], "John": ["Jack", "Johnny"], "Michael": ["Mike", "Mick"],
    "Margaret": ["Maggie", "Peggy", "Meg"], "Katherine": ["Kate", "Kathy", "Katie"],
    "Catherine": ["Cathy", "Kate"], "Jennifer": ["Jen", "Jenny"], "Christopher": ["Chris"],
    "Thomas": ["Tom", "Tommy"], "Joseph": ["Joe", "Joey"], "Daniel": ["Dan", "Danny"],
    "Matthew": ["Matt"], "Anthony": ["Tony"], "Charles": ["Charlie", "Chuck"],
    "Edward": ["Ed", "Ted", "Eddie"], "Patricia": ["Pat", "Patty", "Trish"],
    "Susan": ["Sue", "Susie"], "Deborah": ["Deb", "Debbie"], "Alexander": ["Alex"],
    "Andrew": ["Andy", "Drew"], "Benjamin": ["Ben"], "Samuel": ["Sam"], "Jonathan": ["Jon"],
    "Nicholas": ["Nick"], "Steven": ["Steve"], "Stephen": ["Steve"], "Timothy": ["Tim"],
    "Victoria": ["Vicky", "Tori"], "Rebecca": ["Becky"], "Jessica": ["Jess", "Jessie"],
    "Samantha": ["Sam"], "Alexandra": ["Alex", "Sandra"], "Kimberly": ["Kim"],
    "Barbara": ["Barb"], "Gregory": ["Greg"], "Joshua": ["Josh"], "Kenneth": ["Ken", "Kenny"],
    "Ronald": ["Ron"], "Donald": ["Don"], "Gerald": ["Gerry"], "Lawrence": ["Larry"],
    "Raymond": ["Ray"], "Peter": ["Pete"], "Frederick": ["Fred"], "Harold": ["Harry"],
    "Henry": ["Harry", "Hank"], "Theodore": ["Ted", "Theo"], "Zachary": ["Zach"],
    "Jacob": ["Jake"], "Nathan": ["Nate"], "Nathaniel": ["Nate"], "Abigail": ["Abby"],
    "Amanda": ["Mandy"], "Christina": ["Tina"], "Pamela": ["Pam"], "Sandra": ["Sandy"],
    "Cynthia": ["Cindy"], "Judith": ["Judy"], "Kathleen": ["Kathy"], "Melissa": ["Missy"],
    "Natalie": ["Nat"], "Teresa": ["Terri"], "Valerie": ["Val"], "David": ["Dave"],
    "Jeffrey": ["Jeff"], "Douglas": ["Doug"], "Phillip": ["Phil"], "Philip": ["Phil"],
    "Gary": ["Gaz"], "Dorothy": ["Dot"], "Christine": ["Chris"], "Victor": ["Vic"],
    "Johannes": ["Hannes"], "Friedrich": ["Fritz"], "Wolfgang": ["Wolf"],
    "Alexandre": ["Alex"], "Nicolas": ["Nico"], "Christophe": ["Chris"], "Frédéric": ["Fred"],
    "Stefan": ["Steffi"], "Stephanie": ["Steph"], "Michelle": ["Shelly"],
    "Rachel": ["Rach"], "Gabriel": ["Gabe"], "Vincent": ["Vince"],
}

# --------------------------------------------------------------------------------------------
# Geography.  Each row: country, region, city, postal rule, landline area code (national, no 0).
# Postal rules: JP "ddd" 3-digit prefix; US "ddd" zip3; DE "dd" prefix; FR "dd" department;
# AU "lo-hi" range; CA "X" first FSA letter; GB "|"-separated outward codes.
# --------------------------------------------------------------------------------------------

_JP_GEO: list[tuple[str, str, str, str, float]] = [
    ("東京都", "千代田区", "100|101|102", "3", 1.0), ("東京都", "新宿区", "160|161|169", "3", 3.0),
    ("東京都", "渋谷区", "150|151", "3", 2.0), ("東京都", "世田谷区", "154|156|157|158", "3", 8.0),
    ("東京都", "練馬区", "176|177|178|179", "3", 6.5), ("東京都", "大田区", "143|144|145|146", "3", 6.5),
    ("東京都", "江戸川区", "132|133|134", "3", 6.0), ("東京都", "足立区", "120|121|123", "3", 6.0),
    ("東京都", "杉並区", "166|167|168", "3", 5.0), ("東京都", "品川区", "140|141|142", "3", 3.5),
    ("東京都", "港区", "105|106|107|108", "3", 2.5), ("東京都", "八王子市", "192|193", "42", 5.0),
    ("東京都", "町田市", "194|195", "42", 4.0),
    ("神奈川県", "横浜市西区", "220", "45", 1.0), ("神奈川県", "横浜市港北区", "222|223", "45", 3.5),
    ("神奈川県", "横浜市青葉区", "225|227", "45", 3.0), ("神奈川県", "川崎市中原区", "211", "44", 2.5),
    ("神奈川県", "相模原市中央区", "252", "42", 2.7), ("神奈川県", "藤沢市", "251", "466", 4.4),
    ("大阪府", "大阪市北区", "530|531", "6", 1.4), ("大阪府", "大阪市中央区", "540|541|542", "6", 1.0),
    ("大阪府", "堺市堺区", "590|591", "72", 8.0), ("大阪府", "豊中市", "560|561", "6", 4.0),
    ("大阪府", "東大阪市", "577|578", "6", 4.8),
    ("愛知県", "名古屋市中区", "460", "52", 1.0), ("愛知県", "名古屋市千種区", "464", "52", 1.6),
    ("愛知県", "豊田市", "470|471|473", "565", 4.2), ("愛知県", "岡崎市", "444", "564", 3.8),
    ("北海道", "札幌市中央区", "060|064", "11", 2.5), ("北海道", "札幌市北区", "001|002", "11", 2.9),
    ("北海道", "旭川市", "070|071|078", "166", 3.3), ("北海道", "函館市", "040|041", "138", 2.5),
    ("福岡県", "福岡市博多区", "812", "92", 2.4), ("福岡県", "福岡市中央区", "810", "92", 2.0),
    ("福岡県", "北九州市小倉北区", "802|803", "93", 1.8),
    ("埼玉県", "さいたま市大宮区", "330", "48", 1.2), ("埼玉県", "川口市", "332|333", "48", 6.0),
    ("埼玉県", "川越市", "350", "49", 3.5),
    ("千葉県", "千葉市中央区", "260", "43", 2.1), ("千葉県", "船橋市", "273|274", "47", 6.4),
    ("千葉県", "柏市", "277", "4", 4.3),
    ("兵庫県", "神戸市中央区", "650|651", "78", 1.4), ("兵庫県", "姫路市", "670|671|672", "79", 5.3),
    ("兵庫県", "西宮市", "662|663", "798", 4.8),
    ("京都府", "京都市中京区", "604", "75", 1.1), ("京都府", "京都市左京区", "606", "75", 1.7),
    ("宮城県", "仙台市青葉区", "980|981", "22", 3.1), ("広島県", "広島市中区", "730", "82", 1.4),
    ("静岡県", "静岡市葵区", "420", "54", 2.5), ("静岡県", "浜松市中央区", "430|432", "53", 5.9),
    ("新潟県", "新潟市中央区", "950|951", "25", 1.8), ("岡山県", "岡山市北区", "700", "86", 3.0),
    ("熊本県", "熊本市中央区", "860|862", "96", 1.9), ("鹿児島県", "鹿児島市", "890|891|892", "99", 5.9),
    ("沖縄県", "那覇市", "900|902", "98", 3.2), ("長野県", "長野市", "380|381", "26", 3.7),
    ("茨城県", "水戸市", "310", "29", 2.7), ("栃木県", "宇都宮市", "320|321", "28", 5.2),
    ("群馬県", "前橋市", "371", "27", 3.3), ("群馬県", "高崎市", "370", "27", 3.7),
    ("岐阜県", "岐阜市", "500|501", "58", 4.0), ("三重県", "津市", "514", "59", 2.7),
    ("滋賀県", "大津市", "520", "77", 3.4), ("奈良県", "奈良市", "630|631", "742", 3.5),
    ("石川県", "金沢市", "920|921", "76", 4.6), ("富山県", "富山市", "930|939", "76", 4.1),
    ("愛媛県", "松山市", "790|791", "89", 5.0), ("香川県", "高松市", "760|761", "87", 4.2),
    ("長崎県", "長崎市", "850|851", "95", 4.0), ("大分県", "大分市", "870", "97", 4.7),
]

_US_GEO: list[tuple[str, str, str, str, float]] = [
    ("NY", "New York", "100|101|102", "212", 8.0), ("NY", "Brooklyn", "112", "718", 6.0),
    ("CA", "Los Angeles", "900|913", "213", 9.0), ("CA", "San Francisco", "941", "415", 4.0),
    ("CA", "San Diego", "921", "619", 4.0), ("IL", "Chicago", "606", "312", 6.0),
    ("TX", "Houston", "770", "713", 5.0), ("TX", "Dallas", "752", "214", 3.0),
    ("TX", "Austin", "787", "512", 3.0), ("AZ", "Phoenix", "850", "602", 3.5),
    ("PA", "Philadelphia", "191", "215", 3.5), ("WA", "Seattle", "981", "206", 3.0),
    ("MA", "Boston", "021", "617", 2.5), ("FL", "Miami", "331", "305", 2.5),
    ("GA", "Atlanta", "303", "404", 2.5), ("CO", "Denver", "802", "303", 2.5),
    ("OR", "Portland", "972", "503", 2.0), ("MN", "Minneapolis", "554", "612", 1.5),
    ("MI", "Detroit", "482", "313", 2.0), ("TN", "Nashville", "372", "615", 2.0),
]
_GB_GEO: list[tuple[str, str, str, str, float]] = [
    ("England", "London", "SW1A|SE1|E1|N1|W2|NW3|EC1V|SW11|E14|SE15", "20", 9.0),
    ("England", "Manchester", "M1|M4|M14|M20", "161", 3.0),
    ("England", "Birmingham", "B1|B5|B15|B29", "121", 3.0), ("England", "Leeds", "LS1|LS6|LS17", "113", 2.0),
    ("England", "Liverpool", "L1|L8|L17", "151", 1.5), ("England", "Bristol", "BS1|BS8|BS6", "117", 1.5),
    ("Scotland", "Edinburgh", "EH1|EH3|EH10", "131", 1.5), ("Scotland", "Glasgow", "G1|G12|G41", "141", 2.0),
    ("Wales", "Cardiff", "CF10|CF24", "29", 1.0), ("Northern Ireland", "Belfast", "BT1|BT9", "28", 1.0),
    ("England", "Sheffield", "S1|S10|S11", "114", 1.5), ("England", "Nottingham", "NG1|NG7", "115", 1.0),
]
_DE_GEO: list[tuple[str, str, str, str, float]] = [
    ("Berlin", "Berlin", "10|12|13", "30", 9.0), ("Hamburg", "Hamburg", "20|21|22", "40", 5.0),
    ("Bayern", "München", "80|81", "89", 4.0), ("Nordrhein-Westfalen", "Köln", "50|51", "221", 3.0),
    ("Hessen", "Frankfurt am Main", "60|65", "69", 2.0), ("Baden-Württemberg", "Stuttgart", "70", "711", 2.0),
    ("Nordrhein-Westfalen", "Düsseldorf", "40", "211", 2.0), ("Sachsen", "Leipzig", "04", "341", 2.0),
    ("Sachsen", "Dresden", "01", "351", 2.0), ("Niedersachsen", "Hannover", "30", "511", 1.5),
    ("Bayern", "Nürnberg", "90", "911", 1.5), ("Bremen", "Bremen", "28", "421", 1.0),
]
_FR_GEO: list[tuple[str, str, str, str, float]] = [
    ("Île-de-France", "Paris", "75", "1", 9.0), ("Auvergne-Rhône-Alpes", "Lyon", "69", "4", 3.0),
    ("Provence-Alpes-Côte d'Azur", "Marseille", "13", "4", 3.5), ("Occitanie", "Toulouse", "31", "5", 2.0),
    ("Provence-Alpes-Côte d'Azur", "Nice", "06", "4", 1.5), ("Pays de la Loire", "Nantes", "44", "2", 1.5),
    ("Grand Est", "Strasbourg", "67", "3", 1.2), ("Occitanie", "Montpellier", "34", "4", 1.2),
    ("Nouvelle-Aquitaine", "Bordeaux", "33", "5", 1.2), ("Hauts-de-France", "Lille", "59", "3", 1.0),
]
_AU_GEO: list[tuple[str, str, str, str, float]] = [
    ("NSW", "Sydney", "2000-2234", "2", 9.0), ("VIC", "Melbourne", "3000-3207", "3", 8.0),
    ("QLD", "Brisbane", "4000-4179", "7", 4.5), ("WA", "Perth", "6000-6199", "8", 3.5),
    ("SA", "Adelaide", "5000-5199", "8", 2.5), ("ACT", "Canberra", "2600-2620", "2", 1.0),
    ("TAS", "Hobart", "7000-7099", "3", 0.5), ("QLD", "Gold Coast", "4217-4230", "7", 1.0),
]
_CA_GEO: list[tuple[str, str, str, str, float]] = [
    ("ON", "Toronto", "M", "416", 9.0), ("QC", "Montréal", "H", "514", 6.0),
    ("BC", "Vancouver", "V", "604", 4.0), ("AB", "Calgary", "T", "403", 2.5),
    ("AB", "Edmonton", "T", "780", 2.0), ("ON", "Ottawa", "K", "613", 2.0),
    ("MB", "Winnipeg", "R", "204", 1.0), ("QC", "Québec", "G", "418", 1.0),
    ("NS", "Halifax", "B", "902", 0.6), ("ON", "Hamilton", "L", "905", 1.0),
]

COUNTRIES = ["JP", "US", "GB", "DE", "FR", "AU", "CA"]
COUNTRY_IDX = {c: i for i, c in enumerate(COUNTRIES)}
CALLING_CODE = {"JP": "81", "US": "1", "GB": "44", "DE": "49", "FR": "33", "AU": "61", "CA": "1"}
WESTERN_COUNTRY_WEIGHTS = {"US": 0.40, "GB": 0.20, "DE": 0.12, "FR": 0.10, "AU": 0.10, "CA": 0.08}

# How a country is typed in the `country` column (weights).
COUNTRY_SPELLINGS: dict[str, list[tuple[str, float]]] = {
    "JP": [("JP", 0.75), ("Japan", 0.10), ("日本", 0.10), ("JPN", 0.03), ("japan", 0.02)],
    "US": [("US", 0.70), ("USA", 0.12), ("United States", 0.12), ("U.S.", 0.03), ("us", 0.03)],
    "GB": [("GB", 0.65), ("UK", 0.15), ("United Kingdom", 0.15), ("England", 0.05)],
    "DE": [("DE", 0.70), ("Germany", 0.15), ("Deutschland", 0.15)],
    "FR": [("FR", 0.75), ("France", 0.25)],
    "AU": [("AU", 0.75), ("Australia", 0.22), ("AUS", 0.03)],
    "CA": [("CA", 0.75), ("Canada", 0.25)],
}

# Email providers: (domain, weight) per country.
EMAIL_DOMAINS: dict[str, list[tuple[str, float]]] = {
    "JP": [("gmail.com", 35), ("yahoo.co.jp", 25), ("docomo.ne.jp", 10), ("ezweb.ne.jp", 6),
           ("softbank.ne.jp", 5), ("icloud.com", 10), ("outlook.jp", 4), ("hotmail.co.jp", 3),
           ("nifty.com", 2)],
    "US": [("gmail.com", 45), ("yahoo.com", 15), ("outlook.com", 8), ("hotmail.com", 10),
           ("icloud.com", 10), ("aol.com", 5), ("comcast.net", 4), ("protonmail.com", 3)],
    "GB": [("gmail.com", 40), ("hotmail.co.uk", 15), ("yahoo.co.uk", 10), ("outlook.com", 10),
           ("btinternet.com", 10), ("icloud.com", 10), ("sky.com", 5)],
    "DE": [("gmail.com", 25), ("web.de", 25), ("gmx.de", 25), ("t-online.de", 10),
           ("outlook.de", 5), ("icloud.com", 5), ("yahoo.de", 5)],
    "FR": [("gmail.com", 35), ("orange.fr", 20), ("free.fr", 12), ("hotmail.fr", 12),
           ("laposte.net", 8), ("sfr.fr", 8), ("icloud.com", 5)],
    "AU": [("gmail.com", 40), ("bigpond.com", 20), ("outlook.com", 10), ("hotmail.com", 10),
           ("icloud.com", 15), ("optusnet.com.au", 5)],
    "CA": [("gmail.com", 45), ("hotmail.com", 12), ("outlook.com", 10), ("yahoo.ca", 10),
           ("rogers.com", 8), ("shaw.ca", 5), ("icloud.com", 10)],
}
# Providers where the generator may add "+tag" sub-addresses (the provider ignores the tag).
SUBADDRESS_DOMAINS = [
    "gmail.com", "googlemail.com", "outlook.com", "outlook.jp", "outlook.de", "hotmail.com",
    "hotmail.co.uk", "hotmail.fr", "hotmail.co.jp", "icloud.com", "protonmail.com",
]
# Providers that ignore dots in the local part.
DOTLESS_DOMAINS = ["gmail.com", "googlemail.com"]
# Common misspelt domains typed by people/agents (domain typo noise).
DOMAIN_TYPOS: dict[str, list[str]] = {
    "gmail.com": ["gmial.com", "gmai.com", "gmail.co", "gmall.com", "gnail.com"],
    "yahoo.co.jp": ["yahoo.co.jo", "yaho.co.jp", "yahoo.cojp"],
    "yahoo.com": ["yahooo.com", "yaho.com"], "hotmail.com": ["hotmial.com", "hotmal.com"],
    "outlook.com": ["outlok.com", "outllook.com"], "icloud.com": ["iclod.com", "icloud.co"],
    "docomo.ne.jp": ["docomo.ne.jo", "docomo.co.jp"], "web.de": ["web.d", "wbe.de"],
    "gmx.de": ["gmx.d", "gxm.de"], "orange.fr": ["orange.fe", "ornage.fr"],
}

PLUS_TAGS = ["shop", "news", "promo", "store", "2024", "spam", "deals", "c360"]

# Products: category -> (English name stems, Japanese name stems).
CATEGORIES: dict[str, tuple[list[str], list[str]]] = {
    "apparel": (["T-Shirt", "Hoodie", "Jeans", "Jacket", "Dress", "Socks", "Sweater", "Scarf"],
                ["Tシャツ", "パーカー", "ジーンズ", "ジャケット", "ワンピース", "靴下", "セーター", "マフラー"]),
    "shoes": (["Sneakers", "Boots", "Sandals", "Loafers", "Running Shoes"],
              ["スニーカー", "ブーツ", "サンダル", "ローファー", "ランニングシューズ"]),
    "beauty": (["Face Cream", "Lipstick", "Shampoo", "Serum", "Sunscreen", "Perfume"],
               ["フェイスクリーム", "口紅", "シャンプー", "美容液", "日焼け止め", "香水"]),
    "home": (["Mug", "Towel Set", "Candle", "Cushion", "Lamp", "Tea Set"],
             ["マグカップ", "タオルセット", "キャンドル", "クッション", "ランプ", "ティーセット"]),
    "food": (["Green Tea", "Coffee Beans", "Chocolate Box", "Rice Crackers", "Olive Oil"],
             ["緑茶", "コーヒー豆", "チョコレート", "せんべい", "オリーブオイル"]),
    "electronics": (["Earbuds", "Charger", "Power Bank", "Smart Watch", "Speaker"],
                    ["イヤホン", "充電器", "モバイルバッテリー", "スマートウォッチ", "スピーカー"]),
    "outdoor": (["Backpack", "Water Bottle", "Tent", "Rain Jacket", "Cap"],
                ["リュック", "水筒", "テント", "レインジャケット", "キャップ"]),
}
COLOURS = ["Black", "White", "Navy", "Red", "Grey", "Beige", "Green", "Blue"]

SUPPORT_SUBJECTS_EN = [
    "Where is my order?", "Refund request", "Change delivery address", "Damaged item",
    "Cannot log in", "Loyalty points missing", "Cancel my order", "Wrong size",
    "Update my email address", "Unsubscribe me", "Question about product", "Invoice request",
]
SUPPORT_SUBJECTS_JP = [
    "注文した商品が届かない", "返金について", "配送先住所の変更", "商品の破損",
    "ログインできません", "ポイントが反映されていない", "注文のキャンセル", "サイズ交換",
    "メールアドレス変更", "配信停止希望", "商品についての質問", "領収書の発行",
]


@dataclass(frozen=True)
class NamePool:
    """Names of one kind; `values` and aligned extra columns, sampled with `weights`."""

    values: pl.Series
    weights: np.ndarray
    kana: pl.Series | None = None
    romaji: pl.Series | None = None

    def __len__(self) -> int:
        return len(self.values)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.choice(len(self.values), size=n, p=self.weights).astype(np.int32)


@dataclass(frozen=True)
class Geo:
    """Flattened city table for one country."""

    country: str
    region: list[str]
    city: list[str]
    postal_rule: list[str]
    area_code: list[str]
    weights: np.ndarray


@dataclass(frozen=True)
class Pools:
    jp_last: NamePool
    jp_first_m: NamePool
    jp_first_f: NamePool
    west_first_m: dict[str, NamePool]
    west_first_f: dict[str, NamePool]
    west_last: dict[str, NamePool]
    streets: dict[str, pl.Series]
    jp_towns: pl.Series
    jp_buildings: pl.Series
    geo: dict[str, Geo]
    nick_from: pl.Series  # formal names that have nicknames, repeated once per nickname
    nick_to: pl.Series


def _norm(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=np.float64)
    return w / w.sum()


def _jp_pool(pairs: list[tuple[str, str, str]], weights: list[float]) -> NamePool:
    seen: dict[str, int] = {}
    k, kn, ro, ws = [], [], [], []
    for (kanji, kana, romaji), w in zip(pairs, weights):
        if kanji in seen:
            continue
        seen[kanji] = 1
        k.append(kanji)
        kn.append(kana)
        ro.append(_ROMAJI_FIX.get(kana, romaji))
        ws.append(w)
    return NamePool(pl.Series(k, dtype=pl.String), _norm(np.array(ws)),
                    pl.Series(kn, dtype=pl.String), pl.Series(ro, dtype=pl.String))


def _faker_counts(values: list[str]) -> NamePool:
    uniq, counts = np.unique(np.array(values, dtype=object), return_counts=True)
    return NamePool(pl.Series([str(u) for u in uniq], dtype=pl.String), _norm(counts))


_FAKER_LOCALE = {"US": "en_US", "GB": "en_GB", "DE": "de_DE", "FR": "fr_FR", "AU": "en_AU",
                 "CA": "en_CA"}


def _geo(country: str, rows: list[tuple[str, str, str, str, float]]) -> Geo:
    return Geo(country, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
               [r[3] for r in rows], _norm(np.array([r[4] for r in rows])))


@lru_cache(maxsize=1)
def build_pools() -> Pools:
    """Build all pools (a second or two; cached per process).  Independent of the run seed."""
    from faker import Faker
    from faker.providers.address.ja_JP import Provider as JaAddress
    from faker.providers.person.ja_JP import Provider as JaPerson

    last_pairs = list(JaPerson.last_name_pairs.keys())
    last_w = [float(v) for v in JaPerson.last_name_pairs.values()]
    # curated surnames: Zipf-like weights below the Faker top-55
    last_pairs += _JP_LAST_EXTRA
    last_w += [52000.0 * (0.985 ** i) for i in range(len(_JP_LAST_EXTRA))]
    jp_last = _jp_pool(last_pairs, last_w)
    male = list(JaPerson.first_name_male_pairs) + _JP_MALE_EXTRA
    female = list(JaPerson.first_name_female_pairs) + _JP_FEMALE_EXTRA
    jp_first_m = _jp_pool(male, [1.0] * len(male))
    jp_first_f = _jp_pool(female, [1.0] * len(female))

    west_first_m: dict[str, NamePool] = {}
    west_first_f: dict[str, NamePool] = {}
    west_last: dict[str, NamePool] = {}
    streets: dict[str, pl.Series] = {}
    for i, (country, loc) in enumerate(_FAKER_LOCALE.items()):
        f = Faker(loc)
        f.seed_instance(1000 + i)
        west_first_m[country] = _faker_counts([f.first_name_male() for _ in range(2500)])
        west_first_f[country] = _faker_counts([f.first_name_female() for _ in range(2500)])
        west_last[country] = _faker_counts([f.last_name() for _ in range(3500)])
        streets[country] = pl.Series(sorted({f.street_name() for _ in range(700)}), dtype=pl.String)
    towns = pl.Series(sorted(set(JaAddress.towns)), dtype=pl.String)
    buildings = pl.Series(sorted(set(JaAddress.building_names)), dtype=pl.String)

    geo = {
        "JP": _geo("JP", _JP_GEO), "US": _geo("US", _US_GEO), "GB": _geo("GB", _GB_GEO),
        "DE": _geo("DE", _DE_GEO), "FR": _geo("FR", _FR_GEO), "AU": _geo("AU", _AU_GEO),
        "CA": _geo("CA", _CA_GEO),
    }
    nf, nt = [], []
    for formal, nicks in NICKNAMES.items():
        for n in nicks:
            nf.append(formal)
            nt.append(n)
    return Pools(jp_last, jp_first_m, jp_first_f, west_first_m, west_first_f, west_last, streets,
                 towns, buildings, geo, pl.Series(nf, dtype=pl.String), pl.Series(nt, dtype=pl.String))
