"""Who is someone the question names (樊惠林是谁？, 谁是王传胜？, Who is Fan Huilin?): the answer is the title
the archive gives them (二七区委书记樊惠林 → 二七区委书记), never another name from the same sentence.

The learned span ranker is trained on questions that ask for a name (…的导演是谁); asked who a named
person is, it returns the next name along. Here the question's subject is found, and the short answer is
the title written right before it (副区长高留念) or right after it (樊惠林,二七区委书记), or nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.normalize import normalize
from qa.question import Question
from qa.span import TITLE, TITLE_SURNAMES, SpanCandidate, aligned_norm
from qa.words import words

# A name: 2-4 ideographs, or a transliterated one with its middle dot (伊恩·法兰明); not a phrase (的, 之).
_NAME = r"[\u4e00-\u9fff]{2,4}?|[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff]{1,8}"
_WHO_IS = re.compile(rf"^(?:请问)?(?:谁是(?P<a>{_NAME})|(?P<b>{_NAME})(?:是谁|是什么人|是做什么的|是什么身份|"
                     rf"担任什么职务|是什么职务|任什么职务))[?？]?$")
_WHO_IS_EN = re.compile(r"^who (?:is|was) (?P<name>[^?]+?)\??$", re.IGNORECASE)
_NOT_A_NAME_EN = re.compile(r"^(?:the|a|an|this|that|our|its|their)\b|\b(?:of|in|at|for)\b", re.IGNORECASE)
_RUN = r"[^，,。；;：:、！？!?\s“”]"
# The title before a name runs back to the clause's start, over up to two more offices listed before it
# (区委常委、宣传部长申红涛), and ends in a title word; one after it follows a comma (樊惠林,二七区委书记) or
# closes a description that runs from the clause's start (郑州大学辛世俊教授).
_BEFORE = re.compile(rf"(?P<title>(?:{_RUN}{{1,12}}、){{0,2}}{_RUN}{{0,12}}{TITLE})\s?$")
_AFTER = re.compile(rf"\s?[，,]\s?(?P<title>{_RUN}{{0,12}}{TITLE})(?=[，,。；;、)）]|$)")
_HONORIFIC = re.compile(rf"(?:{TITLE}|先生|女士|同志|老师|博士|院士|研究员)")
_LEAD = re.compile(rf"{_RUN}{{0,12}}$")


@lru_cache(maxsize=64)
def subjects(question: Question) -> tuple[str, ...]:
    """The names a who-is question asks about (normalised), or () when it asks something else (…的导演是谁,
    二七区委书记是谁: a title asks for its holder). Cached: it is read for every candidate sentence."""
    found = _WHO_IS.match(question.norm.strip())
    if found:
        name = found.group("a") or found.group("b")
        return () if re.search(TITLE + "|[的之]", name) else (name,)
    found = _WHO_IS_EN.match(question.text.strip())
    if found is None or _NOT_A_NAME_EN.search(found.group("name")):
        return ()  # Who is the Party secretary of…: a title asks for its holder
    name = normalize(found.group("name"))
    if re.fullmatch(_NAME, name):  # Who is 樊惠林?
        return (name,)
    # Over Chinese text, through the terms the bridge found for the name (Fan Huilin: 樊惠林), not those it
    # found for the other words (Erqi: 二七区).
    return tuple(t for t in question.terms if re.fullmatch(_NAME, t) and t[0] in TITLE_SURNAMES
                 and not any(w.tag in ("ns", "nt") for w in words(t)))


def title_of(question: Question, sentence: str) -> SpanCandidate | None:
    """The title the sentence gives the person asked about, as a span of it; None when it gives none."""
    norm = aligned_norm(sentence)
    for name in subjects(question):
        for at in re.finditer(re.escape(name), norm):
            before = _BEFORE.search(norm, 0, at.start())
            if before:
                return SpanCandidate(before.start("title"), before.end("title"), "title_of")
            after = _AFTER.match(norm, at.end())
            if after:
                return SpanCandidate(after.start("title"), after.end("title"), "title_of")
            honorific = _HONORIFIC.match(norm, at.end())
            if honorific:
                lead = _LEAD.search(norm, 0, at.start())
                return SpanCandidate(lead.start() if lead else at.start(), honorific.end(), "title_of")
    return None
