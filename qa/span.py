"""The short answer: the span of the best sentence that answers the question (e.g. "9家").

Candidates come from three places: the question's wh-anchors (the text of the sentence between the
matched left and right context of the wh-word: 二七区有[几家]三甲医院 in 已有9家三甲医院 gives 9家),
typed pieces (numbers with units, times of day, dates, names in 《》“”「」, parentheses), and the parts of the
sentence's clauses that do not repeat the question (answers rarely repeat question words), and the first
or last few characters of those runs (a name often opens one). A learned ranker (``answer_model.json``,
``span``: linear plus boosted trees) orders them; when the best is not clearly good, or is the whole
sentence anyway, there is no short answer.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from qa.bylines import ASKS_BYLINE, byline_spans
from qa.dates import RELATIVE_YEARS, chinese_numeral
from qa.features import CUES, QUESTION_CHARS, has_measure
from qa.learned import Features, generation, scores, weights
from qa.normalize import CJK_CHAR, normalize
from qa.question import Question, asks_change, states_quantity
from qa.words import FUNCTION_TAGS, NAME_TAGS, Word, words

MAX_SPAN = 60
# News counts with two-character units come first, so 86万人次 keeps 人次 and 1.2万千瓦时 keeps 千瓦时.
UNIT = (r"(?:平方公里|平方千米|平方米|立方米|千瓦时|千米|公里|公顷|千克|公斤|千瓦|兆瓦|光年|小时|分钟|世纪|个月|"
         r"人次|架次|车次|班次|辆次|毫米|厘米|公尺|公分|公升|摄氏度|多万|万|亿|千|百|"
         r"[个家名位项次年月日天人元种所座条起岁倍米吨克%％度届场部集首本册件台辆架艘只头匹张篇期户间层号分秒周股票枚美镑"
         r"处类份季轮段组套幅句栋颗棵株局转节章卷亩℃斤盏趟列])")
_NUMERAL = r"(?:\d+(?:[.,．]\d+)*|[零〇一二三四五六七八九十百千万亿两]+)"
COUNT = rf"{_NUMERAL}(?:多|余)?[万亿]?(?:多|余)?{UNIT}"  # a numeral with its unit: 41家, 10余家, 2.1万户
# Part of a year or month a date may end with: 2025年上半年, 2024年底, 6月下旬.
_DATE_PART = r"(?:上半年|下半年|年初|年中|年底|年末|[上中下]旬|底|初|末)"
_TYPED = re.compile(
    rf"(?P<date>(?:公元前?|民国)?\d{{1,4}}年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?{_DATE_PART}?|\d{{1,2}}月\d{{1,2}}日"
    rf"|\d{{1,2}}月{_DATE_PART}|\d{{2,4}}年代)"
    # a time taken (2小时09分17秒) or of day (11:30) before a plain number; a count of sets after its unit: 236件（套）
    rf"|(?P<number>\d{{1,3}}小时\d{{1,2}}分(?:\d{{1,2}}秒)?|\d{{1,3}}分\d{{1,2}}秒|\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d)"
    rf"|{_NUMERAL}(?:多|余)?(?:万亿|[万亿](?=多?{UNIT}))?(?:多|余)?(?:{UNIT}(?:[（(]套[)）])?)?)"
    r"|(?P<quote>《[^》]{1,40}》|“[^”]{1,40}”|「[^」]{1,40}」|『[^』]{1,40}』)"
    r"|(?P<paren>（[^）]{1,40}）|\([^)]{1,40}\))"
)
_APPROX = re.compile(r"(?:约|近|每|逾|超过|大约|将近|共)$")
_ASKS_YEAR = re.compile(r"哪一?年|何年|what year|which year")
_YEAR = re.compile(r"(?:公元前?|民国)?\d{1,4}年")
_LIST = re.compile(r"[^，,。；;：:！？!?、\s]+(?:、[^，,。；;：:！？!?、\s]+)+")
_QUOTE_RUN = re.compile(r"(?:“[^”]{1,20}”){2,}|(?:「[^」]{1,20}」){2,}")  # names quoted one after another
_ITEM_BREAK = re.compile(r"、|以及|及|和|与")
_LIST_LEAD = re.compile(r".*?(?:包括|包含|分别是|分别为|主要有|有|是|为|即|设置了|设立了|开设了|推出了)")
# The count a list is summed up with after its last item (…和残疾人[三个专区]): not part of the last item.
_LIST_TALLY = re.compile(rf"(?:[一二三四五六七八九十两]|\d+)(?:{UNIT})[^、]{{0,6}}$")
# A comma between digits groups them (2,800米), a colon between them tells the time (11:30): neither breaks.
_COMMA = r"(?<!\d),|,(?!\d{3}(?!\d))"
_COLON = r"(?<!\d):|:(?!\d{2}(?!\d))"
_BREAK = re.compile(rf"{_COMMA}|{_COLON}|[，。；;：、！？!?（）()《》“”「」『』\s]")
_SOFT_BREAK = re.compile(rf"{_COMMA}|[，。；;！？!?]")
_EDGE = "，,。；;：:、！？!?.·\"' 　"
_FILLER = set("是为在于有了的和与及")


@dataclass(frozen=True)
class SpanCandidate:
    start: int
    end: int
    source: str


Ranked = list[tuple[float, SpanCandidate, Features]]  # scored spans, best first, with their features


@lru_cache(maxsize=256)
def aligned_norm(sentence: str) -> str:
    """The normalised view of the sentence with one character per original character."""
    norm = normalize(sentence)
    if len(norm) == len(sentence):
        return norm
    return "".join(n if len(n := normalize(c)) == 1 else c.lower() for c in sentence)


def covered(norm: str, question: Question) -> list[bool]:
    """Characters of the sentence that repeat the question (in a shared bigram, or a shared rare character)."""
    q = question.norm
    bigrams = {q[i : i + 2] for i in range(len(q) - 1)}
    mask = [False] * len(norm)
    for i in range(len(norm) - 1):
        if norm[i : i + 2] in bigrams and not _BREAK.match(norm[i]) and not _BREAK.match(norm[i + 1]):
            mask[i] = mask[i + 1] = True
    return mask


def _anchor(norm: str, question: Question) -> SpanCandidate | None:
    """The text between the longest matched right context and the nearest matched left context before it."""
    left, right = question.left, question.right
    best: tuple[int, int, int] | None = None  # (matched chars, start, end)
    for r_len in range(min(len(right), 12), 0, -1):
        piece = right[:r_len]
        if r_len < min(2, len(right)) or piece not in norm:
            continue
        for r in (m.start() for m in re.finditer(re.escape(piece), norm)):
            l_len, p = _left_match(norm[:r], left)
            if p is None:  # no left context: the clause up to the right context
                l_len, p = 0, max((m.end() for m in _BREAK.finditer(norm, 0, r)), default=0)
            if (best is None or l_len + r_len > best[0]) and r > p:
                best = (l_len + r_len, p, r)
        if best:
            break
    if best is None and len(left) >= 2:
        l_len, p = _left_match(norm, left)
        if p is not None and l_len >= 2:
            p = _likeliest_left(norm, left, l_len, p)
            stop = _SOFT_BREAK.search(norm, p + 1)
            return SpanCandidate(p, stop.start() if stop else len(norm), "anchor_left")
    if best is None:
        return None
    return SpanCandidate(best[1], best[2], "anchor")


_SENTENCE_BREAK = re.compile(r"[。；;！？!?]")


def _likeliest_left(norm: str, left: str, l_len: int, last: int) -> int:
    """Of the places where an end of the left context recurs (…生产总值736.2亿元,同比增长5.8%;…增加值同比增长
    7.3%), the end of the one whose last few characters repeat most of the left context; ties: the longest
    match (``last``, as found by :func:`_left_match`), then the later."""
    ends = {m.end() for n in range(2, l_len + 1) for m in re.finditer(re.escape(left[-n:]), norm)}
    if len(ends) < 2:
        return last

    def shared(end: int) -> tuple[float, bool, int]:
        start = max((m.end() for m in _SENTENCE_BREAK.finditer(norm, 0, end)), default=0)
        return _bigram_share(left, norm[max(start, end - _LEFT_WINDOW) : end]), end == last, end

    return max(ends, key=shared)


_LEFT_WINDOW = 16  # characters before a left-context match that are compared with the question's


def _before_left(norm: str, question: Question) -> SpanCandidate | None:
    """For 'X是…的Y' answers to 'Y是什么': the clause text before the matched left context."""
    if question.right or len(question.left) < 2:
        return None
    l_len, p = _left_match(norm, question.left)
    if p is None or l_len < 2:
        return None
    start = max((m.end() for m in _SOFT_BREAK.finditer(norm, 0, p - l_len)), default=0)
    return SpanCandidate(start, p - l_len, "before_left") if p - l_len > start else None


def anchor_strength(norm: str, question: Question) -> float:
    """How much of the wh-word's left and right context the sentence repeats next to a gap (0..1)."""
    anchor = _anchor(norm, question)
    if anchor is None or not (question.left or question.right):
        return 0.0
    return _context_len(norm, anchor, question) / max(min(len(question.left), 12) + min(len(question.right), 12), 1)


def _context_len(norm: str, anchor: SpanCandidate, question: Question) -> int:
    left = _left_match(norm[: anchor.start], question.left)[0] if question.left else 0
    right = next((n for n in range(min(len(question.right), 12), 0, -1)
                  if norm.startswith(question.right[:n], anchor.end)), 0)
    return left + right


def _left_match(text: str, left: str) -> tuple[int, int | None]:
    """(length, end position) of the longest suffix of ``left`` found in ``text``, nearest its end.

    A one-character match counts only close to the end (a lone 有 far away anchors nothing).
    """
    for l_len in range(min(len(left), 12), 0, -1):
        at = text.rfind(left[-l_len:])
        if at >= 0 and (l_len >= 2 or len(text) - at <= 8):
            return l_len, at + l_len
    return 0, None if left else 0


