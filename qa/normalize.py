"""The normalised view used for matching (never for quoting): width-folded, lower-cased, Simplified.

Quotes always come from the article's own text; this view only decides what matches what,
so 二七區 finds 二七区 and ＧＤＰ finds gdp.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CJK = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs, extension A, compatibility
    "\U00020000-\U0002ffff"  # extensions B–F
)
CJK_CHAR = re.compile(rf"[{_CJK}]")
# A token unit: one CJK ideograph, or a run of letters/digits (a word or a number, 97.5 kept whole).
_UNIT = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+(?:\.\d+)?")
# Anything that is neither a unit nor plain spacing breaks the bigram chain (punctuation, symbols).
_BREAK = re.compile(rf"[^\w.{_CJK}\s]|_|(?<!\d)\.|\.(?!\d)")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


# Corner brackets quote in Traditional text where Simplified uses curly quotes (「專精特新」, “专精特新”):
# one character for one, so offsets into the normalised view still match the original's.
_QUOTES = str.maketrans("「」『』", "“”‘’")


def normalize(text: str) -> str:
    """NFKC (full/half width), lower case, Traditional → Simplified, corner brackets → curly quotes.
    Idempotent."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return unicodedata.normalize("NFKC", _t2s().convert(folded)).translate(_QUOTES)


def units(text: str) -> list[list[str]]:
    """Split the normalised text into runs of units; punctuation ends a run."""
    runs: list[list[str]] = []
    for piece in _BREAK.split(normalize(text)):
        found = _UNIT.findall(piece)
        if found:
            runs.append(found)
    return runs


def lexical_tokens(text: str) -> list[str]:
    """Unigrams and adjacent bigrams of units: 二七区有9家 → 二 七 区 有 9 家 二七 七区 区有 有9 9家."""
    tokens: list[str] = []
    for run in units(text):
        tokens.extend(run)
        tokens.extend(a + b for a, b in zip(run, run[1:], strict=False))
    return tokens


def is_cjk(ch: str) -> bool:
    return len(ch) == 1 and CJK_CHAR.match(ch) is not None


_LETTER = re.compile(r"[^\W_]")  # what str.isalnum() accepts, counted by the regex engine (passages are long)


def char_pairs(text: str) -> set[str]:
    """The text's pairs of adjacent characters (its bigrams): 林业局 → {林业, 业局}."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


def cjk_share(text: str) -> float:
    """Share of letters that are CJK ideographs (0 for an English question)."""
    letters = len(_LETTER.findall(text))
    return len(CJK_CHAR.findall(text)) / letters if letters else 0.0


PASSAGE_CJK = 0.1  # share of a passage's letters that are ideographs for it to count as Chinese


@lru_cache(maxsize=4096)
def written_in_chinese(passage: str) -> bool:
    """Is the passage written in Chinese? By a low share of ideographs, judged on a passage rather than one
    sentence (2023年GDP增长5.2%): Chinese prose about software or films is full of Latin names. Cached: the
    same passages come back question after question."""
    return cjk_share(passage) >= PASSAGE_CJK
