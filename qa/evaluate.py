"""Evaluation: retrieval, answer and cost metrics of the pipeline on a benchmark or a QA set.

    >>> from qa.evaluate import evaluate
    >>> report = evaluate(Path("../shared/benchmarks/cmrc2018_trial.json"), mode="hybrid")
    >>> report.metrics["R@5"], report.metrics["F1"]

Two kinds of data:

* a SQuAD-style ``.json`` benchmark: the corpus is every paragraph, the queries every question, and the
  gold passage is the question's own paragraph. Its index is built once into ``cache_dir`` (keyed by the
  file's bytes, the model, the qa version and the chunking) and reused by later runs without embedding.
* a ``.jsonl`` QA set (``id``, ``question``, ``answers`` — empty when not answerable —, optional
  ``article_ids`` and ``lang``) asked of an existing index.

Retrieval is scored at passage level over the top ``SEARCH_K`` chunks: a hit is a chunk of a gold article
and the gold rank is the rank of its first chunk. Shares and scores are percentages (0..100).

This module runs an evaluation; the steps live in their own modules, in the order a run takes them:
``evalsets.py`` (the questions), ``evalcache.py`` (the benchmark index cache), ``evalcorpus.py`` (what the
questions are asked of), ``evalbaseline.py`` (the bm25-jieba baseline), ``evalrows.py`` (one question),
``evalmetrics.py`` (the metrics over all questions) and ``evalreport.py`` (the report and its files).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa import __version__
from qa.errors import BadArgumentError, EvalDataError
from qa.evalbaseline import JiebaBM25
from qa.evalcache import DEFAULT_CACHE as DEFAULT_CACHE
from qa.evalcache import cache_key as cache_key
from qa.evalcache import code_fingerprint as code_fingerprint
from qa.evalcorpus import Corpus, prepare
from qa.evalmetrics import answer_metrics, confidence_intervals, cost_metrics, metrics_by_lang, retrieval_metrics
from qa.evalreport import EvalReport
from qa.evalreport import trec_lines as trec_lines
from qa.evalrows import SEARCH_K, Answerer, QuestionRow, Searcher, evaluate_question
from qa.evalrows import gold_rank as gold_rank
from qa.evalsets import EvalQuestion, load_qa_set
from qa.evalsets import squad_questions as _squad_questions  # noqa: F401
from qa.types import Article

if TYPE_CHECKING:
    from qa.index import Index, Progress

MODES = ("hybrid", "lexical", "dense", "rrf", "bm25-jieba")
ANSWER_PASSAGES = 5


def _retriever(corpus: Corpus, mode: str) -> tuple[Searcher, dict[str, Any]]:
    """The search function of ``mode``; the baseline is built here (its build is timed as the index's)."""
    if mode == "bm25-jieba":
        bm25 = JiebaBM25.build(corpus.articles, corpus.chunks)
        rate = len(corpus.chunks) / bm25.seconds if bm25.seconds > 0 else None
        return (lambda q: bm25.search(q, SEARCH_K)), {"built": True, "seconds": round(bm25.seconds, 2),
                                                       "chunks_per_s": rate}
    index = corpus.index
    assert index is not None
    return (lambda q: index.search(q, k=SEARCH_K, mode=mode)), corpus.build  # type: ignore[arg-type]


def _answerer(index: Index, mode: str) -> Answerer:
    """Hybrid answers through ``Index.ask`` itself; other modes compose from that mode's own hits."""
    if mode == "hybrid":
        return lambda question, _hits: index.ask(question, k=ANSWER_PASSAGES)
    from qa.answer import compose

    return lambda question, hits: compose(question, hits[:ANSWER_PASSAGES], index, passages=ANSWER_PASSAGES)


def _run(questions: Sequence[EvalQuestion], search: Searcher, answer: Answerer | None,
         articles: Mapping[str, Article], progress: Progress | None) -> list[QuestionRow]:
    """One question at a time, after one untimed warm-up question (model loads, caches fill)."""
    evaluate_question(questions[0], search, answer, articles)
    rows = []
    for i, q in enumerate(questions, 1):
        rows.append(evaluate_question(q, search, answer, articles))
        if progress:
            progress("questions", i, len(questions))
    return rows


def _check_args(mode: str, limit: int | None) -> None:
    if mode not in MODES:
        raise BadArgumentError(f"unknown mode {mode!r}; use one of: {', '.join(MODES)}")
    if limit is not None and limit < 1:
        raise BadArgumentError(f"limit must be at least 1, not {limit}")


def _config(data: Path, corpus: Corpus, questions: Sequence[EvalQuestion], rows: Sequence[QuestionRow],
            mode: str, model: str | None, limit: int | None, answer_path: str | None, build: dict[str, Any]) -> dict:
    manifest = corpus.index.manifest if corpus.index is not None else {}
    sources = [r.prediction_source for r in rows if r.prediction_source]
    return {
        "data": str(data), "kind": "squad" if data.suffix.lower() == ".json" else "qa-jsonl",
        "mode": mode, "model": manifest.get("encoder", {}).get("spec", model) if corpus.index is not None else None,
        "model_id": manifest.get("encoder", {}).get("model_id"),
        "index": str(corpus.folder) if corpus.folder else None, "k": SEARCH_K, "limit": limit,
        "questions": len(questions), "skipped_questions": corpus.skipped,
        "refused_questions": [r.id for r in rows if r.error], "answerable": sum(bool(q.answers) for q in questions),
        "with_gold_article": sum(bool(q.answers and q.article_ids) for q in questions),
        "articles": len(corpus.articles), "chunks": len(corpus.chunks), "qa_version": __version__,
        "fusion": manifest.get("fusion"), "build": build, "answers": answer_path,
        "prediction": {s: sources.count(s) for s in ("short_answer", "first_quote")},
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def evaluate(data: Path, index: Path | None = None, mode: str = "hybrid", model: str | None = None,
             limit: int | None = None, cache_dir: Path | None = None, answers: bool = True,
             progress: Progress | None = None) -> EvalReport:
    """Run every question of ``data`` through retrieval (and answering) in ``mode``; return the metrics.

    ``index`` is the index a ``.jsonl`` QA set is asked of (default ``embeddings/``); SQuAD benchmarks are
    indexed into ``cache_dir`` (default ``eval/cache/``) once. ``limit`` keeps the first N questions (the
    corpus stays whole), and ``skipped_questions`` and ``problems`` only what was skipped up to the last of
    them. The bm25-jieba baseline reports retrieval metrics only. Example::

        report = evaluate(Path("eval/seed_qa.jsonl"), index=Path("embeddings"))
        print(report.metrics["R@5"], report.metrics.get("declined_correctly"))
    """
    data = Path(data)
    _check_args(mode, limit)
    t0 = time.perf_counter()
    questions, corpus = prepare(data, index, mode, model, Path(cache_dir or DEFAULT_CACHE), progress, limit)
    questions = questions[:limit] if limit is not None else questions
    search, build = _retriever(corpus, mode)
    wants_answers = answers and mode != "bm25-jieba" and corpus.index is not None  # the baseline only retrieves
    answer = _answerer(corpus.index, mode) if wants_answers else None
    answer_path = None if answer is None else "Index.ask" if mode == "hybrid" else f"compose(search({mode}))"
    rows = _run(questions, search, answer, corpus.articles, progress)
    metrics: dict[str, float | None] = {**retrieval_metrics(rows), **answer_metrics(rows)}
    metrics |= cost_metrics(rows, build.get("chunks_per_s"))
    config = _config(data, corpus, questions, rows, mode, model, limit, answer_path, build)
    config["seconds"] = round(time.perf_counter() - t0, 2)
    return EvalReport(str(data), mode, metrics, rows, config, confidence_intervals(rows), metrics_by_lang(rows),
                      corpus.problems)


# Also imported from here (eval/train, tests), hence the aliases above: DEFAULT_CACHE, cache_key,
# code_fingerprint, gold_rank, trec_lines and _squad_questions.
__all__ = ["MODES", "EvalDataError", "EvalQuestion", "EvalReport", "JiebaBM25", "QuestionRow", "evaluate",
           "load_qa_set"]
