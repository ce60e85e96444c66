"""Places: which a text names, and whether a sentence speaks of the place a question asks about.

News reports like facts for neighbouring districts in like words (城东区 and 城西区 both stock sandbags), so
a sentence that shares every other word with the question may be about another place. A fact holds for the
place it names, or, when it names none, for the place its article's title names; a place named only to place
another (与南湖区相邻的北湖区) does not count, and a district's name without its rank (成纪 for 成纪县) does.
"""

from __future__ import annotations

import re

from qa.normalize import CJK_CHAR, normalize
from qa.question import Question
from qa.span import aligned_norm
from qa.words import Word, words

ADMIN = "省市县区州镇乡村国"  # the last character of an administrative place name (河南省, 郑州市)
ADMIN_END = "省市县区州镇乡"  # … of one the segmenter may miss (金水区); 村 and 国 end many other words

# The kinds of question whose answer holds for the place they name: a count (北京有几家三甲医院), a holder
# (郑州市委书记是谁), a date, a thing. Left out, by their firing on answerable training questions: which-one
# and where questions, whose sentences often leave the place to their article (its name, abbreviated).
_PLACE_BOUND = ("number", "person", "date", "what")


# Words ending in 区 that are areas, not districts: 晋中地区 is no rival of 榆次区.
_AREAS = ("地区", "专区", "社区", "小区", "园区", "景区", "城区", "市区", "山区", "矿区", "片区", "辖区", "新区")
# A place named only to place another (与南湖区相邻的北湖区, 与郑州相比): the fact is the other's.
_REFERENCE = re.compile(r"(?:与|和|同|跟)[^，,。；;、]{2,10}?(?:相邻|接壤|毗邻|相比|一样|类似)的?")


def place_unnamed(question: Question, sentence: str, title: str = "", lead: str = "") -> bool:
    """Does a question about a named place (北京有几家三甲医院, 郑州市委书记是谁) meet a sentence that names
    another place but not that one, nor does its article's title or lead (二七区…已有9家三甲医院; 二七区委书记樊惠林
    under a title about 二七区; 市中级法院受理案件9630件 in an article opening 澄岭市中级人民法院召开…)? A fact holds
    for the place it names."""
    return bool(_place_unnamed(question, sentence, title, lead=lead))


def rival_place(question: Question, sentence: str, title: str = "") -> str:
    """The district, city… asked about, when the sentence names another of the same rank in its place (高雄市
    asked; 台中市…新設巷弄長照站38處 in an article about 高雄市); else ""."""
    return _place_unnamed(question, sentence, title, rivals_only=True)


