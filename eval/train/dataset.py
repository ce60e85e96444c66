"""Cached training questions: the index, the question and its hits (from dump_hits.py) as ``Hit`` objects."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from dump_hits import load

from qa.answer import Evidence, gather, score_sentences
from qa.evaluate import DEFAULT_CACHE
from qa.index import Index
from qa.types import Hit

ANSWER_HITS = 5


@dataclass
class Row:
    id: str
    question: str
    answers: list[str]
    article_ids: list[str]
    lang: str | None
    hits: list[Hit]


def load_rows(name: str) -> tuple[Index, list[Row]]:
    """The dataset's index and its questions with cached hits."""
    index, _ = load(name)
    # every pass over the questions needs their query vectors: keep them all, not the last few
    index.query_vector = functools.cache(index.query_vector)  # type: ignore[method-assign]
    rows = []
    with open(DEFAULT_CACHE / f"hits-{name}.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            hits = [Hit(rank, index.chunks[cid], score, lex, dense) for cid, rank, score, lex, dense in d["hits"]]
            rows.append(Row(d["id"], d["question"], d["answers"], d["article_ids"], d["lang"], hits))
    return index, rows


def evidence_of(index: Index, row: Row, hide_gold: bool = False, hide_sentences: bool = False) -> Evidence:
    """What ``compose`` sees for the question. Two kinds of simulated near miss: ``hide_gold`` drops the
    answering article; ``hide_sentences`` keeps it but drops every sentence that states a gold answer
    (the archive covers the subject, not the asked fact)."""
    hits = [h for h in row.hits if not (hide_gold and h.article_id in row.article_ids)][:ANSWER_HITS]
    # Min-max fusion gives the best remaining hit 1.0 once the answering article is gone: rescale like it.
    top = max((h.score for h in hits), default=1.0) if hide_gold else 1.0
    hits = [Hit(rank, h.chunk, h.score / top if top > 0 else h.score, h.lexical, h.dense)
            for rank, h in enumerate(hits, 1)]
    evidence = gather(row.question, hits, index, dense=True)  # features for a model still to be trained
    if hide_sentences:
        evidence.candidates = [c for c in evidence.candidates if not any(a in c.text for a in row.answers)]
        score_sentences(evidence)
    return evidence
