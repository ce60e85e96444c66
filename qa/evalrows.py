"""One question of an evaluation: ask it, find the gold rank among the hits, score the answer.

Retrieval is scored at passage level over the top ``SEARCH_K`` chunks: a hit is a chunk of a gold article
and the gold rank is the rank of its first chunk. A question the product refuses (too long…) is a miss
with the reason kept, not a failure of the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from qa.errors import BadQuestionError
from qa.evalsets import EvalQuestion
from qa.metrics import em, f1
from qa.types import Answer, Article, Hit

SEARCH_K = 20
SAVED_HITS = 10  # hits per question in the per-question file

Searcher = Callable[[str], list[Hit]]
Answerer = Callable[[str, list[Hit]], Answer]


@dataclass
class QuestionRow:
    """What happened to one question: its hits, gold rank, answer and scores (``answered`` None = not asked)."""

    id: str
    question: str
    gold_answers: list[str]
    gold_articles: list[str]
    retrieved: list[tuple[str, float]]  # (article id, score) of each hit, best first
    gold_rank: int | None
    answer_hit5: bool
    latency_ms: float
    lang: str | None = None
    answered: bool | None = None
    answer: str | None = None
    answer_chars: int | None = None  # of the quotes, without the [n] markers
    short_answer: str | None = None
    confidence: float | None = None  # the answer's calibrated confidence (declined below the cut)
    prediction: str | None = None
    prediction_source: str | None = None  # "short_answer" or "first_quote"
    top_quote: str | None = None
    cited_articles: list[str] = field(default_factory=list)
    citations: int = 0
    citations_valid: int = 0
    em: float | None = None
    f1: float | None = None
    answer_latency_ms: float | None = None
    error: str | None = None  # why the product refused the question, if it did

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["retrieved"] = [{"article_id": a, "score": round(s, 6)} for a, s in self.retrieved[:SAVED_HITS]]
        d["latency_ms"] = round(self.latency_ms, 3)
        if self.answer_latency_ms is not None:
            d["answer_latency_ms"] = round(self.answer_latency_ms, 3)
        return d


def gold_rank(hits: Sequence[Hit], gold_articles: Sequence[str]) -> int | None:
    """Rank of the first hit from a gold article (None when none is among the hits or none is known)."""
    gold = set(gold_articles)
    return next((h.rank for h in hits if h.article_id in gold), None)


def answer_in_hits(hits: Sequence[Hit], answers: Sequence[str]) -> bool:
    """A gold answer appears verbatim in one of the hits' chunk text."""
    return any(a in h.chunk.text for h in hits for a in answers)


def _ask(q: EvalQuestion, search: Searcher) -> tuple[list[Hit], float, str | None]:
    """Hits and latency; a question the product refuses (too long…) is a miss with the reason kept."""
    t0 = time.perf_counter()
    try:
        hits, error = search(q.question), None
    except BadQuestionError as e:
        hits, error = [], str(e)
    return hits, 1000 * (time.perf_counter() - t0), error


def _fill_answer(row: QuestionRow, q: EvalQuestion, hits: list[Hit], answer: Answerer,
                 articles: Mapping[str, Article]) -> None:
    t0 = time.perf_counter()
    ans = answer(q.question, hits)
    row.answer_latency_ms = 1000 * (time.perf_counter() - t0)
    row.answered = ans.answered
    row.answer = ans.text
    row.short_answer = ans.short_answer
    row.confidence = round(ans.confidence, 4)
    row.citations = len(ans.citations)
    row.citations_valid = sum(articles[c.article_id].text[c.start : c.end] == c.quote for c in ans.citations)
    row.cited_articles = list(dict.fromkeys(c.article_id for c in ans.citations))
    if ans.answered and ans.citations:
        row.answer_chars = sum(len(c.quote) for c in ans.citations)
        row.top_quote = ans.citations[0].quote
        row.prediction = ans.short_answer if ans.short_answer is not None else row.top_quote
        row.prediction_source = "short_answer" if ans.short_answer is not None else "first_quote"
    if q.answers:
        row.em, row.f1 = em(row.prediction, q.answers), f1(row.prediction, q.answers)


def evaluate_question(q: EvalQuestion, search: Searcher, answer: Answerer | None,
                      articles: Mapping[str, Article]) -> QuestionRow:
    hits, latency, error = _ask(q, search)
    row = QuestionRow(
        id=q.id, question=q.question, gold_answers=list(q.answers), gold_articles=list(q.article_ids),
        retrieved=[(h.article_id, h.score) for h in hits], gold_rank=gold_rank(hits, q.article_ids),
        answer_hit5=answer_in_hits(hits[:5], q.answers), latency_ms=latency, lang=q.lang, error=error,
    )
    if answer is not None and error is None:
        _fill_answer(row, q, hits, answer, articles)
    elif answer is not None:
        row.answered = False
        row.em = row.f1 = 0.0 if q.answers else None
    return row
