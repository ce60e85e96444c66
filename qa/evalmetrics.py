"""The metrics of an evaluation, from its question rows: retrieval, answers, cost, intervals, per language.

Shares and scores are percentages (0..100); a metric whose questions are absent from the set is left out.
"""

from __future__ import annotations

import math
import resource
from collections.abc import Sequence

from qa.evalrows import QuestionRow
from qa.metrics import bootstrap_ci, mrr_at, percentile, recall_at

BOOTSTRAP_SAMPLES = 1000


def _share(flags: Sequence[bool]) -> float:
    return 100.0 * sum(flags) / len(flags) if flags else math.nan


def retrieval_metrics(rows: Sequence[QuestionRow]) -> dict[str, float]:
    """R@1/5/20 and MRR@10 over answerable questions with a gold article; answer-hit@5 over answerable ones."""
    scored = [r.gold_rank for r in rows if r.gold_answers and r.gold_articles]
    out: dict[str, float] = {}
    if scored:
        out |= {"R@1": recall_at(scored, 1), "R@5": recall_at(scored, 5), "R@20": recall_at(scored, 20),
                "MRR@10": mrr_at(scored, 10)}
    answerable = [r for r in rows if r.gold_answers]
    if answerable:
        out["answer_hit@5"] = _share([r.answer_hit5 for r in answerable])
    return out


def _supported(row: QuestionRow) -> bool:
    """Gold answer in the composed answer and a gold article among the cited ones."""
    in_answer = bool(row.answered) and any(g in (row.answer or "") for g in row.gold_answers)
    return in_answer and bool(set(row.cited_articles) & set(row.gold_articles))


def answer_metrics(rows: Sequence[QuestionRow]) -> dict[str, float]:
    """Answer quality, abstention and citation validity over the questions that were answered or declined."""
    asked = [r for r in rows if r.answered is not None]
    if not asked:
        return {}
    answerable = [r for r in asked if r.gold_answers]
    unanswerable = [r for r in asked if not r.gold_answers]
    answered = [r for r in asked if r.answered]
    out = {"answered": _share([bool(r.answered) for r in asked])}
    if answerable:
        out["top_sentence_acc"] = _share([any(g in (r.top_quote or "") for g in r.gold_answers) for r in answerable])
        out["answer_recall"] = _share([bool(r.answered) and any(g in (r.answer or "") for g in r.gold_answers)
                                       for r in answerable])
        out["EM"] = 100.0 * sum(r.em or 0.0 for r in answerable) / len(answerable)
        out["F1"] = 100.0 * sum(r.f1 or 0.0 for r in answerable) / len(answerable)
        out["declined_wrongly"] = _share([not r.answered for r in answerable])
        with_gold = [r for r in answerable if r.gold_articles]
        if with_gold:
            out["supported_answer"] = _share([_supported(r) for r in with_gold])
    if unanswerable:
        out["declined_correctly"] = _share([not r.answered for r in unanswerable])
    if answered:
        out["answer_chars_mean"] = sum(r.answer_chars or 0 for r in answered) / len(answered)
    citations = sum(r.citations for r in asked)
    if citations:
        out["citation_validity"] = 100.0 * sum(r.citations_valid for r in asked) / citations
    return out


def cost_metrics(rows: Sequence[QuestionRow], chunks_per_s: float | None) -> dict[str, float | None]:
    """Index build rate, warm per-question latency (p50/p95, ms) and the process's peak RSS (MB)."""
    search = [r.latency_ms for r in rows]
    out: dict[str, float | None] = {
        "index_chunks_per_s": chunks_per_s,
        "latency_p50_ms": percentile(search, 50),
        "latency_p95_ms": percentile(search, 95),
    }
    answer = [r.answer_latency_ms for r in rows if r.answer_latency_ms is not None]
    if answer:
        out["answer_latency_p50_ms"] = percentile(answer, 50)
        out["answer_latency_p95_ms"] = percentile(answer, 95)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return out


def confidence_intervals(rows: Sequence[QuestionRow]) -> dict[str, tuple[float, float]]:
    """95% bootstrap intervals of R@5, MRR@10 and F1 (percentages)."""
    scored = [r for r in rows if r.gold_answers and r.gold_articles]
    series = {
        "R@5": [100.0 * (r.gold_rank is not None and r.gold_rank <= 5) for r in scored],
        "MRR@10": [100.0 / r.gold_rank if r.gold_rank and r.gold_rank <= 10 else 0.0 for r in scored],
        "F1": [100.0 * r.f1 for r in rows if r.gold_answers and r.f1 is not None],
    }
    return {name: bootstrap_ci(values, n=BOOTSTRAP_SAMPLES) for name, values in series.items() if values}


def metrics_by_lang(rows: Sequence[QuestionRow]) -> dict[str, dict[str, float]]:
    """Retrieval and answer metrics per question language, when a set mixes languages (else empty)."""
    langs = sorted({r.lang for r in rows if r.lang})
    if len(langs) < 2:
        return {}
    groups = {lang: [r for r in rows if r.lang == lang] for lang in langs}
    return {lang: {"questions": float(len(g)), **retrieval_metrics(g), **answer_metrics(g)}
            for lang, g in groups.items()}