def _clause_runs(norm: str, mask: list[bool]) -> list[SpanCandidate]:
    """Each clause, and each run of a clause that does not repeat the question."""
    out: list[SpanCandidate] = []
    start = 0
    for stop in [m.start() for m in _BREAK.finditer(norm)] + [len(norm)]:
        if stop > start:
            out.append(SpanCandidate(start, stop, "clause"))
            i = start
            while i < stop:
                if mask[i]:
                    i += 1
                    continue
                j = i
                while j < stop and not mask[j]:
                    j += 1
                if (i, j) != (start, stop):
                    out.append(SpanCandidate(i, j, "run"))
                # A name or term often opens or closes a run of new words (孟郊 of 孟郊任溧阳尉时作有…).
                for n in range(2, min(j - i, 5)):
                    out += [SpanCandidate(i, i + n, "run_head"), SpanCandidate(j - n, j, "run_tail")]
                i = j
        start = stop + 1
    return out


# News formulas that open or frame a report and answer nothing (本报讯 1月12日…, 会上…, 据了解…).
_BOILERPLATE = re.compile(r"本报讯|本报记者|会上|会议上|据了解|据悉|据介绍|记者|通讯员")


def span_candidates(sentence: str, norm: str, question: Question, mask: list[bool]) -> list[SpanCandidate]:
    """Every candidate span, trimmed of punctuation and filler at the edges, without duplicates."""
    raw = _typed(norm, asks_year=bool(_ASKS_YEAR.search(question.norm)))
    typed = [c for c in raw if c.source in ("date", "number")]
    lists = [_list_items(norm, m, mask) for m in _LIST.finditer(norm)]
    lists += [SpanCandidate(m.start(), m.end(), "list") for m in _QUOTE_RUN.finditer(norm)]
    raw += lists + [item for whole in lists for item in _items_of(norm, whole)]
    if question.kind == "list":
        raw += [c for whole in lists if (c := _counted_list(norm, whole))]
    anchor = _anchor(norm, question) if question.chinese else None
    raw += [anchor] if anchor else []
    before = _before_left(norm, question) if question.chinese else None
    raw += [before] if before else []
    raw += _clause_runs(norm, mask)
    raw += _head_phrases(norm, question) if question.chinese else []
    raw += _titled_names(norm)
    raw += _word_grams(norm, mask, words(norm), typed) if CJK_CHAR.search(norm) else []
    raw.append(SpanCandidate(0, len(sentence), "sentence"))
    raw += [v for c in raw if c.source in ("run", "clause", "anchor", "anchor_left") for v in _variants(norm, c)]
    sources: dict[tuple[int, int], list[str]] = {}
    for c in raw:
        s, e = _trim(sentence, c.start, c.end)
        if _BOILERPLATE.fullmatch(norm[s:e]):
            continue
        if 0 < e - s <= MAX_SPAN or c.source == "sentence":
            sources.setdefault((s, e), []).append(c.source)
    return [SpanCandidate(s, e, "+".join(sorted(set(names)))) for (s, e), names in sources.items()]


def states_date(norm: str) -> bool:
    """Does the normalised text hold a date (a year, a month and day, a decade)?"""
    return any(m.lastgroup == "date" for m in _TYPED.finditer(norm))


def _typed(norm: str, asks_year: bool = False) -> list[SpanCandidate]:
    """Numbers with units, dates, quoted names and parentheses, matched in the normalised view (so 25個
    and 19世紀 keep their unit); also the ordinal (第3名), the approximate (约1138公顷, 每9局) and, when
    the question asks for a year, the year alone of a full date (1349年 of 1349年2月14日)."""
    out = []
    for m in _TYPED.finditer(norm):
        kind = m.lastgroup or "typed"
        out.append(SpanCandidate(m.start(), m.end(), kind))
        if kind == "number" and m.start() > 0 and norm[m.start() - 1] == "第":
            out.append(SpanCandidate(m.start() - 1, m.end(), "ordinal"))
        if kind == "number" and (lead := _APPROX.search(norm, 0, m.start())):
            out.append(SpanCandidate(lead.start(), m.end(), "approx"))
        if asks_year and kind == "date" and (year := _YEAR.match(norm, m.start(), m.end())) and year.end() < m.end():
            out.append(SpanCandidate(m.start(), year.end(), "date_year"))
    return out


# The most common Chinese surnames (Simplified, as in the normalised view): a 2–4 character span that
# starts with one is likely a person's name.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤樊虎申"
)
# Less common surnames, trusted only next to a title (many are also common words on their own).
TITLE_SURNAMES = SURNAMES | set(
    "乔赖庞兰殷施洪翟颜倪牛温芦季俞章鲁葛伍尤毕聂丛焦柳邢岳齐梅庄辛管祝左涂谷祁舒耿牟卜詹苗凌费纪靳盛童欧甄"
    "项曲游阳裴席卫查屈鲍霍翁隋甘景薄柏宁柯阮桂闵柴冉房边辜吉饶刁瞿戚丘古米池滕晋苑邬臧畅宫苟褚廉简娄盖符奚"
    "穆党燕郎邸冀谈姬屠连郜晏栾郁蒙喻揭窦迟敖鄢冷卓仇艾蓝巩井仲虞卞封竺冼楚佟栗匡巫鞠桑荆谌岑胥蔺"
)
_AFTER_NAME = set("出主作在等和与及表指讲介说为是的到参带率陪同也都就对向从以会")
_PHRASE_STOP = set("的是为在于了和与及从到把被而也都就由向对以将其")


# News names people by title: 宣传部长申红涛, 副区长高留念, 辛世俊教授 (the titles here are in the normalised view).
TITLE = (r"(?:书记|[部区县市省镇乡所院局厅处科校社会团]长|主任|主席|委员|总监|经理|董事|教授|记者|通讯员"
          r"|总统|总理|首相|部长|大使|院士)")
_TITLE_BEFORE = re.compile(TITLE + r"\s?$")
_TITLED = re.compile(
    TITLE + r"\s?(?P<after>[\u4e00-\u9fff]{2,3})"
    r"|(?P<before>[\u4e00-\u9fff]{2,3})(?:教授|先生|女士|同志|老师|博士|院士|研究员)"
)


def _titled_names(norm: str) -> list[SpanCandidate]:
    """The name next to a title, if it starts with a surname: three characters, or two when the third
    is a word that usually follows a name (申红涛出席, 王蒙在…)."""
    out = []
    for m in _TITLED.finditer(norm):
        if m.group("after"):
            start, end = m.span("after")
            size = 2 if end - start < 3 or norm[start + 2] in _AFTER_NAME else 3
            if norm[start] in TITLE_SURNAMES:
                out.append(SpanCandidate(start, start + size, "titled_name"))
        else:
            start, end = m.span("before")
            start = next((s for s in (end - 3, end - 2) if s >= start and norm[s] in TITLE_SURNAMES), -1)
            if start >= 0:
                out.append(SpanCandidate(start, end, "titled_name"))
    return out


def _head_phrases(norm: str, question: Question) -> list[SpanCandidate]:
    """Noun phrases ending in the word the wh-word asks about: 哪一个[频道] → 高清综合频道 (and 高清综合).

    The phrase runs back from the head to a break or a function character, at most 12 characters.
    When the sentence lacks the two-character head, its last character stands in (疾病 → 天花病).
    """
    head = question.right[:2]
    if len(head) < 2 or _BREAK.search(head) or head[1] in _PHRASE_STOP:
        return []
    found = [m.start() for m in re.finditer(re.escape(head), norm)]
    size = 2
    if not found:
        found, size = [m.start() for m in re.finditer(re.escape(head[1]), norm)], 1
    out = []
    for at in found:
        start = at
        while start > 0 and at - start < 12 and not _BREAK.match(norm[start - 1]):
            if norm[start - 1] in _PHRASE_STOP:
                break
            start -= 1
        if start < at:
            out.append(SpanCandidate(start, at + size, "head_phrase"))
            out.append(SpanCandidate(start, at, "head_modifier"))
    return out


def _word_grams(norm: str, mask: list[bool], ws: tuple[Word, ...], typed: list[SpanCandidate],
                most: int = 3) -> list[SpanCandidate]:
    """Runs of one to ``most`` words inside a clause, neither opening nor closing on a function word, that
    do not only repeat the question: 九龙湾 of 部份香港政府机关在九龙湾设置总部. A run never cuts a date or a
    number with its unit (2024年 of 2024年1月10日): those are typed candidates already."""
    inside = {i for t in typed for i in range(t.start + 1, t.end)}
    out = []
    for i, first in enumerate(ws):
        if first.tag in FUNCTION_TAGS:
            continue
        for last in ws[i : i + most]:
            # searched to the end, not to the word's: a comma or colon between digits is told by what follows it
            stop = _BREAK.search(norm, last.start)
            if stop and stop.start() < last.end:
                break
            if (last.tag not in FUNCTION_TAGS and not all(mask[first.start : last.end])
                    and first.start not in inside and last.end not in inside):
                out.append(SpanCandidate(first.start, last.end, "words"))
    return out


def _list_items(norm: str, match: re.Match[str], mask: list[bool]) -> SpanCandidate:
    """Items joined by 、, without the words that repeat the question or introduce the list (包括…)."""
    start = match.start()
    while start < match.end() and mask[start]:
        start += 1
    lead = _LIST_LEAD.match(norm, start, match.end())
    if lead and lead.end() < norm.find("、", start, match.end()):
        start = lead.end()
    end = match.end()
    last_item = norm.rfind("、", start, end) + 1
    tally = _LIST_TALLY.search(norm, last_item, end)
    return SpanCandidate(start, tally.start() if tally and tally.start() > last_item else end, "list")


# A tally right after the last item that counts the items: 桂花、翠竹、滨江[三个]街道试点…; …等[4大项]目
_ITEM_TALLY = re.compile(
    r"([一二三四五六七八九十两]|\d+)大?(?:个|家|所|座|项|条|名|位|处|支|种|类|镇|乡|村|区|县|市|省)")


def _counted_list(norm: str, whole: SpanCandidate) -> SpanCandidate | None:
    """The items of a list that a tally after them counts (桂花、翠竹、滨江 of 并在桂花、翠竹、滨江三个街道试点…), or
    that 等 and a tally close: up to the tally, without the words that lead into the first item (并在, 深入)."""
    start = whole.start
    clause_end = _SOFT_BREAK.search(norm, whole.end)
    end = clause_end.start() if clause_end else len(norm)  # the tally may have been cut off the list already
    last_item = norm.rfind("、", start, whole.end) + 1
    tally = _ITEM_TALLY.search(norm, last_item, end)
    if tally is None or tally.start() == last_item:
        return None
    stop = tally.start() - (norm[tally.start() - 1] == "等")  # …乡村摄影大赛等12项: some of the twelve
    items = 1 + sum(1 for _ in _ITEM_BREAK.finditer(norm, start, stop))
    value = int(tally.group(1)) if tally.group(1).isdigit() else chinese_numeral(tally.group(1))
    if value != items and stop == tally.start():
        return None
    return SpanCandidate(_past_lead(norm, start, stop), stop, "counted_list")


