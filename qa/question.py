"""What a question asks for: its kind (a number, a date, a person…) and where its wh-word sits.

The kind decides which sentences can answer (a count needs a number) and which spans are short
answers; the words around the wh-word anchor the span (二七区有[几家]三甲医院 → the text between
"二七区有" and "三甲医院" in the sentence). Matching is done in the normalised view, so Traditional
questions are analysed like Simplified ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.normalize import cjk_share, normalize

# 几 asks "how many" except inside words that are not questions: 几乎, 几何, 几近, 几经, 几度, 好几次 (几十人 and
# 几百辆 still ask for a count).
_JI = r"(?<![好未哪])几(?![乎何近经度])"  # 哪几 asks which ones: a list
# First match wins: 几月 is a date before it is a number, 哪些 a list before a "which".
_KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    ("date", r"何时|何年|什么时[候间]|哪一?年|哪一?天|哪[个一]?(?:时期|年代|朝代|世纪)|几月|几号|几日|"
             r"几年级?(?=[?？]?$)|\bwhen\b|what (?:year|date|time)|which year"),
    ("number", _JI + r"|多少|多大|多长|多高|多重|多远|多久|多深|多宽|多快|\bhow (?:many|much|long|old|far|big)\b|"
               r"number of|percentage|\bwhat (?:is|was|are|were) the (?:total |combined |average |annual )?"
               r"(?:floor |building |land )?(?:area|length|height|population|amount|output|capacity|distance)\b"),
    ("person", r"谁|哪位|哪一位|什么人|哪个人|哪些人|\bwho(?:m|se)?\b|"
               r"\b(?:which|what) (?:\w+ ){0,2}(?:director|official|mayor|chief|secretary|chairman|chairwoman|"
               r"president|manager|spokesperson|spokesman|officer|minister|governor|judge|commissioner)\b|"
               r"(?:员|长|师|主任|书记|主席|经理|总监|人|者)(?:叫什么(?:名字)?|的名字是什么|姓什么|的姓名)"),
    ("place", r"哪里|哪儿|何处|何地|什么地方|哪个(?:国家|城市|地方|省|地区)|哪国|哪座|哪省|哪[个一]?地|\bwhere\b"),
    ("list", r"哪些|哪几|有什么|包括什么|包含什么|分别是|\b(?:which|what) (?:two|three|four|five|six|seven|several)\b"),
    ("reason", r"为什么|为何|为啥|什么原因|原因是|\bwhy\b"),
    ("how", r"如何|怎样|怎么|\bhow\b"),
    ("which", r"哪|\bwhich\b"),
    ("what", r"什么|何|\bwhat\b"),
    ("yesno", r"吗[?？]?$|是否|^(?:is|are|was|were|does|did|do|can|has|have)\b"),
)
_KIND_RE = [(kind, re.compile(pattern)) for kind, pattern in _KIND_PATTERNS]
# The wh-expression a span replaces, longest first so 什么时候 wins over 什么.
_WH = re.compile(
    r"什么时候|什么时间|什么地方|哪个(?:国家|城市|地方|时期|朝代|省|地区)|哪一?[个座种家位部所条间门国年天项次支队本首种类件届份篇张场期批轮处只台辆架艘]|什么人|什么样的?|为什么|哪一年|哪一天|哪一位|哪一个|哪一种|哪一|哪个|哪位|哪些|"
    r"哪里|哪儿|哪几|哪种|哪国|哪年|多少|多[大长高重远久深宽快]|第几[个家名位项次年月日天人元种所座条起岁届期批轮代]?|"
    r"(?<![好未])几(?![乎何近经度])[个家名位项次年月日天人元种所座条起岁届]?|谁|何时|何年|何地|何处|为何|如何|"
    r"怎样|怎么|什么|哪|何"
)


# The measure word a count asks for: 几[家] 三甲医院, 多少[名] 代表; the answer is a numeral with it (9家).
_MEASURE = re.compile(r"(?:(?<!哪)几|多少)"
                      r"([个家名位项次年天人元种所座条起岁届间件台辆架艘只张篇期户层倍场部首本套栋处亩趟列盏])")


@dataclass(frozen=True)
class Question:
    """A question in the normalised view, its kind, and the context left and right of its wh-word."""

    text: str
    norm: str
    kind: str
    left: str
    right: str
    chinese: bool
    measure: str = ""
    quantity: str = ""
    terms: tuple[str, ...] = ()  # the Chinese terms a question in another language is matched through
    places: tuple[tuple[str, ...], ...] = ()  # …and the places it names, as Chinese spellings (Bridge.places)
    counted: tuple[str, ...] = ()  # …and the Chinese terms of what "how many" counts (易涝: waterlogging-prone spots)


def question_kind(norm: str) -> str:
    """The first kind whose pattern matches the normalised question, else "other"."""
    return next((kind for kind, pattern in _KIND_RE if pattern.search(norm)), "other")


def analyse(question: str) -> Question:
    """Kind and wh-anchors of a question (anchors are empty for non-Chinese questions)."""
    norm = normalize(question)
    chinese = cjk_share(question) >= 0.3
    left = right = ""
    match = _WH.search(norm) if chinese else None
    if match:
        left = _strip_edges(norm[: match.start()])
        right = _strip_edges(norm[match.end() :])
    measure = _MEASURE.search(norm) if chinese else None
    kind = question_kind(norm)
    return Question(question, norm, kind, left, right, chinese, measure.group(1) if measure else "",
                    asked_quantity(norm, kind, chinese))


# A count whose unit the question implies or names: money (多少财政预算, 营业额是多少, 多少亿元), an age
# (多大年纪), a share (成功率是多少). Share comes first: 相差百分之多少 asks a share of an 产值. In English the
# words are specific enough to stand without a count kind ("What was the total investment value…").
_QUANTITY: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("percent",
     re.compile(r"百分之|百分比|百分点|比例|比率|占比|几成|多少成|[功长生亡业胀过盖中利税]率"),
     re.compile(r"\bpercent(?:age)?\b|\bper cent\b|\bproportion\b|\bwhat (?:\w+ )?rate\b")),
    ("money",
     re.compile(r"多少钱|(?:多少|几)[十百千万亿]*[美日欧英港澳台韩]?元|金额|预算|投资额|资金|营业额|营收|收入|利润|产值|总值|价格|售价|票价|费用|成本|工资|薪[水资酬]|"
                r"税收|销售额|拨款|补贴|奖金|融资|市值|身价|造价|经费|赔偿|罚款|捐款|花费|耗资"),
     re.compile(r"\bhow much (?:money|did \w+ (?:cost|pay|spend|invest))|\b(?:what|how much)\b.*\b(?:budget|cost|price|"
                r"revenue|investment|income|profit|salary|funding|turnover)\b|\bhow much\b.*\bworth\b")),
    ("age",
     re.compile(r"多大年纪|多大岁数|年龄|几岁|多少岁"),
     re.compile(r"\bhow old\b|\b(?:at )?what age\b")),
)


# How much a sum changed or is to change (生产总值增长多少, 增长目标是多少, By how much did revenue grow?) is
# stated as a sum or as a share.
_CHANGE = re.compile(r"增长|增加|减少|下降|降低|提高|上涨|上升|下跌|回落|增速|增幅|涨幅|降幅|[增降涨跌]了?(?:多少|几)"
                     r"|比.{0,12}?[高低多少快慢大小]了?(?:多少|几)")  # 比去年同期高了多少: a difference
_CHANGE_EN = re.compile(r"\bby how much\b|\bhow much did\b.*\b(?:grow|rise|increase|fall|drop|decline|decrease)\b")


# How a sentence states each implied amount (Question.quantity), in Chinese or English.
_STATES = {
    "money": re.compile(r"元|圆|美金|镑|法郎|卢布|马克|块钱|[$￥¥€£]|\b(?:dollars?|yuan|euros?|pounds?|rmb|usd)\b",
                        re.I),
    "age": re.compile(r"岁|享年|年仅|出生|生于|诞生|年龄|高龄|\byears? old\b|\baged?\b", re.I),
    "percent": re.compile(r"%|％|分之|比|[一二三四五六七八九十\d]成|倍|\bper ?cent\b|\bhalf\b|\bquarter\b|\bthird\b",
                          re.I),
}


def states_quantity(quantity: str, text: str) -> bool:
    """Does the sentence state an amount of the kind the question implies (a sum for 财政预算, 岁 for 年纪)?"""
    return not quantity or _STATES[quantity].search(normalize(text)) is not None


def asks_change(question: Question) -> bool:
    """Does a how-much question ask by how much something changed (增长了多少, by how much did…)? Its answer may
    well be a share."""
    return bool(_CHANGE.search(question.norm) if question.chinese else _CHANGE_EN.search(question.norm.lower()))


def asked_quantity(norm: str, kind: str, chinese: bool) -> str:
    """"money", "age", "percent" or "": the kind of amount a question asks for by implication."""
    for name, zh, en in _QUANTITY:
        if (kind == "number" and zh.search(norm)) if chinese else en.search(norm.lower()):
            changed = _CHANGE.search(norm) if chinese else _CHANGE_EN.search(norm.lower())
            return "" if name == "money" and changed else name
    return ""


def _strip_edges(text: str) -> str:
    """Drop punctuation and filler at the anchor's ends: 是/的/了/呢/吗 and the question mark."""
    text = re.sub(r"^[\s,，:：是的为在了]+", "", text)
    return re.sub(r"[\s?？!！。,，呢吗了的是]+$", "", text)
