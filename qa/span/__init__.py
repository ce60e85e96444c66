"""The short answer: the span of the best sentence that answers the question (e.g. "9家").

Four steps, one module each:

- ``candidates``: the spans worth scoring (wh-anchors, typed pieces, lists, names, runs of new words);
- ``scoring``: their features and the learned ranker's scores (``answer_model.json``, ``span``);
- ``choices``: where the question's form says more than the ranker learned (the count after the counted
  noun, the figure of the year or place asked, the holder of an office…), another of the scored spans;
- ``edits``: the chosen span's edges (a particle, the year before a month, the whole of a range or a list).

When the ranker is not sure enough of its best, or its best is the whole sentence anyway, there is no short
answer.
"""

from __future__ import annotations

import math

from qa.bylines import ASKS_BYLINE, byline_spans
from qa.learned import weights
from qa.question import Question
from qa.span.candidates import (
    COUNT,
    SURNAMES,
    TITLE,
    TITLE_SURNAMES,
    UNIT,
    Ranked,
    SpanCandidate,
    aligned_norm,
    anchor_strength,
    covered,
    span_candidates,
    states_date,
)
from qa.span.choices import DEPUTY_EN, chosen_span, counted_noun, noun_before_wh
from qa.span.edits import edited, list_core, whole_range, with_equivalent
from qa.span.scoring import (
    distance_to_question,
    gap_to_question,
    scored_spans,
    scored_spans_of,
    span_evidence,
    span_features,
    word_features,
)

__all__ = [
    "COUNT", "DEPUTY_EN", "SURNAMES", "TITLE", "TITLE_SURNAMES", "UNIT", "Ranked", "SpanCandidate", "aligned_norm",
    "anchor_strength", "counted_noun", "covered", "distance_to_question", "gap_to_question", "list_core",
    "noun_before_wh", "scored_spans", "scored_spans_of", "short_answer", "span_candidates", "span_evidence",
    "span_features", "states_date", "whole_range", "with_equivalent", "word_features",
]


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
    best = chosen_span(question, sentence, ranked, date)
    if 1.0 / total < weights("threshold").get("span", 0.0) or "sentence" in best.source.split("+"):
        return None
    return edited(question, sentence, best)