def _past_lead(norm: str, start: int, end: int) -> int:
    """Where a list's first item begins past the verbs and particles that lead into it (并在, 深入, 将陆续举办)."""
    first = norm[start : norm.find("、", start, end)]
    lead = 0
    for w in words(first):
        if w.tag[:1] not in ("p", "c", "d", "v") or w.end == len(first):
            break
        lead = w.end
    return start + lead


def _items_of(norm: str, whole: SpanCandidate) -> list[SpanCandidate]:
    """Each item of a list (酋长、上层阶级、中层阶级及下层阶级 → 中层阶级): a "which one" answer is one of them."""
    out = []
    start = whole.start
    for m in _ITEM_BREAK.finditer(norm, whole.start, whole.end):
        out.append(SpanCandidate(start, m.start(), "list_item"))
        start = m.end()
    out.append(SpanCandidate(start, whole.end, "list_item"))
    return out if len(out) <= 12 else []


# An adverb that ties a subject to its verb (保罗·皮尔斯[则]获得, 他[也]参加), and a title after a name
# (马克·拉瓦卢马纳纳[总统]宣布): a clause cut before the verb keeps them; the answer does not.
_TRAILING_ADVERB = set("则也都就便又才还亦即乃曾已去")
_TITLE_AFTER = re.compile(r"(?:" + TITLE + r"|先生|女士|博士|将军|国王|皇帝|总督|主教|教宗)$")


def _variants(norm: str, c: SpanCandidate) -> list[SpanCandidate]:
    """Shorter spans around a 的 or a copula (是/为), or without a leading preposition, a trailing adverb,
    or a trailing title: 南部九州的鹿儿岛 → 鹿儿岛, 这次大选的赢家是基民盟 → 基民盟, 在X中 → X, 至西周时期 →
    西周时期, 保罗·皮尔斯则 → 保罗·皮尔斯, 马克·拉瓦卢马纳纳总统 → 马克·拉瓦卢马纳纳."""
    piece = norm[c.start : c.end]
    out = []
    for mark, name in (("的", "de"), ("是", "shi"), ("为", "wei")):
        last, first = piece.rfind(mark), piece.find(mark)
        if 0 < last < len(piece) - 1:
            out.append(SpanCandidate(c.start + last + 1, c.end, f"after_{name}"))
        if 0 < first:
            out.append(SpanCandidate(c.start, c.start + first, f"before_{name}"))
    if len(piece) > 2 and piece[0] in "在于由从被以将把对向与和至自":
        end = c.end - 1 if piece[-1] in "中里内上时后前" else c.end
        out.append(SpanCandidate(c.start + 1, end, "no_preposition"))
    if len(piece) > 2 and piece[-1] in _TRAILING_ADVERB:
        out.append(SpanCandidate(c.start, c.end - 1, "no_adverb"))
    title = _TITLE_AFTER.search(piece)
    if title and title.start() >= 2:
        out.append(SpanCandidate(c.start, c.start + title.start(), "before_title"))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in _EDGE or text[start] in "是为"):
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


@lru_cache(maxsize=16384)
def _bigram_share(text: str, context: str) -> float:
    """Share of the text's bigrams that occur in ``context`` (cached: the spans of a sentence share edges)."""
    grams = [text[i : i + 2] for i in range(len(text) - 1)]
    return sum(g in context for g in grams) / len(grams) if grams else 0.0


class SentenceContext:
    """Does the text around a span repeat the question's text around the wh-word (in any order)?

    What a span's left side says depends only on where it starts, and its right side's only on where it
    ends: each is worked out once per sentence, and the spans (dozens share each edge) look them up.
    """

    def __init__(self, norm: str, question: Question) -> None:
        self.norm, self.question = norm, question
        self.head = question.right[:2]
        self._left: dict[int, dict[str, float]] = {}
        self._right: dict[int, dict[str, float]] = {}

    def left(self, start: int) -> dict[str, float]:
        if start not in self._left:
            q, before = self.question, self.norm[max(start - 8, 0) : start]
            self._left[start] = {
                "left_ctx": _bigram_share(before, q.left), "left_ctx_any": _bigram_share(before, q.norm),
                "left_adjacent": float(len(before) >= 2 and before[-2:] in q.left),
                "left_adjacent_any": float(len(before) >= 2 and before[-2:] in q.norm),
            }
        return self._left[start]

    def right(self, end: int) -> dict[str, float]:
        if end not in self._right:
            q, head, after = self.question, self.head, self.norm[end : end + 8]
            self._right[end] = {
                "right_ctx": _bigram_share(after, q.right), "right_ctx_any": _bigram_share(after, q.norm),
                "head_after": float(bool(head) and after.startswith(head)),
                "right_adjacent": float(len(after) >= 2 and after[:2] in q.right),
                "right_adjacent_any": float(len(after) >= 2 and after[:2] in q.norm),
            }
        return self._right[end]

    def features(self, c: SpanCandidate) -> dict[str, float]:
        piece, head = self.norm[c.start : c.end], self.head
        return {
            **self.left(c.start), **self.right(c.end),
            "head_in_tail": float(bool(head) and any(ch in piece[-2:] for ch in head)),
            "head_suffix": float(len(head) == 2 and piece.endswith(head)),
        }


def _title_asked(norm: str, c: SpanCandidate, question: Question) -> float:
    """Is the span a name right after a title the question names (通讯员 刘聪 for 通讯员叫什么名字)?"""
    title = _TITLE_BEFORE.search(norm, max(c.start - 6, 0), c.start) if norm else None
    return float(title is not None and title.group().strip() in question.norm)


def distance_to_question(mask: list[bool]) -> list[int]:
    """For each position, how far the nearest character that repeats the question is (len(mask) if none)."""
    n = len(mask)
    out = [n] * n
    last = None
    for i in range(n):
        last = i if mask[i] else last
        out[i] = n if last is None else i - last
    last = None
    for i in range(n - 1, -1, -1):
        last = i if mask[i] else last
        if last is not None:
            out[i] = min(out[i], last - i)
    return out


def gap_to_question(mask: list[bool], start: int, end: int, distance: list[int] | None = None) -> int:
    """How far the span's first or last character is from the nearest one that repeats the question
    (``len(mask)`` if none does); ``distance`` is :func:`distance_to_question` of the mask, if at hand."""
    last = end - 1
    if 0 <= start < len(mask) and 0 <= last < len(mask):
        distance = distance or distance_to_question(mask)
        return min(distance[start], distance[last])
    return min((min(abs(i - start), abs(i - last)) for i, m in enumerate(mask) if m), default=len(mask))


def word_features(c: SpanCandidate, kind: str, by_start: dict[int, Word], by_end: dict[int, Word]) -> Features:
    """Does the span begin and end on word boundaries, and what are its first and last words (a name, a
    place, a noun, a verb…)? A span cut inside a word (湘西土家族苗族自治|州) is rarely the answer."""
    first, last = by_start.get(c.start), by_end.get(c.end)
    f = {"word_start": float(first is not None), "word_end": float(last is not None)}
    if first is not None and last is not None:
        f[f"{kind}×first_word:{first.coarse}"] = 1.0
        f[f"{kind}×last_word:{last.coarse}"] = 1.0
        f[f"{kind}×one_name"] = float(first is last and first.tag in NAME_TAGS)
    return f


@lru_cache(maxsize=16384)
def _normalized(text: str) -> str:
    return normalize(text)


@lru_cache(maxsize=64)
def _named(kind: str) -> dict[str, str]:
    """Feature names read per question kind (``number×repeated``…), made once rather than per span."""
    base = ["repeated", "log_len", "name_like", "foreign_name",
            *(f"has:{name}" for name in _SPAN_CUES), *_CONTEXT_NAMES]
    return {name: f"{kind}×{name}" for name in base}


@lru_cache(maxsize=1024)
def _source_features(kind: str, source: str) -> Features:
    """The indicator features of where a span was cut from, plain and per question kind."""
    names = source.split("+")
    return {**{f"src:{name}": 1.0 for name in names}, **{f"{kind}×src:{name}": 1.0 for name in names}}


_SPAN_CUES = ("number", "date", "quote", "person", "place", "list")
_CONTEXT_NAMES = ("left_ctx", "right_ctx", "left_ctx_any", "right_ctx_any", "head_in_tail", "head_after",
                  "head_suffix", "left_adjacent", "right_adjacent", "left_adjacent_any", "right_adjacent_any")


