"""Sentence-aware chunking with character offsets into the article text.

Sentences end at 。！？!?；… (with any closing quotes/brackets that follow), at a Latin full stop
followed by a space, and at line breaks. Chunks pack whole sentences up to ``max_chars``; a single
longer sentence is cut at clause marks (，,、：) or, failing that, hard. Spans partition the
article: consecutive, gap-free, so every character belongs to exactly one chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.types import Article, Chunk

MAX_CHARS = 300
MAX_SENTENCE = 200  # characters of one quoted sentence before it is cut at its semicolons
MAX_QUOTE = 2 * MAX_SENTENCE  # a piece still longer (text without stops) is cut at commas, or between words

_SENTENCE_END = re.compile(r"(?:[。！？!?；;]+|…+|\.{3,}|\.(?=\s)|\n+)[”’」』）)\"'】]*\s*")
# A full stop: what ends a sentence for a reader (a semicolon only ends a clause). A Latin full stop after
# a lone capital (C.L. Max, Rufus B. von), a title (Dr. Mr.) or Nos., one before a lower-case word (10 p.m. on
# weekdays) and a month's before its day (CHENGWAN, Sept. 2, 2025 —) are abbreviations, not ends.
_MONTH_DAY = r"(?!(?<=\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.)\s+\d)(?!(?<=\bSept\.)\s+\d)"
_FULL_STOP = re.compile(r"(?:[。！？!?]+|…+|\.{3,}|(?<![A-Z])(?<!\b(?:Dr|Mr|Ms|St|Jr|Sr|No|vs))(?<!\bNos)"
                        rf"\.(?=\s+(?![a-z])){_MONTH_DAY}|\n+)"
                        r"[”’」』）)\"'】]*\s*")
_CLAUSE_END = re.compile(r"[，,、：:]\s*")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentence_spans(text: str, full: bool = False) -> list[Span]:
    """Spans of sentences, trailing whitespace included, covering ``text`` without gaps.

    Chunking also ends a sentence at a semicolon (finer packing); ``full=True`` ends one only at a full
    stop, as a reader would quote it.
    """
    spans: list[Span] = []
    start = 0
    for m in (_FULL_STOP if full else _SENTENCE_END).finditer(text):
        if m.end() > start:
            spans.append(Span(start, m.end()))
            start = m.end()
    if start < len(text):
        spans.append(Span(start, len(text)))
    return spans


def split_long(text: str, span: Span, max_chars: int) -> list[Span]:
    """Cut one over-long sentence at clause marks, else between words, else hard at ``max_chars``."""
    pieces: list[Span] = []
    start = span.start
    while span.end - start > max_chars:
        window = text[start : start + max_chars]
        cuts = [m.end() for m in _CLAUSE_END.finditer(window) if m.end() < len(window)]
        if not cuts or cuts[-1] <= max_chars // 3:
            cuts = [m.end() for m in _SPACE.finditer(window) if m.end() < len(window)]
        cut = cuts[-1] if cuts and cuts[-1] > max_chars // 3 else max_chars
        pieces.append(Span(start, start + cut))
        start += cut
    pieces.append(Span(start, span.end))
    return pieces


def chunk_spans(text: str, max_chars: int = MAX_CHARS) -> list[Span]:
    """Greedy packing of whole sentences into spans of at most ``max_chars`` characters."""
    sentences: list[Span] = []
    for s in sentence_spans(text):
        sentences.extend(split_long(text, s, max_chars) if s.end - s.start > max_chars else [s])
    chunks: list[Span] = []
    start = end = 0
    for s in sentences:
        if s.end - start > max_chars and end > start:
            chunks.append(Span(start, end))
            start = end
        end = s.end
    if end > start:
        chunks.append(Span(start, end))
    return chunks


def chunk_article(article: Article, first_id: int, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """The chunks of one article, numbered from ``first_id``; whitespace-only tails are dropped."""
    out: list[Chunk] = []
    for span in chunk_spans(article.text, max_chars):
        piece = article.text[span.start : span.end]
        if piece.strip():
            out.append(Chunk(first_id + len(out), article.id, span.start, span.end, piece))
    return out


def trimmed(text: str, span: Span) -> Span:
    """The span without its leading/trailing whitespace (what a quote shows)."""
    piece = text[span.start : span.end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    return Span(span.start + lead, span.end - trail)


def passage_sentences(text: str, start: int, end: int) -> list[Span]:
    """Trimmed full sentences of ``text`` that overlap ``[start, end)``; one longer than ``MAX_SENTENCE``
    is cut at its semicolons instead, and a piece still longer than ``MAX_QUOTE`` (text with no stops)
    at its commas or between words (a quote should stay readable)."""
    lo, hi = max(start - MAX_SENTENCE, 0), min(end + MAX_SENTENCE, len(text))
    window = text[lo:hi]
    out: list[Span] = []
    for s in sentence_spans(window, full=True):
        pieces = [s]
        cut_by_window = (s.start == 0 and lo > 0) or (s.end == len(window) and hi < len(text))
        if s.end - s.start > MAX_SENTENCE or cut_by_window:
            pieces = [Span(s.start + p.start, s.start + p.end) for p in sentence_spans(window[s.start : s.end])]
            pieces = [q for p in pieces
                      for q in (split_long(window, p, MAX_SENTENCE) if p.end - p.start > MAX_QUOTE else [p])]
        for p in pieces:
            span = trimmed(text, Span(lo + p.start, lo + p.end))
            if span.end > start and span.start < end:
                out.append(span)
    return out
