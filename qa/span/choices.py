"""Choices over the ranker's order, for questions whose answer has a shape the training sets hold too few of to
learn: the count that follows the counted noun, the figure of the year or place asked, the most of several like
names, a byline's role, the holder of an office, a name of the kind asked (哪一条河), a whole list for 哪几…

Each returns a span the ranker scored, or None to leave its best standing.
"""

from __future__ import annotations

import re

from qa.bylines import byline_spans
from qa.dates import RELATIVE_YEARS
from qa.normalize import CJK_CHAR, char_pairs
from qa.question import Question, asks_change, states_quantity
from qa.span.candidates import (
    _SOFT_BREAK,
    _TYPED,
    TITLE,
    TITLE_SURNAMES,
    UNIT,
    Ranked,
    SpanCandidate,
    aligned_norm,
    covered,
)
from qa.words import NAME_TAGS, words

_ASKS_SEVERAL = re.compile(r"哪[两二三四五六七八九十]")  # 哪三种权力, 哪五个司法所: a which-question asking for several


def _whole_list(question: Question, ranked: Ranked, best: SpanCandidate, text: str) -> SpanCandidate:
    """For which ones (哪几个, 哪三种), the best-ranked list that holds the chosen span when that is one of its
    items (话语权 of 领导权、管理权、话语权): the question asks for them all."""
    if not (question.kind == "list" or _ASKS_SEVERAL.search(question.norm)) or "list" in best.source.split("+") \
            or "、" in text:
        return best
    return next((c for _, c, _ in ranked if "list" in (parts := c.source.split("+")) and "sentence" not in parts
                 and c.start <= best.start and best.end <= c.end and c != best), best)


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
    an article of 2025 is a mention of 2024年. The whole's count before its parts (全市共15处，其中汀洲区4处、南渚区6处)
    gives way to the part asked about too."""
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
        places += [(m.start(), like) for like in like_places(norm, place, items=True)
                   for m in re.finditer(like, norm)]
    for marks in (years, places):
        asked = {t for _, t in marks if t in question.norm} | (written if marks is years else set())
        if not asked or len({t for _, t in marks}) < 2:
            continue
        marks.sort()
        about = [next((t for at, t in reversed(marks) if at <= c.start), None) for _, c, _ in ranked]
        # (a count before any place is the whole's: 全市共15处，其中…南渚区6处 asked of 南渚区 is its part's)
        whole = about[0] is None and marks is places and "其中" in norm[ranked[0][1].end : marks[0][0]]
        if about[0] not in asked and (about[0] is not None or whole):
            return next((c for (_, c, _), t in zip(ranked, about, strict=True)
                         if family & set(c.source.split("+")) and t in asked), None)
    return None


_CLAUSE_END = re.compile(r"[，,；;。：:！？!?]")


def _date_of_asked_verb(question: Question, sentence: str, ranked: Ranked) -> SpanCandidate | None:
    """For a when-question, the best-ranked date whose clause goes on with more of what the question says after
    its wh-word (11月16日上午7时30分鸣枪开跑 for 哪天开跑; 11月30日前完成全部项目主体施工 for 在什么时间之前完成…主体
    施工) than the ranker's best date's does (the report's 9月4日，记者…获悉; the meeting's 8月29日)."""
    if question.kind != "date" or not question.chinese or "date" not in ranked[0][1].source.split("+"):
        return None
    said = {b for b in char_pairs(question.right) if CJK_CHAR.match(b[0]) and CJK_CHAR.match(b[1])}
    if not said:
        return None
    norm = aligned_norm(sentence)

    def goes_on(c: SpanCandidate) -> int:
        if norm[c.start : c.end] in question.norm:  # a date the question gives is not asked (2003年以及哪一年)
            return 0
        after = norm[c.end :]
        after = after[1:] if after[:1] in "，," else after  # a date put first: 1970年，在…取得学士学位
        clause = _CLAUSE_END.split(after, maxsplit=1)[0]
        return sum(b in clause for b in said)

    least, top = min(2, len(said)), goes_on(ranked[0][1])
    return next((c for _, c, _ in ranked if "date" in c.source.split("+") and goes_on(c) >= max(least, top + 1)),
                None)


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
    其中护理型床位410张; 其中中级工班1730人、高级工班1130人), when the ranker's best is the whole's: the question
    names what sets the part apart."""
    if not question.chinese or question.kind != "number":
        return None
    norm = aligned_norm(sentence)
    counts = sorted((c for _, c, _ in ranked if "number" in c.source.split("+")), key=lambda c: c.start)
    top = ranked[0][1]
    for m in re.finditer("其中", norm):
        # the parts listed after it, each named before its count (其中中级工班1730人、高级工班1130人)
        opened, whole = m.end(), norm[: m.start()]
        for count in (c for c in counts if c.start > m.end()):
            part = norm[opened : count.start]
            if len(part) > 12 or re.search(r"[，,；;。]", part):
                break
            opened = count.end
            if count.start == top.start or not norm[count.start : count.end].endswith(question.measure):
                continue  # 多少张: 410张, not 312万人次
            own = char_pairs(part) - char_pairs(whole)
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


def chosen_span(question: Question, sentence: str, ranked: Ranked, date: str | None = None) -> SpanCandidate:
    """The span the short answer is cut from: the first choice above that applies, else the ranker's best; a
    list's item widened to the list when the question asks for several (``date``: the article's, for 去年)."""
    best = (_byline_role(question, sentence, ranked) or _date_of_asked_verb(question, sentence, ranked)
            or _date_range(question, sentence, ranked)
            or _most_of_several(question, sentence, ranked)
            or _name_after_titles(question, sentence, ranked) or _holder_of_asked_title(question, sentence, ranked)
            or _counted_first(question, sentence, ranked) or _holder_first(question, sentence, ranked)
            or _count_in_stretch(question, sentence, ranked, date) or _amount_of_kind(question, sentence, ranked)
            or _in_asked_stretch(question, sentence, ranked, date) or _part_asked(question, sentence, ranked)
            or _counted_list_first(question, ranked) or _of_the_kind_asked(question, sentence, ranked)
            or _quoted_name(question, sentence) or ranked[0][1])
    best = _whole_list(question, ranked, best, sentence[best.start : best.end])
    return _several_listed(question, sentence, ranked, best)