def span_features(c: SpanCandidate, sentence: str, question: Question, mask: list[bool],
                  anchor: SpanCandidate | None, norm: str = "", distance: list[int] | None = None,
                  word_at: tuple[dict[int, Word], dict[int, Word]] | None = None,
                  repeats: list[int] | None = None, context: SentenceContext | None = None) -> Features:
    """The named features of one candidate span (``distance``: :func:`distance_to_question` of the mask;
    ``word_at``: the sentence's words by start and by end offset, for :func:`word_features`; ``repeats``:
    the running count of the mask, which gives a span's repeated characters without summing them; ``context``:
    the sentence's :class:`SentenceContext`, shared by its spans)."""
    start, end = c.start, c.end
    text = sentence[start:end]
    n = max(len(text), 1)
    named = _named(question.kind)
    if repeats is not None and end <= len(mask):
        repeated = (repeats[end] - repeats[start]) / n
    else:
        repeated = sum(mask[start:end]) / n
    norm_text = _normalized(text)
    qnorm = question.norm
    qchars = sum(ch in qnorm and ch not in QUESTION_CHARS for ch in norm_text) / max(len(norm_text), 1)
    gap = gap_to_question(mask, start, end, distance)
    log_len = math.log1p(len(text))
    f = dict(_source_features(question.kind, c.source))
    f |= {
        "repeated": repeated, "question_chars": qchars, named["repeated"]: repeated,
        "log_gap": math.log1p(gap), "log_len": log_len, named["log_len"]: log_len,
        "share_of_sentence": len(text) / max(len(sentence), 1), "position": start / max(len(sentence), 1),
        "after_break": float(start == 0 or bool(_BREAK.match(sentence[start - 1]))),
        "before_break": float(end == len(sentence) or bool(_BREAK.match(sentence[end]))),
        "after_question_word": float(start > 0 and mask[start - 1]),
        "before_question_word": float(end < len(sentence) and mask[end]),
        "starts_with_question_word": float(mask[start]) if end > start else 0.0,
        "ends_with_question_word": float(mask[end - 1]) if end > start else 0.0,
        "one_char": float(len(text) == 1),
        "measure_match": float(has_measure(question, norm_text)),
        named["name_like"]: float(2 <= len(norm_text) <= 4 and norm_text[0] in SURNAMES
                                  and not any(ch in _PHRASE_STOP or _BREAK.match(ch) for ch in norm_text)),
        named["foreign_name"]: float("·" in text or "•" in text),
        "function_edge": float(bool(text) and (text[0] in _PHRASE_STOP or text[-1] in _PHRASE_STOP)),
        # A word usually ends before a function word or a verb that follows names (孟郊|任, 武汉|。).
        "function_after": float(end < len(norm) and (norm[end] in _PHRASE_STOP or norm[end] in _AFTER_NAME)),
        "function_before": float(start > 0 and norm[start - 1] in _PHRASE_STOP),
        "title_asked": _title_asked(norm, c, question),
    }
    if norm and question.chinese:
        context = context or SentenceContext(norm, question)
        for k, v in context.features(c).items():
            if v:
                f[k] = v
                f[named[k]] = v
    if word_at is not None:
        f |= word_features(c, question.kind, *word_at)
    for name in _SPAN_CUES:
        if CUES[name].search(text):
            f[named[f"has:{name}"]] = 1.0
    if anchor is not None:
        inter = max(0, min(end, anchor.end) - max(start, anchor.start))
        f["anchor_iou"] = inter / (max(end, anchor.end) - min(start, anchor.start))
        f["inside_anchor"] = float(anchor.start <= start and end <= anchor.end)
        f[f"{anchor.source}:start_dist"] = math.log1p(abs(start - anchor.start))
        f[f"{anchor.source}:end_dist"] = math.log1p(abs(end - anchor.end))
        f[f"{anchor.source}:same_start"] = float(start == anchor.start)
        f[f"{anchor.source}:same_end"] = float(end == anchor.end)
    return f


_RANKED: OrderedDict[tuple[Question, str, int], Ranked] = OrderedDict()  # the last few sentences' spans
_RANKED_KEPT = 16
_RANKED_LOCK = threading.Lock()


def scored_spans(question: Question, sentence: str) -> Ranked:
    """Candidates with their learned scores and features, best first (cached: the re-ranker, the confidence
    model and the short answer all read the best sentence's; treat the result as read-only)."""
    return scored_spans_of(question, [sentence])[0]


def scored_spans_of(question: Question, sentences: list[str]) -> list[Ranked]:
    """:func:`scored_spans` of several sentences, with one call of the span model for those not cached (the
    re-ranker's five: one pass over the trees, not five)."""
    models = generation()
    with _RANKED_LOCK:
        ranked = {s: _RANKED[(question, s, models)] for s in sentences if (question, s, models) in _RANKED}
    todo = [s for s in dict.fromkeys(sentences) if s not in ranked]
    prepared = [_span_features(question, s) for s in todo]
    scored = iter(scores("span", [f for _, features in prepared for f in features]))
    for sentence, (cands, features) in zip(todo, prepared, strict=True):
        out = [(next(scored), c, f) for c, f in zip(cands, features, strict=True)]
        ranked[sentence] = sorted(out, key=lambda t: -t[0])
    with _RANKED_LOCK:
        for sentence in sentences:
            _RANKED[(question, sentence, models)] = ranked[sentence]
            _RANKED.move_to_end((question, sentence, models))
        while len(_RANKED) > _RANKED_KEPT:
            _RANKED.popitem(last=False)
    return [ranked[s] for s in sentences]


def _span_features(question: Question, sentence: str) -> tuple[list[SpanCandidate], list[Features]]:
    norm = aligned_norm(sentence)
    mask = covered(norm, question)
    cands = span_candidates(sentence, norm, question, mask)
    anchor = _anchor(norm, question) if question.chinese else None
    if anchor is not None:
        anchor = SpanCandidate(*_trim(sentence, anchor.start, anchor.end), anchor.source)
    distance = distance_to_question(mask)
    ws = words(norm)
    word_at = ({w.start: w for w in ws}, {w.end: w for w in ws})
    repeats = list(accumulate(mask, initial=0))
    context = SentenceContext(norm, question)
    return cands, [span_features(c, sentence, question, mask, anchor, norm, distance, word_at, repeats, context)
                   for c in cands]


def span_evidence(question: Question, sentence: str) -> dict[str, float]:
    """How sure the short-answer scorer is that the sentence holds the thing asked for."""
    ranked = scored_spans(question, sentence)
    if not ranked:
        return {}
    top = ranked[0][0]
    share = 1.0 / sum(math.exp(s - top) for s, _, _ in ranked)
    return {"span_score": top, "span_prob": share, f"{question.kind}×span_score": top}


def short_answer(question: Question, sentence: str, idf: dict[str, float] | None = None,
                 date: str | None = None) -> SpanCandidate | None:
    """The best span of ``sentence`` (offsets into it), or None when unsure or no shorter than the sentence;
    ``date``: its article's, which says what year 去年 is."""
    ranked = scored_spans(question, sentence)
    if not ASKS_BYLINE.search(question.norm):  # a byline's names (本报讯（记者 吴浩然 通讯员 林小燕）) answer no other
        bylines = byline_spans(aligned_norm(sentence))
        ranked = [r for r in ranked if not any(a < r[1].end and r[1].start < b for a, b in bylines)]
    if not ranked or not weights("span"):
        return None
    top = ranked[0][0]
    total = sum(math.exp(s - top) for s, _, _ in ranked)
    best = (_byline_role(question, sentence, ranked) or _date_range(question, sentence, ranked)
            or _most_of_several(question, sentence, ranked)
            or _name_after_titles(question, sentence, ranked) or _holder_of_asked_title(question, sentence, ranked)
            or _counted_first(question, sentence, ranked) or _holder_first(question, sentence, ranked)
            or _count_in_stretch(question, sentence, ranked, date) or _amount_of_kind(question, sentence, ranked)
            or _in_asked_stretch(question, sentence, ranked, date) or _part_asked(question, sentence, ranked)
            or _counted_list_first(question, ranked) or _of_the_kind_asked(question, sentence, ranked)
            or _quoted_name(question, sentence) or ranked[0][1])
    best = _whole_list(question, ranked, best, sentence[best.start : best.end])
    best = _several_listed(question, sentence, ranked, best)
    if 1.0 / total < weights("threshold").get("span", 0.0) or "sentence" in best.source.split("+"):
        return None
    norm = aligned_norm(sentence)
    lead = _TOTAL_LEAD.match(norm, best.start, best.end) if question.kind == "number" else None
    if lead:  # 共120名: the count, not the 共
        best = SpanCandidate(lead.end(), best.end, best.source)
    if (question.kind == "list" or _ASKS_SEVERAL.search(question.norm)) and "、" in sentence[best.start : best.end]:
        best = _past_asked(question, norm, list_core(norm, best))
    best = _before_holder(question, norm, _with_numeral(norm, _whole_name(question, norm, best)))
    best = _only_the_year(question, norm, _with_year(question, norm, best))
    best = _balanced(norm, _before_particle(question, norm, _past_particle(norm, best)))
    return with_equivalent(norm, whole_range(question, norm, _as_ordinal(question, norm, best)))


# A particle, preposition or conjunction a span may start with (于|一线天…, 了|保护…, 但|受…, 指|文化类似); not 以,
# which pairs with a word after it (以甲壳类为食, 以防止…).
_LEADING_PARTICLE = set("于了并但其指而")


_OPENERS, _CLOSERS = "（(《「『“[", "）)》」』”]"


def _balanced(norm: str, span: SpanCandidate) -> SpanCandidate:
    """A span without a bracket it opens at its end (越南建设银行（) or closes without opening (DQ）)."""
    start, end = span.start, span.end
    while end - start > 1:
        last = norm[end - 1]
        if last in _OPENERS or last in _CLOSERS and norm.count(last, start, end) > norm.count(
                _OPENERS[_CLOSERS.index(last)], start, end):
            end -= 1
        else:
            break
    return span if end == span.end else SpanCandidate(start, end, span.source)


# A particle a span may end with (1972年|时, 政府采取反共措施|而, …|则): the clause goes on past the answer.
_TRAILING_PARTICLE = set("时而则也")


_ASKS_WHEN_SO = re.compile(r"情况|状况|状态|条件|时候|情形")


def _before_particle(question: Question, norm: str, span: SpanCandidate) -> SpanCandidate:
    """A span without the particle it ends with, when that is a word of its own (not 同时, 然而, 否则)."""
    if span.end - span.start < 3 or norm[span.end - 1] not in _TRAILING_PARTICLE:
        return span
    if norm[span.end - 2 : span.end] == "之时" or norm[span.end - 1] == "时" and _ASKS_WHEN_SO.search(question.norm):
        return span  # 在…之时; under what conditions (什么情况下): 自体授粉时 is the answer
    word = next((w for w in words(norm) if w.start < span.end <= w.end), None)
    if word is None or word.end - word.start > 1 and norm[word.start : word.end] not in ("年时", "月时", "日时"):
        return span  # (the segmenter joins 1972|年时)
    return SpanCandidate(span.start, span.end - 1, span.source)


def _past_particle(norm: str, span: SpanCandidate) -> SpanCandidate:
    """A span without the particle it starts with, when that is the tail of a word before it (由于, 为了) or a word
    of its own (但, 其): not the first character of a word (其他, 而今)."""
    if span.end - span.start < 3 or norm[span.start] not in _LEADING_PARTICLE:
        return span
    word = next((w for w in words(norm) if w.start <= span.start < w.end), None)
    if word is None or word.start == span.start and word.end - word.start > 1:
        return span
    return SpanCandidate(span.start + 1, span.end, span.source)


_CLASSIFIER = set("届次期批轮季年月日号个名位家项条种")
_NUMERAL_BEFORE = re.compile(r"第?(?:\d+|[零〇一二三四五六七八九十百千万两]+)$")


