"""Edits of the chosen span at its edges: what a reader expects a short answer to hold or leave out.

A particle it starts or ends with, a bracket left open, the numeral before a measure, the rest of a
transliterated name, the year before a month, the whole of a range, the items of a list without the words that
lead into or close it. Each applies only where the question asks for it.
"""

from __future__ import annotations

import re

from qa.question import Question
from qa.span.candidates import _ITEM_BREAK, _NUMERAL, _TYPED, SpanCandidate, _trim, aligned_norm, covered
from qa.span.choices import _ASKS_SEVERAL
from qa.words import words

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


_TOTAL_LEAD = re.compile(r"(?:[共合总]计|共|计)(?=\d)")  # in the normalised view; not 约: an estimate keeps it


def edited(question: Question, sentence: str, best: SpanCandidate) -> SpanCandidate:
    """The chosen span with each edit above that applies, in an order where none undoes another."""
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
