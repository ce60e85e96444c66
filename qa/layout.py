"""Layout repair: undo the line breaks of print layout so each paragraph is one line.

Scanned and exported newspaper pages break paragraphs mid-word and mid-sentence; answers are quoted from
``Article.text``, so those breaks are removed here, before chunking. Only whitespace ever changes.
"""

from __future__ import annotations

import re
import unicodedata

from qa.bylines import CLOSERS, SENTENCE_END, ends_with_byline, is_byline
from qa.dates import parse_date

_STARTS_BLOCK = re.compile(
    r"(?:#|>|\||[-*+]\s|[•●■◆▲★☆◇□]|\d{1,2}[.．、)）](?!\d)|[(（][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3}[章节節部篇条條]|【|本报讯|本報訊|新华社|新華社"
    r"|(?:-{3,}|\*{3,}|_{3,})$)"
)
_SECTION_HEADING_MAX = 30
_DATE_LINE_MAX = 40
_WEEKDAY = re.compile(r"[\s,，]*(?:星期|周|禮拜|礼拜)[一二三四五六日天]\s*$")
_NO_SPACE_EXTRA = frozenset("“”‘’…—·")


def repair_layout(text: str) -> str:
    """Undo print-layout breaks: rejoin paragraphs split mid-word or mid-sentence, one paragraph a line.

    Lines (blank-separated or not) are joined when the first does not end a sentence, is no byline or
    heading, and the next does not start a new block (heading, list item, 本报讯, a byline). Nothing is
    inserted between CJK characters, one space between Latin words; only whitespace ever changes.

    >>> repair_layout("企业签\\n\\n约入驻。记者 朱翔宇\\n\\n## 下一篇")
    '企业签约入驻。记者 朱翔宇\\n## 下一篇'
    """
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        unit = raw.strip()
        if not unit:
            continue
        if lines and _continues(lines[-1], unit):
            lines[-1] = _join(lines[-1], unit)
        else:
            lines.append(unit)
    return "\n".join(lines)


def _continues(previous: str, following: str) -> bool:
    """Whether ``following`` continues the paragraph ``previous`` (a layout break, not a new paragraph)."""
    return not (
        ends_sentence(previous)
        or _is_block_line(previous)
        or ends_with_byline(previous)
        or _STARTS_BLOCK.match(following) is not None
        or is_byline(following)
    )


def ends_sentence(line: str) -> bool:
    """True when the line ends in sentence-final punctuation, looking through closing quotes and brackets."""
    core = line.rstrip().rstrip(CLOSERS)
    return not core or core[-1] in SENTENCE_END


def _is_block_line(line: str) -> bool:
    """Headings, rules, table rows, a date on its own line (``2025年6月12日 星期四``, under a title) and short
    numbered section titles (``一、总体要求``) stand on their own."""
    if line.startswith(("#", "|")) or re.fullmatch(r"-{3,}|\*{3,}|_{3,}", line):
        return True
    if len(line) <= _DATE_LINE_MAX and parse_date(_WEEKDAY.sub("", line)) is not None:
        return True
    short_title = len(line) <= _SECTION_HEADING_MAX and not re.search(r"[，,。；;]", line)
    return short_title and _STARTS_BLOCK.match(line) is not None and not line.startswith(("本报讯", "本報訊"))


def _join(left: str, right: str) -> str:
    """Glue a broken paragraph: nothing between CJK characters, one space between Latin words or digits.

    In Chinese text a number broken across lines is one number (1.3 / 5万亿元 is 1.35万亿元): Chinese puts
    no space between numbers and words, so no break there was a space.
    """
    if _is_wide(left[-1]) or _is_wide(right[0]):
        return left + right
    if _NUMBER_BREAK_LEFT.search(left) and right[0].isdigit() and any(_is_wide(ch) for ch in left[-12:]):
        return left + right
    if _WORD_BROKEN.search(left) and right[0].islower():
        return left + right  # environ-/ment: a word hyphenated at the line end is one word (the hyphen stays)
    return f"{left} {right}"


_NUMBER_BREAK_LEFT = re.compile(r"\d[.,]?$")
_WORD_BROKEN = re.compile(r"[A-Za-z]-$")


def _is_wide(ch: str) -> bool:
    if "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff":  # Hangul: Korean separates words by spaces
        return False
    return ch in _NO_SPACE_EXTRA or unicodedata.east_asian_width(ch) in ("W", "F")