def _with_numeral(norm: str, span: SpanCandidate) -> SpanCandidate:
    """A span that starts with a measure keeps the numeral before it (十二|届五次全会 → 十二届五次全会)."""
    if span.start == 0 or norm[span.start] not in _CLASSIFIER:
        return span
    numeral = _NUMERAL_BEFORE.search(norm, max(span.start - 12, 0), span.start)
    return SpanCandidate(numeral.start(), span.end, span.source) if numeral else span


# Characters that end transliterated names (霍尔兹, 谢苗诺维奇, 阿尔马兹), which the segmenter often leaves apart.
_NAME_TAIL = set("兹斯尔克特德维奇夫娃娜诺逊森顿蒂茨")


def _whole_name(question: Question, norm: str, span: SpanCandidate) -> SpanCandidate:
    """For who, a transliterated name the span ends inside of, to its end (汤玛斯·霍尔|兹 → 汤玛斯·霍尔兹)."""
    if question.kind != "person" or span.end >= len(norm) or norm[span.end] not in _NAME_TAIL:
        return span
    word = next((w for w in words(norm) if w.start == span.end), None)
    if word is None or not all(ch in _NAME_TAIL for ch in norm[word.start : word.end]):
        return span
    return SpanCandidate(span.start, word.end, span.source)


_MONTH_FIRST = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,2}|[正腊])月")
_YEAR_BEFORE = re.compile(r"((?:(?:公元前?)?\d{1,4}|[\u4e00-\u9fff]{2}(?:元|[一二三四五六七八九十]{1,3}))年)"
                          r"(?:\s?[（(](?:公元前?)?\d{1,4}年[)）])?$")  # group 1: the year as written


def _with_year(question: Question, norm: str, span: SpanCandidate) -> SpanCandidate:
    """For when, a month written right after its year keeps the year (正德五年（1510年）|十月 → the whole date),
    unless the question gives that year."""
    if question.kind != "date" or not _MONTH_FIRST.match(norm, span.start, span.end):
        return span
    year = _YEAR_BEFORE.search(norm, max(span.start - 16, 0), span.start)
    if year is None or year.group(1) in question.norm:
        return span  # (2023年什么时候…: the year is given, the month asked)
    return SpanCandidate(year.start(), span.end, span.source)


# Which year (哪一年, 民国几年, 何年), not which decade (哪一年代), nor how long (几年来, 几年间).
_ASKS_WHICH_YEAR = re.compile(r"(?:[几哪那]一?|何)年(?![代间来内级纪龄])")
# A date whose year comes first and more of it after: a month and day, a season, a time (1961年12月9日, 1928年春,
# 民国25年4月, 1972年时); the year is a number or an era's (咸丰二年, 至元三十年), not 同年.
_YEAR_AND_MORE = re.compile(
    r".*?(?:\d+|[〇零一二三四五六七八九十百千两]+|元)年"
    r"(?=(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?"
    r"(?:[初中底末]|[上中下]旬)?|[春夏秋冬](?:季|天)?|[初底末]|时)$)"
)


def _only_the_year(question: Question, norm: str, span: SpanCandidate) -> SpanCandidate:
    """For which year, a date that goes on past its year ends with it (民国25年|4月, 1835年|11月29日)."""
    if not _ASKS_WHICH_YEAR.search(question.norm):
        return span
    year = _YEAR_AND_MORE.match(norm, span.start, span.end)
    return span if year is None else SpanCandidate(span.start, year.end(), span.source)


_ASKS_ROLE = re.compile(r"职务|职位|官职|职衔|头衔|担任什么|任什么职")


def _before_holder(question: Question, norm: str, span: SpanCandidate) -> SpanCandidate:
    """For what post someone holds (杜建新担任什么职务), the titles before that person's name, not the name and what
    follows (党组成员、副主席|杜建新到会指导): Chinese puts the post first."""
    if not _ASKS_ROLE.search(question.norm):
        return span
    at = next((w.start for w in words(norm) if w.tag == "nr" and span.start < w.start < span.end
               and norm[w.start : w.start + 2] in question.norm), None)  # (the question's own words split 杜|建新)
    if at is None or norm[:at].rstrip().endswith("、"):  # (one of several names: 虎荣鑫、王泽文、申红涛)
        return span
    start, end = _trim(norm, span.start, at)
    return SpanCandidate(start, end, span.source) if end > start else span


_ASKS_ORDINAL = re.compile(r"第(?:几|多少)|\bwhich (?:place|position|rank)\b")


def _as_ordinal(question: Question, norm: str, span: SpanCandidate) -> SpanCandidate:
    """For 第几 (which in order), the ordinal as written: 第20张, not 20张."""
    if span.start > 0 and norm[span.start - 1] == "第" and _ASKS_ORDINAL.search(question.norm):
        return SpanCandidate(span.start - 1, span.end, span.source)
    return span


# A date's equivalent in brackets right after it: 天正3年（1575年）, 民国38年(1949年).
_EQUIVALENT = re.compile(r"\s?[（(]((?:公元前?)?\d{1,4}年(?:\d{1,2}月)?(?:\d{1,2}日)?)[)）]")


def with_equivalent(norm: str, span: SpanCandidate) -> SpanCandidate:
    """A date with the bracketed date after it that restates it in another calendar (天正3年 → 天正3年（1575年）):
    a reader needs both to place it."""
    match = _EQUIVALENT.match(norm, span.end)
    if match is None or not re.search(f"(?:{_NUMERAL}|元)年", norm[span.start : span.end]):
        return span
    return SpanCandidate(span.start, match.end(), span.source)


# Two figures or two dates joined as a range (15至20厘米, 100米至2,800米, 1984年10月7日至1985年9月29日).
_RANGE_JOIN = re.compile(r"\s*(?:至|到|—{1,2}|-|－|～|~)\s*")
# A question after one end (哪天开始, 最多, 至少), or after the end it does not name (自1682年到哪一年).
_ASKS_AN_END = re.compile(r"开始|开工|开幕|启动|始于|起始|起于|结束|截止|截至|终止|到期|闭幕|完工|竣工|最早|最晚|最迟"
                          r"|最[多少小大高低长短]|至少|至多|[到至](?:哪|何|几|多少)"
                          r"|\b(?:start|begin|end|finish|close|open|least|most|minimum|maximum)")


def whole_range(question: Question, norm: str, span: SpanCandidate) -> SpanCandidate:
    """A span that is one end of a range of figures or dates, widened to the range (20厘米 → 15至20厘米): one
    end alone misstates the fact. Not when the question asks for an end or names one, nor inside a wider span."""
    if _ASKS_AN_END.search(question.norm):
        return span
    typed = [m for m in _TYPED.finditer(norm) if m.lastgroup in ("number", "date")]
    for a, b in zip(typed, typed[1:], strict=False):
        # the span is one end, maybe with a word before it (约15): within the range, and meeting one of its ends
        one_end = a.start() - 3 <= span.start and span.end <= b.end() and (
            span.end == a.end() or span.start == b.start() or span.end == b.end() and span.start > a.start())
        if (one_end and a.lastgroup == b.lastgroup and _RANGE_JOIN.fullmatch(norm, a.end(), b.start())
                and a.group() not in question.norm and b.group() not in question.norm):
            return SpanCandidate(min(span.start, a.start()), b.end(), span.source)
    return span


_ASKS_SEVERAL = re.compile(r"哪[两二三四五六七八九十]")  # 哪三种权力, 哪五个司法所: a which-question asking for several


def _whole_list(question: Question, ranked: Ranked, best: SpanCandidate, text: str) -> SpanCandidate:
    """For which ones (哪几个, 哪三种), the best-ranked list that holds the chosen span when that is one of its
    items (话语权 of 领导权、管理权、话语权): the question asks for them all."""
    if not (question.kind == "list" or _ASKS_SEVERAL.search(question.norm)) or "list" in best.source.split("+") \
            or "、" in text:
        return best
    return next((c for _, c, _ in ranked if "list" in (parts := c.source.split("+")) and "sentence" not in parts
                 and c.start <= best.start and best.end <= c.end and c != best), best)


def _past_asked(question: Question, norm: str, span: SpanCandidate) -> SpanCandidate:
    """A list whose first item opens with what the question already says (总工会第十三届委员会|工作报告 for
    总工会第十三届委员会哪几份报告): the items start after it. Only a run of three or more repeated characters
    counts, not one that ends the item (新一届|委员会 for 哪些委员会) or begins another (惠济区)."""
    first_break = norm.find("、", span.start, span.end)
    if first_break < 0:
        return span
    mask = covered(norm, question)
    starts = {w.start for w in words(norm)}
    cut, run = span.start, 0
    for i in range(span.start, first_break - 2):
        run = run + 1 if mask[i] else 0
        if run >= 3 and not mask[i + 1] and i + 1 in starts and not any(ch in _OPENERS or ch in _CLOSERS
                                                                       for ch in norm[span.start : i + 2]):
            cut = i + 1
    items = _ITEM_BREAK.split(norm[first_break + 1 : span.end])
    if cut == span.start or any(item.startswith(norm[cut - 3 : cut]) for item in items):
        return span  # (惠济区|实验小学、…、惠济区第一初级中学: the items' own place)
    return SpanCandidate(cut, span.end, span.source)


# Which few (哪几条, 哪三种, which three): a count of items the answer lists, unlike 有哪些, which CMRC annotators
# often answer with the whole sentence.
_ASKS_FEW = re.compile(_ASKS_SEVERAL.pattern + r"|哪几|\bwhich (?:two|three|four|five|six|seven|eight|nine|ten)\b")
_NAMES_THEM = re.compile(r"(?:分别为|分别是|包括|有|为|是|[:：])\s?$")


def _several_listed(question: Question, sentence: str, ranked: Ranked, best: SpanCandidate) -> SpanCandidate:
    """For which few (哪几条), the list the ranker ranks next when it ranks the whole sentence first, if the sentence
    names them with it (分别为|K201路、…; not 或译|「第三戏剧」、「先锋派戏剧」)."""
    if "sentence" not in best.source.split("+") or not _ASKS_FEW.search(question.norm):
        return best
    norm = aligned_norm(sentence)
    return next((c for _, c, _ in ranked[1:3] if "list" in (parts := c.source.split("+")) and "sentence" not in parts
                 and _NAMES_THEM.search(norm, 0, c.start)), best)