def _place_unnamed(question: Question, sentence: str, title: str = "", rivals_only: bool = False,
                   lead: str = "") -> str:
    """The first spelling of an asked place the sentence leaves out for another (see ``place_unnamed``)."""
    if question.kind not in _PLACE_BOUND:
        return ""
    if question.chinese:
        asked_in = question.norm
    else:  # an English question's places are the Chinese terms it is matched through (Zhengzhou: 郑州)
        asked_in = " ".join(t for t in question.terms if t not in _NO_PLACE)
    # Each asked place with its spellings: one for a Chinese question's, several for an English
    # question's place named by pinyin and rank (Jinshui District: 金水区, or none the corpus has).
    asked = {(p,) for p in named_places(asked_in) | ranked_names(asked_in) if len(p) >= 2} | set(question.places)
    norm, title, lead = _REFERENCE.sub("", aligned_norm(sentence)), normalize(title), normalize(lead)
    likes = {o for spellings in asked for p in spellings for o in like_places(norm, p)}
    others = {p for p in named_places(norm) | named_places(title) | likes
              if len(p) >= 2 and p not in asked_in and not any(p in spellings for spellings in asked)}
    # 管城区 is the usual short form of 管城回族区: a name named with a longer rank counts as named. The title
    # names the place of a sentence that names none of the same rank (与南湖区相邻的北湖区… under a title
    # about 南湖区 is about 北湖区).
    # A figure for the whole city (全市) is no figure for one of its towns or districts asked about.
    others |= {w for w in _WHOLE if w in norm and any(_within(p, w) for spellings in asked for p in spellings)}
    in_sentence = named_places(norm) | likes
    # the sentence names none of the places asked about, but one of the same rank as this one
    none_asked = not any(p in norm for spellings in asked for p in spellings)

    def rival(p: str) -> bool:
        return none_asked and len(p) >= 3 and p[-1] in ADMIN_END and not p.endswith(_AREAS) and any(
            len(o) >= 3 and o[-1] == p[-1] and o not in p and p not in o for o in in_sentence)

    # A place is also named by its name without its rank, as a word (成纪 for 成纪县; not 金水 in 金水源司法所).
    short_words = {norm[w.start : w.end] for w in words(norm)}
    missing = {spellings for spellings in asked if not any(
        p in norm or _short_form(p) in short_words or (p in title or p in lead) and not rival(p)
        or len(p) >= 3 and any(o.startswith(p[:-1]) and o[-1] == p[-1] for o in others)
        for p in spellings)}
    if not missing or not others:
        return ""
    # One asked place named is enough, unless the one left out is a district, city… and another of the
    # same rank stands in its place (中原区 asked, 二七区 named, 河南省 in both).
    ranked = [p for p in (spellings[0] for spellings in sorted(missing))
              if len(p) >= 3 and p[-1] in ADMIN_END and any(len(o) >= 3 and o[-1] == p[-1] for o in others)]
    if rivals_only:
        return next((p for p in ranked if rival(p)), "")
    return ranked[0] if ranked else (sorted(missing)[0][0] if missing == asked else "")


_WHOLE = ("全国", "全省", "全市", "全县", "全区")
# Terms of an English question's common nouns that name no one place (the city: 城市; the country: 国家).
_NO_PLACE = frozenset(("城市", "城镇", "国家", "农村", "乡村", "地区", "省份", "县城", "首都", "乡镇"))
_BELOW = {"国": "省市县区州镇乡村", "省": "市县区州镇乡村", "市": "县区镇乡村", "县": "镇乡村", "区": "镇乡村"}


def _within(place: str, whole: str) -> bool:
    """Is a place of that name a part of such a whole (清泉镇 of 全市; not 郑州市 of 全市)?"""
    return len(place) >= 3 and place[-1] in _BELOW[whole[-1]]


_RANKED_NAME = re.compile(r"(?=([\u4e00-\u9fff]{2}[区县市镇乡]))")
_NOT_A_NAME = ("全", "本", "该", "各", "每", "我", "其", "此")
# Characters no such name holds before its rank: question words, particles, ranks (省及县, 第几区, 的城市, 用来区).
_NOT_IN_NAME = set("什么哪谁几多少吗呢为何怎样如请问是的了有在和与及或第用都来城省市县区镇乡州")


def ranked_names(text: str) -> set[str]:
    """Two characters and a rank starting a word (枫林区, which the segmenter reads as 枫|林区 and never tags); not
    年全市 of 去年全市, nor 本区, 第几区, nor an area (大|景区, 外|城区) unless a character names it (管|城区)."""
    head = {w.start: w for w in words(text)}
    return {m.group(1) for m in _RANKED_NAME.finditer(text)
            if m.start() in head and (_split_city_district(head[m.start()], m.group(1))
                                      if m.group(1).endswith(_AREAS) else _name_like(m.group(1)))}


# What a character before 城区 is when it describes the urban area, not names a district: 大|城区, 外|城区,
# 县|城区 (adjective, pronoun, direction, numeral, measure, adverb, morpheme…), and 内|城区, 老|城区 tagged otherwise.
_AREA_MODIFIER_TAGS = frozenset("abdfmqrtuzp")
_AREA_MODIFIERS = "内外中上下前后大小新老旧主副"


