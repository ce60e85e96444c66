"""Bylines and datelines: who wrote an article and on which day, read from its own text.

Chinese newspapers credit authors in bylines (``记者 朱翔宇 通讯员 刘聪``) at the end of a paragraph, on a
line of their own, in parentheses or after ``本报讯``, and date an article in the lead (``1月12日，…``).
Layout repair uses the same byline patterns: a byline ends a paragraph and is never glued to the next one.
"""

from __future__ import annotations

import re
import unicodedata

from qa.dates import first_date, parse_date

_ROLE = (
    r"(?:本报记者|本報記者|见习记者|見習記者|实习记者|實習記者|特约记者|特約記者|首席记者|首席記者|摄影记者|攝影記者"
    r"|记者|記者|通讯员|通訊員|实习生|實習生)"
)
_NOT_A_NAME = rf"(?!{_ROLE}|报道|報導|摄影|攝影|整理|供图|供圖)"
# Names may use rarer characters (赵䶮: CJK Extension A, 𠮷: Extension B) as well as the common block.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
_NAME = rf"{_NOT_A_NAME}[{_HAN}]{{2,4}}(?:[·•][{_HAN}]{{1,6}})?(?![{_HAN}·•])"
_BYLINE = (
    rf"{_ROLE}[ \t\u3000:：]*{_NAME}(?:[ \t\u3000、]+{_NAME})*(?:[ \t\u3000]*{_ROLE}[ \t\u3000:：]*{_NAME}"
    rf"(?:[ \t\u3000、]+{_NAME})*)*"
)

# Sentence-final punctuation and what may close a sentence after it; layout repair reads them too.
SENTENCE_END = "。！？!?…；;：:．｡"
CLOSERS = "”’」』）)》】〕〉\"'"

_WHOLE_BYLINE = re.compile(rf"[(（]?\s*(?P<byline>{_BYLINE})\s*[)）]?")
_TAIL_BYLINE = re.compile(
    rf"(?:^|(?<=[{SENTENCE_END}{CLOSERS}]))\s*[(（]?\s*(?P<byline>{_BYLINE})\s*[)）]?$", re.MULTILINE
)
_PAREN_BYLINE = re.compile(rf"[(（]\s*(?P<byline>{_BYLINE})\s*[)）]")
_LEAD_BYLINE = re.compile(rf"^(?:本报讯|本報訊)\s*(?P<byline>{_BYLINE})")
# Taiwan papers' lead bracket: 【本報記者王大明／臺中報導】 (the place after the slash is not a name).
_BRACKET_BYLINE = re.compile(rf"【\s*(?P<byline>{_BYLINE})\s*[／/∕]\s*[{_HAN}]{{1,10}}(?:報導|报道|電|电)\s*】")
_ROLE_RE = re.compile(_ROLE)
# Who reported or wrote an article: its byline (记者 朱翔宇 通讯员 刘聪) answers, not its sentences. Reporters
# someone spoke to (向记者介绍, told reporters) are no question about the byline.
ASKS_BYLINE = re.compile(
    r"(?<![向对给跟])(?<!告诉)(?<!接受)记者|通讯员|作者|撰稿|撰文|署名|"
    r"\b(?<!told )(?<!tell )(?<!tells )(?<!briefed )(?<!brief )(?<!briefs )(?<!informed )(?<!to )"
    r"(?:reporter|correspondent)s?\b|\b(?:author|byline|wrote|written)s?\b|\bwho (?:reported|covered)\b"
)

_LEAD_CLAUSE_END = re.compile(r"[，,。；;！？!?]")
# An English byline on a line of its own: "By" and one to three capitalised names (2–4 words each).
_EN_NAME = r"[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){1,3}"
_ENGLISH_BYLINE = re.compile(rf"By (?P<names>{_EN_NAME}(?:(?:, | and |, and ){_EN_NAME}){{0,2}})")


def byline_spans(text: str) -> list[tuple[int, int]]:
    """Where a sentence holds a byline in brackets or after 本报讯 (本报讯（记者 吴浩然 通讯员 林小燕）…): its
    names answer who reported, nothing else."""
    return [m.span("byline") for p in (_PAREN_BYLINE, _LEAD_BYLINE, _BRACKET_BYLINE) for m in p.finditer(text)]


def is_byline(line: str) -> bool:
    """True when the whole line is a byline such as ``记者 朱翔宇 通讯员 刘聪`` (parentheses allowed), or an
    English one (``By Anna Clarke``, ``By Anna Clarke and Tom Hill``)."""
    line = line.strip()
    return _WHOLE_BYLINE.fullmatch(line) is not None or _ENGLISH_BYLINE.fullmatch(line) is not None


def ends_with_byline(line: str) -> bool:
    """True when the line ends in a byline standing after a sentence (``…贡献。记者 朱翔宇``) or alone."""
    line = line.strip()
    return _TAIL_BYLINE.search(line) is not None or _ENGLISH_BYLINE.fullmatch(line) is not None


def extract_authors(text: str) -> tuple[str, ...]:
    """Author names from bylines: ending a paragraph, on their own line, in parentheses, after 本报讯 or in a
    【…報導】 bracket."""
    bylines: list[tuple[int, str]] = []
    for pattern in (_TAIL_BYLINE, _PAREN_BYLINE, _BRACKET_BYLINE):
        bylines += [(m.start(), m["byline"]) for m in pattern.finditer(text)]
    lead = _LEAD_BYLINE.match(text.lstrip())
    if lead:
        bylines.append((-1, lead["byline"]))
    names: list[str] = []
    for _, byline in sorted(bylines):
        for name in re.split(r"[\s、:：]+", _ROLE_RE.sub(" ", byline)):
            if name and name not in names:
                names.append(name)
    for line in text.split("\n"):
        english = _ENGLISH_BYLINE.fullmatch(line.strip())
        if english:
            names += [n for n in re.split(r", and |, | and ", english["names"]) if n not in names]
    return tuple(names)


def extract_date(text: str) -> str | None:
    """ISO date of the lead's dateline: ``2024-01-12``, or ``--01-12`` when no year is printed.

    Only the start of the first paragraph (up to its first clause break) is read, so years and dates
    mentioned later in the body are never taken for the publication date; ``近日`` gives None.
    """
    lines = text.lstrip().split("\n", 2)
    if len(lines) > 1 and _ENGLISH_BYLINE.fullmatch(lines[0].strip()):
        lines = lines[1:]  # By Anna Clarke, then the dateline
    lead = lines[0][:60]
    english = _ENGLISH_DATELINE.match(lead)
    if english:
        return parse_date(english["date"])
    stop = _LEAD_CLAUSE_END.search(lead)
    return first_date(unicodedata.normalize("NFKC", lead[: stop.start()] if stop else lead))


# An English wire dateline: a place in capitals or capitalised words, the date, then a dash or a bracket
# (LONDON, March 3, 2024 — …; NORWICH, 12 January 2024 - …; BEIJING, Jan. 12 (Xinhua) -- …).
_ENGLISH_DATELINE = re.compile(
    r"(?:[A-Z][A-Z .'-]*[A-Z]|[A-Z][a-z]+(?: [A-Z][a-z]+)*)(?:, [A-Z][A-Za-z. ]+)?,\s+"
    r"(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?|\d{1,2} [A-Z][a-z]{2,8}(?: \d{4})?)\s*(?:[—–-]|\()"
)