def list_core(norm: str, span: SpanCandidate) -> SpanCandidate:
    """The items of a list span, without the words that lead into the first (分别通往|胡志明、…, 建立了以|生物药、…)
    or close the last (…、大学路司法所|荣获命名, …、医心|等“六医”建设, …、王传胜|参加). A 等 that a noun follows
    stays (…、新疆等地: some of them), as do items joined inside the last (腹泻和呕吐)."""
    first_break = norm.find("、", span.start, span.end)
    last_item = norm.rfind("、", span.start, span.end) + 1
    items = norm[span.start : last_item - 1].split("、")
    start = _past_list_lead(norm, span.start, first_break)
    end = _list_end(norm, items, last_item, span.end)
    middle = items[1:]  # the items between the first and the last, whole on both sides
    if middle and len({len(item) for item in middle}) == 1:  # 领导权、[管理权]、话语权必须…: items of one length
        cut = _cut_to_length(norm, start, first_break, len(middle[0]), end, last_item)
        # one middle item is shape enough only when the others end like it (…权), not 感冒发热、[疟疾]、蛇虫咬伤
        if len(middle) > 1 or all(norm[i - 1] == middle[0][-1] for i in (first_break, cut[1])):
            start, end = cut
    return SpanCandidate(start, end, span.source)


def _cut_to_length(norm: str, start: int, first_break: int, length: int, end: int,
                   last_item: int) -> tuple[int, int]:
    """The first and last items cut to the length the middle ones share, where the cut falls between words and
    what it drops leads in (深入谋划|医学) or goes on past the item (话语权|必须牢牢掌握在手中): never inside a name
    (名古屋), nor a last item that joins more (欧洲|以及中国大陆的华南)."""
    ws = words(norm)
    bounds = {w.start for w in ws} | {w.end for w in ws}
    tag_at = {w.start: w.tag for w in ws}
    cut = first_break - length
    if first_break - start > length and cut in bounds \
            and any(w.tag[:1] in "vdpcu" for w in ws if start <= w.start and w.end <= cut):
        start = cut
    if end - last_item > length and last_item + length in bounds and tag_at.get(last_item + length, "")[:1] in "vdpcu" \
            and not _ITEM_BREAK.search(norm, last_item, end):
        end = last_item + length
    return start, end


def _list_end(norm: str, items: list[str], last_item: int, end: int) -> int:
    """Where the last item ends: after the ending the other items share (司法所), else before a 等 that a tally,
    a quote or a verb follows, else before a verb that closes the span after a name."""
    if _ITEM_BREAK.search(norm, last_item, end):  # 导航定位卫星和载人航天器, 腹泻和呕吐: the list goes on
        return end
    shared = _common_suffix(items) if len(items) >= 2 else ""  # (a lead changes an item's start only)
    at = norm.find(shared, last_item, end) if len(shared) >= 2 else -1
    if at > last_item:
        return at + len(shared)
    tail = words(norm[last_item:end])
    for w, after in zip(tail, tail[1:], strict=False):
        if w.start > 0 and norm[last_item + w.start : last_item + w.end] == "等":
            if norm[last_item + after.start] in "“「《" or after.tag[:1] in "pmcd" or after.tag == "v":
                return last_item + w.start
            return end
    # a verb after a name (王传胜|参加), not one of the item's own (蛇虫咬伤)
    if len(tail) >= 2 and tail[-1].tag == "v" and tail[-2].tag in ("nr", "ns", "nt", "nz"):
        return last_item + tail[-1].start
    return end


def _past_list_lead(norm: str, start: int, first_break: int) -> int:
    """Where the first item begins past the prepositions, adverbs and particles that lead into it, and the verbs
    they follow (建立了以, 分别通往); not past a verb of the item's own (感冒发热)."""
    lead = words(norm[start:first_break])
    at = start
    for w, after in zip(lead, lead[1:], strict=False):
        if not (w.tag[:1] in "pcdu" or w.tag == "v" and after.tag[:1] in "pu"):
            break
        at = start + w.end
    return at


def _common_suffix(texts: list[str]) -> str:
    """The longest ending all the texts share (司法所 of 金水源司法所、京广路司法所); "" when none."""
    end = 0
    while all(len(t) > end for t in texts) and len({t[len(t) - end - 1] for t in texts}) == 1:
        end += 1
    return texts[0][len(texts[0]) - end :] if end else ""


# Which batch, session, issue… (哪一批, 哪一届): the answer is an ordinal or a year in that measure (2023年度第二批).
_WHICH_MEASURE = re.compile(r"哪一?([批届期轮季])")
# Which department, office… (哪个部门): the answer is the name of a body (河南省司法厅, not 河南省).
_WHICH_BODY = re.compile(r"哪(?:一个|个|一|家)?(?:部门|单位|机构|机关)")
# A body's name ends like one: loosely for the ranker's best to stand (农矿部, 代表大会), strictly for another to
# replace it (not 目前大部, 协会举办, 造成政府).
_BODY_LIKE = re.compile(r"(?:[厅局会委院所部处办署司馆团队站社党]|中心|集团|公司|政府|组织|银行|机关|机构)$")
_BODY_END = re.compile(r"(?:厅|局|委员会|院|所|中心|署|集团|公司|协会|学会|银行|办公室|司令部)$")
_ORDINAL = re.compile(r"第|\d|[一二三四五六七八九十首末]")
# Which river, dynasty, treaty… (哪一条河, 哪个朝代): a name of that kind ends like one (托列斯海峡, 唐朝, 尼布楚条约).
_EMPEROR = "帝|宗|祖|王|[一二三四五六七八九十]世"
_KIND_ENDINGS = {
    "朝代": "(?<![时古现近当年世后])[朝代]", "皇帝": _EMPEROR, "国王": _EMPEROR, "世纪": "世纪", "年代": "年代",
    "大学": "大学|学院", "学校": "大学|学院|学校|中学|小学", "学院": "学院|大学", "医院": "医院", "银行": "银行",
    "战争": "战争|战役|之战", "战役": "战役|战争|之战", "条约": "条约|协定|公约|协议", "法律": "法|条例",
    "语言": "语|文", "宗教": "教", "政党": "党", "球队": "队", "奖项": "奖", "奖": "奖", "报纸": "报", "电视台": "台",
    "河流": "河|江|水|川", "河": "河|江|水|川", "山脉": "山脉|山", "山": "山|峰|岭", "岛": "岛|屿", "湖": "湖|池",
    "海峡": "海峡", "州": "州", "省": "省", "县": "县", "港口": "港", "机场": "机场", "车站": "站",
    "寺庙": "寺|庙|宫|庵", "寺": "寺|庙",
}
_NOT_A_NAME = set("大小前后先古此该本这那其各每某全")  # a kind's word, not a name of it: 大河, 先代, 该校
_WHICH_KIND = re.compile(r"哪一?(?:个|座|条|家|所|间|种|项|部|支|片|位|本|场|门|艘|份|道)?("
                         + "|".join(sorted(_KIND_ENDINGS, key=len, reverse=True)) + ")")


def _of_the_kind_asked(question: Question, sentence: str, ranked: Ranked) -> SpanCandidate | None:
    """For which batch or session (哪一批), the best-ranked span that counts in that measure (2023年度第二批); for
    which department (哪个部门), the best-ranked name of a body (河南省司法厅) — when the ranker's best is not one."""
    if not question.chinese:
        return None
    norm = aligned_norm(sentence)
    measure = _WHICH_MEASURE.search(question.norm)
    if measure is not None:
        def fits(text: str) -> bool:
            return text.endswith(measure.group(1)) and _ORDINAL.search(text[:-1]) is not None
        stands = fits
    elif _WHICH_BODY.search(question.norm):
        def fits(text: str) -> bool:
            return len(text) >= 3 and _BODY_END.search(text) is not None

        def stands(text: str) -> bool:
            return _BODY_LIKE.search(text) is not None
    else:
        return _name_of_the_kind_asked(question, norm, ranked)
    if stands(norm[ranked[0][1].start : ranked[0][1].end]):
        return None
    starts = {w.start for w in words(norm)}  # not from inside a word (年|度第二批)
    return next((c for _, c, _ in ranked if fits(norm[c.start : c.end]) and c.start in starts
                 and "sentence" not in c.source.split("+")), None)


def _name_of_the_kind_asked(question: Question, norm: str, ranked: Ranked) -> SpanCandidate | None:
    """For which river, dynasty, emperor… (哪一条河, 哪个朝代), the best-ranked name that ends like one of that kind
    (青溪河, 明朝, 查士丁尼一世) when the ranker's best does not: a name, so none of its words before the ending
    repeats the question's (not 这批瓷器由景德镇窑口烧制于明朝, 旗帜性学校)."""
    kind = _WHICH_KIND.search(question.norm)
    if kind is None:
        return None
    endings = re.compile(f"(?:{_KIND_ENDINGS[kind.group(1)]})$")
    best = ranked[0][1]
    if endings.search(norm[best.start : best.end].strip("《》「」『』“”")):
        return None
    mask = covered(norm, question)
    for _, c, _ in ranked:
        ending = endings.search(norm, c.start, c.end)
        if (ending is not None and ending.start() > c.start and not any(mask[c.start : ending.start()])
                and norm[c.start] not in _NOT_A_NAME and "sentence" not in c.source.split("+")):
            return None if norm.startswith("·", c.end) else c  # 约翰二世 of 约翰二世·科穆宁: the best stands
    return None


_ROLE_BEFORE = re.compile(r"(?:长|主任|书记|主席|委员|员|官|经理|董事)\s?$")


def _name_after_titles(question: Question, sentence: str,
                       ranked: Ranked) -> SpanCandidate | None:
    """For a Chinese who-question whose best span is a run of titles (本案审判长、市中级人民法院…副庭长邵立新表示),
    the best-ranked name inside it that follows a title: the person, not the list of offices."""
    if not question.chinese or question.kind != "person" or "list" not in ranked[0][1].source.split("+"):
        return None
    top, norm = ranked[0][1], aligned_norm(sentence)
    for _, c, _ in ranked[1:]:
        text = norm[c.start : c.end]
        if (top.start <= c.start and c.end <= top.end and 2 <= len(text) <= 3 and text[0] in TITLE_SURNAMES
                and _ROLE_BEFORE.search(norm, top.start, c.start)):
            return c
    return None