def _split_city_district(head: Word, place: str) -> bool:
    """Is a character the segmenter cuts off 城区 a district's name (管|城区, short for 管城回族区)? Many names of
    districts end in 城 (东城, 鹤城); of the other areas (景区, 地区, 辖区…) a character names none (海|地区)."""
    return (place.endswith("城区") and head.end - head.start == 1 and head.tag[:1] not in _AREA_MODIFIER_TAGS
            and not place.startswith(_NOT_A_NAME) and place[0] not in _NOT_IN_NAME and place[0] not in _AREA_MODIFIERS)


# Words that may stand before a rank without naming a place: 今年|市府, 全|市, 近期|区内.
_NOT_NAME_TAGS = frozenset("tmrdvpcfqau")


def _name_like(place: str) -> bool:
    """Could the characters before the rank name a place? Not question words or particles, and not a word of
    time, number, pronoun… (今年 of 今年市府编列)."""
    if place.startswith(_NOT_A_NAME) or _NOT_IN_NAME.intersection(place[:-1]) or place[-2] in _NOT_A_NAME:
        return False  # (月全市 of 1至8月全市: the whole city, 全市, after a month)
    head = words(place)
    return not (head and head[0].end == len(place) - 1 and head[0].tag[:1] in _NOT_NAME_TAGS)


def like_places(norm: str, place: str, items: bool = False) -> list[str]:
    """Names like a district, county… asked about (same length, same rank) that open a clause of the text, where
    news names the next place reported on: 枫林区 of 松园区…186处；枫林区…152处, which the segmenter splits
    (松|园区) and never tags. With ``items``, also those opening an item of a list (其中汀洲区4处、南渚区6处)."""
    if len(place) < 3 or place[-1] not in ADMIN_END:
        return []
    opens = "[，,；;。：:、]" if items else "[，,；;。：:]"
    like = re.compile(rf"(?:^|{opens}|而|其中|另外|此外|在)([\u4e00-\u9fff]{{{len(place) - 1}}}{place[-1]})")
    return [m.group(1) for m in like.finditer(norm) if place not in m.group(1) and _name_like(m.group(1))]


def _short_form(place: str) -> str:
    """A district's, county's… name without its rank (成纪 of 成纪县); the place itself otherwise."""
    return place[:-1] if len(place) >= 3 and place[-1] in ADMIN_END and not place.endswith(_AREAS) else place


def tagged_places(text: str) -> set[str]:
    """The words the segmenter tags as places (ns): 河南省, but also 城市 and 南北."""
    return {text[w.start : w.end] for w in words(text) if w.tag == "ns"}


_NAME_TAGS = ("ns", "nr", "nrt", "nz", "j")
# A place of an ethnic rank, which the segmenter splits in any of several ways: 管城回族区, 湘西土家族苗族自治州.
_ETHNIC_PLACE = re.compile(r"[\u4e00-\u9fff]{2}(?:[\u4e00-\u9fff]{1,2}族)+(?:自治)?[区县州旗]")


def named_places(text: str) -> set[str]:
    """The places the segmenter tags (ns); the words it does not that end like a district, county or city
    of three characters or more (金水区, which it takes for a common noun); a proper name it splits from
    its rank (惠济|区, 郑东新|区); and a place of an ethnic rank (管城回族区)."""
    ws = words(text)
    found = {text[w.start : w.end] for w in ws if w.tag == "ns" or (
        w.end - w.start >= 3 and text[w.end - 1] in ADMIN_END and w.tag in ("n", "nz", "nr", "j"))}
    for name, rank in zip(ws, ws[1:], strict=False):
        if (rank.end - rank.start == 1 and text[rank.start] in ADMIN_END and name.tag in _NAME_TAGS
                and name.end - name.start >= 2 and CJK_CHAR.match(text[name.start])):
            found.add(text[name.start : rank.end])
    return found | set(_ETHNIC_PLACE.findall(text))
