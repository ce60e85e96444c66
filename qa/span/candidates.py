"""Candidate short answers: the spans of a sentence worth scoring.

They come from the question's wh-anchors (the text between the matched left and right context of the wh-word:
二七区有[几家]三甲医院 in 已有9家三甲医院 gives 9家), typed pieces (numbers with units, times of day, dates, names
in 《》“”「」, parentheses), lists and their items, names next to titles, runs of words, and the parts of the
sentence's clauses that do not repeat the question (answers rarely repeat question words), with their first or
last few characters (a name often opens one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.dates import chinese_numeral
from qa.learned import Features
from qa.normalize import CJK_CHAR, normalize
from qa.question import Question
from qa.words import FUNCTION_TAGS, Word, words

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
TITLE = (r"(?:书记|检察长|[部区县市省镇乡所院局厅处科校社会团庭行站馆园台队组]长|主任|主席|委员|总监|经理|董事|教授"
         r"|记者|通讯员|总统|总理|首相|部长|大使|院士)")
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