# The office a who-question asks the holder of, at the end of what it says before 谁 (该案的[审判长]是谁).
_ASKED_OFFICE = re.compile(r"(?:[长员]|主任|书记|主席|经理|总监|董事|代表人|负责人)$")


def _holder_of_asked_title(question: Question, sentence: str, ranked: Ranked) -> SpanCandidate | None:
    """For who holds an office (该案的审判长是谁), the best-ranked name that closes the run of offices the sentence
    opens with that one (该案审判长、西湖区人民法院刑事审判庭副庭长叶春华): its holder, however many other offices
    are listed between; a name comes right after an office (副庭长叶春华), never inside one."""
    if not question.chinese or question.kind != "person" or not _ASKED_OFFICE.search(question.left):
        return None
    norm = aligned_norm(sentence)
    office = next((question.left[-n:] for n in (4, 3, 2) if len(question.left) >= n and question.left[-n:] in norm),
                  None)
    if office is None:
        return None
    at = norm.find(office) + len(office)
    stop = _SOFT_BREAK.search(norm, at)
    end = stop.start() if stop else len(norm)
    return next((c for _, c, _ in ranked if at <= c.start and c.end <= end and 2 <= c.end - c.start <= 3
                 and norm[c.start] in TITLE_SURNAMES and _ROLE_BEFORE.search(norm, at, c.start)
                 and "sentence" not in c.source.split("+")), None)


_TOTAL_LEAD = re.compile(r"(?:[共合总]计|共|计)(?=\d)")  # in the normalised view; not 约: an estimate keeps it
_ASKS_RANGE = re.compile(r"从(?:哪|什么|何|几)[一天日年月时候个号]{0,3}(?:到|至)|起[止讫](?:时间|日期)")


def _date_range(question: Question, sentence: str,
                ranked: Ranked) -> SpanCandidate | None:
    """For from when to when (从哪天到哪天, 起止时间), the range around the best-ranked date (9月1日至9月5日),
    not its first end."""
    if not _ASKS_RANGE.search(question.norm):
        return None
    norm = aligned_norm(sentence)
    dates = [m for m in _TYPED.finditer(norm) if m.lastgroup == "date"]
    ranges = [SpanCandidate(a.start(), b.end(), "date_range") for a, b in zip(dates, dates[1:], strict=False)
              if re.fullmatch(r"\s*(?:至|到|—{1,2}|-|－|～|~)\s*", norm[a.end() : b.start()])]
    for _, c, _ in ranked:
        found = next((r for r in ranges if r.start <= c.start and c.end <= r.end), None)
        if found is not None:
            return found
    return None


_MOST = re.compile(r"最(多|高|大|长|少|低|小|短)")
_CLAUSE_NUMBER = re.compile(r"[^，,；;。！？]*?(\d+(?:\.\d+)?)\s*(万|亿)?")


def _most_of_several(question: Question, sentence: str,
                     ranked: Ranked) -> SpanCandidate | None:
    """For which one has the most (or least) of something, when the sentence gives several like names each with
    its figure and says nothing of a most itself (石峰镇接待游客46.5万人次，石门镇接待游客38.2万人次 for 接待游客
    最多的乡镇是哪个): the name whose figure is the largest (smallest). And for which one has a figure the
    question gives (哪个镇接待游客46.5万人次), the name whose clause holds it."""
    if not question.chinese or question.kind not in ("which", "place", "what"):
        return None
    norm = aligned_norm(sentence)
    most = _MOST.search(question.norm)
    given = {m.group(1) for m in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])", question.norm)}
    if most is None and not given:
        return None
    for like in _like_figures(norm, ranked):
        named = [c for _, figure, c in like if figure in given]  # (a year the question names is no figure here)
        if len(named) == 1:
            return named[0]
        if most is not None and "最" not in norm:
            pick = max if most.group(1) in "多高大长" else min
            return pick(like, key=lambda t: t[0])[2]
    return None


Figured = list[tuple[float, str, SpanCandidate]]


def _like_figures(norm: str, ranked: Ranked) -> list[Figured]:
    """Like names (ending alike: 镇, 区, 公司) among the best-ranked spans, each followed in its clause by a figure:
    groups of (value, figure as written, span), only where each name is told apart by its own figure."""
    figures: dict[str, Figured] = {}
    nouns = {w.end for w in words(norm) if w.tag.startswith("n") or w.tag in NAME_TAGS}  # a name ends on a noun
    for _, c, _ in ranked[:12]:
        text = norm[c.start : c.end]
        if len(text) < 2 or re.search(r"\d", text) or c.end not in nouns:
            continue
        figure = _CLAUSE_NUMBER.match(norm, c.end)
        if figure is None:
            continue
        value = float(figure.group(1)) * {"万": 1e4, "亿": 1e8}.get(figure.group(2) or "", 1)
        figures.setdefault(text[-1], []).append((value, figure.group(1), c))
    return [like for like in figures.values() if len(like) >= 2
            and len({norm[c.start : c.end] for _, _, c in like}) == len({v for v, _, _ in like}) == len(like)]


_BYLINE_ROLE = re.compile(r"记者|通讯员|实习生|摄影")


def _byline_role(question: Question, sentence: str,
                 ranked: Ranked) -> SpanCandidate | None:
    """For who the 通讯员 (or 记者…) of a story was, the best-ranked span of a byline that follows that role
    (本报讯（记者 周文博 通讯员 黄珊）: 黄珊), not the byline's first name."""
    asked = _BYLINE_ROLE.search(question.norm) if question.chinese and question.kind == "person" else None
    if asked is None:
        return None
    norm = aligned_norm(sentence)
    bylines = byline_spans(norm)
    return next((c for _, c, _ in ranked if any(a <= c.start and c.end <= b for a, b in bylines)
                 and norm[: c.start].rstrip().endswith(asked.group())), None)


_PERCENT = re.compile(r"[%％]|百分之|百分点|\bper ?cent\b", re.IGNORECASE)  # a share as written
# A question about a rate, a multiple or a share, which need not name it as 比例 (自杀率多少, 长多少倍, 十亿分之几).
_ASKS_RATIO = re.compile(r"率|倍|分之|百分|比例|比重|占|几成|多少成|\b(?:rate|ratio|times)\b")


def _amount_of_kind(question: Question, sentence: str,
                    ranked: Ranked) -> SpanCandidate | None:
    """The best-ranked amount of the kind the question implies, when the ranker's best is another: a sum for
    要投多少钱 (23亿元, not the 15.2万平方米 beside it), a share for 占比多少; and for a how-many question that
    asks neither a share nor a change, a count, not the share beside it (1,250辆, not 96.5%; 吞吐量286.5万标准箱,
    not its growth of 6.8%). CMRC trial and DRCD hold too few such questions to learn it from (30 imply a sum,
    a share or an age; this changes none of their answers)."""
    if question.kind != "number":
        return None
    top = sentence[ranked[0][1].start : ranked[0][1].end]
    amounts = [c for _, c, _ in ranked if {"number", "approx"} & set(c.source.split("+"))]
    if question.quantity in ("money", "percent"):
        if states_quantity(question.quantity, top):
            return None
        return next((c for c in amounts if states_quantity(question.quantity, sentence[c.start : c.end])), None)
    if (not question.quantity and _PERCENT.search(top) and not asks_change(question)
            and not _ASKS_RATIO.search(question.norm)):
        norm = aligned_norm(sentence)
        return next((c for c in amounts if _MEASURED.search(norm, c.start, c.end)
                     and not states_quantity("percent", sentence[c.start : c.end])), None)
    return None


def _counted_list_first(question: Question,
                        ranked: Ranked) -> SpanCandidate | None:
    """For a which-ones question, a list whose tally counts its items (桂花、翠竹、滨江三个街道) over the whole sentence
    or a piece of it: the tally says where the names end."""
    if question.kind != "list":
        return None
    return next((c for _, c, _ in ranked if "counted_list" in c.source.split("+")), None)


# A year or a place a stretch of a sentence speaks of, up to the next (去年新增学位4200个，而2023年新增学位为2600个);
# not a year compared with (比2022年增长) or counted from (自2019年启用以来).
_YEAR_MARK = re.compile(r"(?<![比较与同于自从至到])(?:(?:1[5-9]|20)\d{2}年(?!代)|前年|去年|今年|明年)")
_FAMILIES = ({"number", "approx"}, {"date"})
# A place the question names by two or three characters and a rank. Looser than places.ranked_names, which
# leaves out names ending like an area (松园区: 园区) because there they would rival districts; here they
# are only looked for in the sentence, next to the figures they own.
_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}?[区县市镇乡]")


def _in_asked_stretch(question: Question, sentence: str, ranked: Ranked,
                      date: str | None = None) -> SpanCandidate | None:
    """For a count or a date, the best-ranked one of the same family in the stretch of the sentence about the
    year or place asked, when the ranker's best sits in the stretch about another: 186處 of 松園區…租賃站點186處；
    楓林區…租賃站點152處 asked of 松園區; 2600个 of 去年新增学位4200个，而2023年新增学位为2600个 asked of 2023年.
    A stretch runs from a mention of a year (or of a district, county…) to the next mention of another; 去年 in
    an article of 2025 is a mention of 2024年."""
    if question.kind not in ("number", "date") or not question.chinese:
        return None
    family = next((f for f in _FAMILIES if f & set(ranked[0][1].source.split("+"))), None)
    if family is None:
        return None
    from qa.places import ADMIN_END, like_places, named_places  # places.py reads spans

    norm = aligned_norm(sentence)
    # (a date question's year is no stretch: 2003年以及哪一年 asks for another year)
    found = list(_YEAR_MARK.finditer(norm)) if question.kind == "number" else []
    years = [(m.start(), _year_of(m.group(), date)) for m in found]
    written = {_year_of(m.group(), date) for m in found if m.group() in question.norm}  # 去年 asked of 去年
    places = []
    for place in (p for p in named_places(question.norm) | set(_PLACE_NAME.findall(question.norm))
                  if p[-1] in ADMIN_END and p in norm):
        # the place asked, wherever named, and its like (same length and rank) opening a clause: 松园区…；枫林区…
        places += [(m.start(), place) for m in re.finditer(re.escape(place), norm)]
        places += [(m.start(), like) for like in like_places(norm, place) for m in re.finditer(like, norm)]
    for marks in (years, places):
        asked = {t for _, t in marks if t in question.norm} | (written if marks is years else set())
        if not asked or len({t for _, t in marks}) < 2:
            continue
        marks.sort()
        about = [next((t for at, t in reversed(marks) if at <= c.start), None) for _, c, _ in ranked]
        if about[0] not in asked and about[0] is not None:
            return next((c for (_, c, _), t in zip(ranked, about, strict=True)
                         if family & set(c.source.split("+")) and t in asked), None)
    return None


def _year_of(mark: str, date: str | None) -> str:
    """A year mark as written (2023年, 去年), or as the year it stands for in an article of that date (2024年)."""
    if mark in RELATIVE_YEARS and date and date[:4].isdigit():
        return f"{int(date[:4]) + RELATIVE_YEARS[mark]}年"
    return mark


def _holder_first(question: Question, sentence: str,
                  ranked: Ranked) -> SpanCandidate | None:
    """For an English who-question, the best-ranked name right after the title it asks about, in its Chinese
    terms (马海涛 of 区长郭振宇…区委书记马海涛 for Who is the Party secretary…)."""
    if question.chinese or question.kind != "person":
        return None
    titles = [t for t in question.terms if re.fullmatch(TITLE, t)]
    norm = aligned_norm(sentence)
    deputy = DEPUTY_EN.search(question.text) is not None
    for _, c, _ in ranked:
        lead = norm[: c.start].rstrip()
        if "titled_name" in c.source.split("+") and any(
                lead.endswith(t) and (deputy or not lead.endswith("副" + t)) for t in titles):
            return c
    return None


DEPUTY_EN = re.compile(r"\b(?:deputy|vice)\b", re.IGNORECASE)  # an English question asking for a deputy


def counted_noun(question: Question) -> str:
    """What a Chinese how-many question counts, as written after its wh-word (多少家[服务业企业]), up to a
    break or a copula; "" when nothing follows."""
    noun = question.right[1:] if question.measure and question.right.startswith(question.measure) else question.right
    return re.split(r"[，,。；;：:、！？!?（）()《》“”「」『』\s为是的]", noun)[0]


# The verb between what a question counts and its wh-word: 医疗机构[有]多少家, 参会人数[达到]多少.
_HAS_COUNT = re.compile(r"(?:一共|总共|共计|共|总计|合计|累计|拥|已|还|仍|则|又)?有$"
                        r"|(?:达到|达|共计|总计|合计|约|是|为)$")


def noun_before_wh(question: Question) -> str:
    """What a Chinese how-many question counts when it is written before the wh-word and a verb (二七区的
    [医疗机构]有多少家): the piece of the question from the last break or 的 up to that verb; "" when there is
    none, or it is a place (二七区有多少家: the place has them, the count is of something else)."""
    if not question.chinese or question.kind != "number":
        return ""
    verb = _HAS_COUNT.search(question.left)
    if verb is None:
        return ""
    piece = re.split(r"[，,。；;：:、！？!?（）()《》“”「」『』\s的]", question.left[: verb.start()])[-1]
    return piece if len(piece) >= 2 and piece[-1] not in "省市县区州镇乡村国" else ""


_COUNT_LEAD = "为有达共约计是"
# A count with its unit (62场), not a numeral in a name (二七区).
_MEASURED = re.compile(rf"\d{UNIT}|[零〇一二三四五六七八九十百千万亿两]{UNIT}")


# What a thing is called: 专项行动叫什么, 活动的名称是什么, 这个项目叫什么名字.
_ASKS_NAME = re.compile(r"([\u4e00-\u9fff]{2,6}?)的?(?:叫什么(?:名字)?|名称是什么|名字是什么|叫做什么|称为什么)")


def _quoted_name(question: Question, sentence: str) -> SpanCandidate | None:
    """For what a thing is called (市税务局要开展的专项行动叫什么), the quoted name the sentence gives it (“春雨润苗”
    专项行动): the quote, without its marks."""
    asked = _ASKS_NAME.search(question.norm) if question.chinese else None
    if asked is None:
        return None
    thing = asked.group(1)[-2:]  # 行动 of 专项行动: the kind the name is given with
    norm = aligned_norm(sentence)
    found = [m for m in re.finditer(r"[“「『《]([^”」』》]{1,20})[”」』》]", norm)
             if thing in norm[m.end() : m.end() + 4] and not norm.startswith("的", m.end())]  # not 《经济学人》的专栏
    return SpanCandidate(found[0].start(1), found[0].end(1), "quote") if len(found) == 1 else None


def _part_asked(question: Question, sentence: str,
                ranked: Ranked) -> SpanCandidate | None:
    """For a how-many question about a part (护理型的有多少张), the count of the part after 其中 (新增养老床位620张，
    其中护理型床位410张), when the ranker's best is the whole's: the question names what sets the part apart."""
    if not question.chinese or question.kind != "number":
        return None
    norm = aligned_norm(sentence)
    counts = sorted((c for _, c, _ in ranked if "number" in c.source.split("+")), key=lambda c: c.start)
    top = ranked[0][1]
    for m in re.finditer("其中", norm):
        count = next((c for c in counts if c.start > m.end()), None)
        if count is None or count.start == top.start or count.start - m.end() > 12 \
                or not norm[count.start : count.end].endswith(question.measure):  # 多少张: 410张, not 312万人次
            continue
        part, whole = norm[m.end() : count.start], norm[: m.start()]
        own = {part[i : i + 2] for i in range(len(part) - 1)} - {whole[i : i + 2] for i in range(len(whole) - 1)}
        if any(CJK_CHAR.match(b[0]) and CJK_CHAR.match(b[1]) and b in question.norm and norm.count(b) == 1
               for b in own):  # (工业企业23家、服务业企业41家: 业企 names no one part)
            return count
    return None


def _count_in_stretch(question: Question, sentence: str, ranked: Ranked,
                      date: str | None) -> SpanCandidate | None:
    """:func:`_count_itself`, moved to the stretch of the place or year asked when it sits in another's (预布点9处
    of 溪口乡, 预布点7处 of 溪洲乡 asked: both follow the counted noun)."""
    count = _count_itself(question, sentence, ranked)
    if count is None:
        return None
    first = [r for r in ranked if r[1] == count] + [r for r in ranked if r[1] != count]
    return _in_asked_stretch(question, sentence, first, date) or count


def _count_itself(question: Question, sentence: str,
                  ranked: Ranked) -> SpanCandidate | None:
    """For a Chinese how-many question, the count itself, when the ranker's best is not it: the count that
    follows the counted noun (服务业企业41家 for 多少家服务业企业, and 800张 of 设置床位800张 for 设置了多少张
    床位: the wh-anchor looks after the noun), or the count in the measure asked next to a noun written before
    the wh-word (723家 of 9家三甲医院、723家医疗机构 for 医疗机构有多少家), or the best count inside a best span that
    lists several (62场、市集摊位180摊、亲子工作坊24场). On the 4,067 CMRC trial and DRCD questions whose best
    sentence holds the answer they change one short answer (to the gold): there, counts rarely follow their
    noun, and no question asks as 医疗机构有多少家 does (its rule changes none of the 4,493 short answers)."""
    if not question.chinese or question.kind != "number":
        return None
    counts = [c for _, c, _ in ranked if "number" in c.source.split("+")]
    top = ranked[0][1]
    if not counts:
        return None
    norm = aligned_norm(sentence)
    noun = counted_noun(question)
    # 医疗机构有多少家: nothing follows the wh-word and its measure, and what it counts stands before it; in the
    # sentence the count in that measure may come first (723家医疗机构), or the noun, shortened (机构723家)
    before = "" if noun or not question.measure else noun_before_wh(question)

    def after_noun(c: SpanCandidate) -> bool:
        lead = norm[: c.start].rstrip(_COUNT_LEAD)
        return lead.endswith(noun or before[-2:])

    def before_noun(c: SpanCandidate) -> bool:
        heads = [noun] if noun else [before[-k:] for k in range(len(before), 1, -1)]
        return any(norm.startswith(n, c.end) for n in heads)

    def counts_it(c: SpanCandidate) -> bool:
        if noun:  # (a count written before it, 41家服务业企业, is rare and the ranker's to find)
            return after_noun(c)
        return (after_noun(c) or before_noun(c)) and question.measure in norm[c.start : c.end]

    if len(noun or before) >= 2 and not before_noun(top) and not after_noun(top):
        found = [c for c in counts if counts_it(c)]
        if found:
            return found[0]
    if top in counts:
        return None
    inside = [c for c in counts if top.start <= c.start and c.end <= top.end and _MEASURED.search(norm, c.start, c.end)]
    listed = len(inside) >= 2 and "、" in norm[top.start : top.end] and "哪几" not in question.norm
    return inside[0] if listed else None


def _counted_first(question: Question, sentence: str,
                   ranked: Ranked) -> SpanCandidate | None:
    """For an English how-many question, a count next to what the question counts, in its Chinese terms:
    before it (9家 of 已有9家三甲医院、723家医疗机构 for How many tertiary hospitals…) or after
    it, not being a place (96个 of 招聘教师320名、新开班级96个 for How many new classes…). The span ranker
    learned the context of the wh-word from Chinese questions and has none here."""
    if question.chinese or question.kind != "number" or not question.terms:
        return None
    norm = aligned_norm(sentence)
    counted = [t for t in question.terms if len(t) >= 2 and CJK_CHAR.match(t)]
    things = [t for t in counted if t[-1] not in "省市县区州镇乡"]
    found = [c for _, c, _ in ranked if "number" in c.source.split("+") and (
        any(norm.startswith(t, c.end, c.end + len(t) + 1) for t in counted)
        or any(norm[: c.start].rstrip(_COUNT_LEAD).endswith(t) for t in things))]

    def shared(c: SpanCandidate) -> int:  # the question's terms in the count's clause
        start = max((m.end() for m in _SOFT_BREAK.finditer(norm, 0, c.start)), default=0)
        stop = _SOFT_BREAK.search(norm, c.end)
        return sum(t in norm[start : stop.start() if stop else len(norm)] for t in set(counted))

    # Of several, the one whose clause repeats most of the question (3家 of 荣获国家“小巨人”称号企业3家，
    # 郑州市“专精特新”中小企业52家 for …companies hold the national 'little giant' title); of a tie, the best-ranked.
    return max(found, key=shared, default=None)
