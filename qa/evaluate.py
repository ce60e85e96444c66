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
"""

from __future__ import annotations

import hashlib
import json
import math
import resource
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa import __version__
from qa.chunking import MAX_CHARS, chunk_article
from qa.errors import BackendUnavailableError, BadQuestionError, QAError
from qa.metrics import bootstrap_ci, em, f1, mrr_at, percentile, recall_at
from qa.types import Answer, Article, Chunk, Hit

if TYPE_CHECKING:
    from qa.index import Index

MODES = ("hybrid", "lexical", "dense", "rrf", "bm25-jieba")
SEARCH_K = 20
SAVED_HITS = 10  # hits per question in the per-question file
ANSWER_PASSAGES = 5
DEFAULT_CACHE = Path("eval/cache")
DEFAULT_INDEX = Path("embeddings")
BOOTSTRAP_SAMPLES = 1000

Progress = Callable[[str, int, int], None]  # (stage, done, total), as for Index.build
Searcher = Callable[[str], list[Hit]]
Answerer = Callable[[str, list[Hit]], Answer]


class EvalDataError(QAError):
    """An evaluation file is missing, of an unknown kind, or has a bad line."""


# ---- data ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvalQuestion:
    """One question with its gold answer texts (none = not answerable) and gold articles (may be unknown)."""

    id: str
    question: str
    answers: tuple[str, ...]
    article_ids: tuple[str, ...] = ()
    lang: str | None = None


def load_qa_set(path: Path) -> list[EvalQuestion]:
    """Read a JSONL QA set; a bad line raises ``EvalDataError`` naming the file, the line and the fix."""
    questions: list[EvalQuestion] = []
    seen: dict[str, int] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").split("\n")
    except FileNotFoundError as e:
        raise EvalDataError(f"{path}: no such file; check the path") from e
    except UnicodeDecodeError as e:
        raise EvalDataError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8") from e
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        question = _parse_line(line, f"{path}:{number}")
        if question.id in seen:
            raise EvalDataError(f"{path}:{number}: id {question.id!r} is already used on line "
                                f"{seen[question.id]}; ids must be unique")
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise EvalDataError(f"{path}: no questions; write one JSON object per line with id, question, answers")
    return questions


def _require(ok: bool, where: str, message: str) -> None:
    if not ok:
        raise EvalDataError(f"{where}: {message}; line format: "
                            '{"id": "q1", "question": "…", "answers": ["…"], "article_ids": ["…"]}')


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _parse_line(line: str, where: str) -> EvalQuestion:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise EvalDataError(f"{where}: not valid JSON ({e.msg}, column {e.colno}); fix or delete the line") from e
    _require(isinstance(row, dict), where, "expected a JSON object")
    qid, question, answers = row.get("id"), row.get("question"), row.get("answers")
    _require(isinstance(qid, str | int) and not isinstance(qid, bool) and str(qid) != "", where, "missing 'id'")
    _require(isinstance(question, str) and bool(question.strip()), where, "missing or empty 'question'")
    _require(_is_text_list(answers), where, "'answers' must be a list of non-empty strings ([] = not answerable)")
    article_ids = row.get("article_ids") or []
    _require(_is_text_list(article_ids), where, "'article_ids' must be a list of article ids")
    lang = row.get("lang")
    _require(lang is None or isinstance(lang, str), where, "'lang' must be a string such as \"zh\"")
    return EvalQuestion(str(qid), question, tuple(answers), tuple(article_ids), lang)


def _squad_questions(data: Path) -> tuple[list[Article], list[EvalQuestion], list[str]]:
    """Articles, questions, and the ids of empty questions (CMRC trial has two), which are left out."""
    from qa.ingest import load_squad

    articles, found = load_squad(data)
    questions = [EvalQuestion(q.id, q.question, tuple(q.answers), (q.article_id,)) for q in found
                 if q.question.strip()]
    if not questions:
        raise EvalDataError(f"{data}: the benchmark has no questions")
    return articles, questions, [q.id for q in found if not q.question.strip()]


# ---- corpus and index ------------------------------------------------------------------------------------


@dataclass
class _Corpus:
    articles: Mapping[str, Article]
    chunks: list[Chunk]
    index: Index | None
    folder: Path | None
    build: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # ids of unusable questions left out of the run


def cache_key(data: Path, model: str) -> str:
    """What a cached benchmark index depends on: the file's bytes, the model, the qa version, the chunking."""
    digest = hashlib.sha256(Path(data).read_bytes()).hexdigest()
    recipe = f"{digest}\0{model}\0qa-{__version__}\0max_chars-{MAX_CHARS}"
    return hashlib.sha256(recipe.encode("utf-8")).hexdigest()[:16]


def code_fingerprint() -> str:
    """Hash of the qa sources: the version string is not bumped for every change to tokenising or index files."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.name not in ("evaluate.py", "cli.py"):
            h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def _stats_path(folder: Path) -> Path:
    return folder.parent / f"{folder.name}.build.json"


def _load_cached(folder: Path, model: str, fingerprint: str) -> tuple[Index | None, bool]:
    """(the cached index if it loads and holds this corpus, whether a stale/damaged one is in the way)."""
    from qa.index import Index

    if not (folder / "CURRENT").exists():
        return None, False
    try:
        index = Index.load(folder, model=model)
    except QAError:
        return None, True
    if index.manifest.get("corpus_fingerprint") != fingerprint:
        return None, False
    return index, False


def _benchmark_index(data: Path, articles: Sequence[Article], model: str, cache_dir: Path,
                     progress: Progress | None) -> tuple[Index, dict[str, Any]]:
    """Load the cached index of a benchmark, or build it (and remember how fast that was)."""
    from qa.index import Index, _fingerprint

    folder = cache_dir / f"{data.stem}-{cache_key(data, model)}"
    index, damaged = _load_cached(folder, model, _fingerprint(articles))
    stats_file = _stats_path(folder)
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.is_file() else {}
    if index is not None and stats.get("code") == code_fingerprint():
        return index, {**stats, "built": False}
    # Missing, stale or built by other qa code: (re)build; unchanged chunk texts keep their vectors.
    index = Index.build([data], folder=folder, model=model, rebuild=damaged, progress=progress, wait=600)
    report = index.last_build
    if report.reused == 0 and report.seconds > 0:  # a full build: its rate is the one worth keeping
        stats = {"seconds": round(report.seconds, 2), "chunks": len(index.chunks),
                 "embedded": report.embedded, "chunks_per_s": round(len(index.chunks) / report.seconds, 2)}
    stats["code"] = code_fingerprint()
    stats_file.write_text(json.dumps(stats), encoding="utf-8")
    return index, {**stats, "built": True, "embedded_now": report.embedded}


def _squad_corpus(data: Path, mode: str, model: str, cache_dir: Path,
                  progress: Progress | None) -> tuple[list[EvalQuestion], _Corpus]:
    articles, questions, skipped = _squad_questions(data)
    if mode == "bm25-jieba":  # the baseline needs the chunks only: no embedding
        chunks: list[Chunk] = []
        for article in articles:
            chunks.extend(chunk_article(article, len(chunks)))
        return questions, _Corpus({a.id: a for a in articles}, chunks, None, None, skipped=skipped)
    index, build = _benchmark_index(data, articles, model, cache_dir, progress)
    return questions, _Corpus(index.articles, index.chunks, index, index.folder, build, skipped)


def _index_corpus(data: Path, folder: Path, model: str, mode: str) -> tuple[list[EvalQuestion], _Corpus]:
    from qa.index import Index

    questions = load_qa_set(data)
    index = Index.load(folder, model=None if mode == "bm25-jieba" else model)
    missing = sorted({a for q in questions for a in q.article_ids} - index.articles.keys())
    if missing:
        raise EvalDataError(
            f"{data}: {len(missing)} gold article id(s) are not in the index at {folder} (first: {missing[0]!r}); "
            "point --index at the index of the right corpus, or fix article_ids"
        )
    return questions, _Corpus(index.articles, index.chunks, index, folder, {"built": False})


def _prepare(data: Path, index: Path | None, mode: str, model: str, cache_dir: Path,
             progress: Progress | None) -> tuple[list[EvalQuestion], _Corpus]:
    if not data.is_file():
        raise EvalDataError(f"{data}: no such file; give a SQuAD-style .json benchmark or a .jsonl QA set")
    suffix = data.suffix.lower()
    if suffix == ".json":
        if index is not None:
            raise EvalDataError(f"{data} is a SQuAD-style benchmark and brings its own corpus; drop --index")
        return _squad_corpus(data, mode, model, cache_dir, progress)
    if suffix == ".jsonl":
        return _index_corpus(data, index or DEFAULT_INDEX, model, mode)
    raise EvalDataError(f"{data}: unsupported file type; give a SQuAD-style .json benchmark or a .jsonl QA set")


# ---- the bm25-jieba baseline ------------------------------------------------------------------------------


def jieba_tokens(text: str) -> list[str]:
    """jieba words of the lower-cased text, without spaces and punctuation-only tokens."""
    import jieba

    return [t for t in jieba.lcut(text.lower()) if t.strip() and not _is_punctuation(t)]


def _is_punctuation(token: str) -> bool:
    return all(unicodedata.category(c)[0] in "PSZ" for c in token)


class JiebaBM25:
    """The baseline many Chinese RAG setups use: rank_bm25's BM25Okapi over jieba words of each chunk.

    Chunks are indexed as the product indexes them (``title + "\\n" + chunk text``); no normalisation, so
    Traditional questions meet Traditional text as jieba segments it.
    """

    def __init__(self, bm25: Any, chunks: Sequence[Chunk], seconds: float) -> None:
        self._bm25 = bm25
        self.chunks = list(chunks)
        self.seconds = seconds

    @classmethod
    def build(cls, articles: Mapping[str, Article], chunks: Sequence[Chunk]) -> JiebaBM25:
        import logging

        try:
            import jieba
            from rank_bm25 import BM25Okapi
        except ImportError as e:
            raise BackendUnavailableError(
                "the bm25-jieba baseline needs jieba and rank-bm25: pip install 'qa[eval]' "
                "(or pip install jieba==0.42.1 rank-bm25==0.2.2)"
            ) from e
        from qa.index import embedding_text

        jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter
        jieba.initialize()  # a one-time load (~1 s), not part of the indexing rate
        t0 = time.perf_counter()
        corpus = [jieba_tokens(embedding_text(articles[c.article_id], c)) or [""] for c in chunks]
        return cls(BM25Okapi(corpus), chunks, time.perf_counter() - t0)

    def search(self, question: str, k: int = SEARCH_K) -> list[Hit]:
        """The ``k`` best chunks with a positive score, best first."""
        from qa.lexical import top_k

        tokens = jieba_tokens(question)
        if not tokens or not self.chunks:
            return []
        rows, scores = top_k(self._bm25.get_scores(tokens), k)
        kept = [(int(r), float(s)) for r, s in zip(rows, scores, strict=True) if s > 0]
        return [Hit(rank, self.chunks[row], score, lexical=score) for rank, (row, score) in enumerate(kept, 1)]


# ---- one question -----------------------------------------------------------------------------------------


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


def _evaluate_question(q: EvalQuestion, search: Searcher, answer: Answerer | None,
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


# ---- metrics ----------------------------------------------------------------------------------------------


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


# ---- the report -------------------------------------------------------------------------------------------


def _json_number(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


@dataclass
class EvalReport:
    """Metrics of one mode on one dataset, with one row per question and the configuration that produced it."""

    dataset: str
    mode: str
    metrics: dict[str, float | None]
    rows: list[QuestionRow]
    config: dict[str, Any]
    ci95: dict[str, tuple[float, float]] = field(default_factory=dict)
    by_lang: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self, rows: bool = False) -> dict[str, Any]:
        """The stable JSON shape of ``qa eval --json`` (rows only when asked for)."""
        d: dict[str, Any] = {
            "dataset": self.dataset,
            "mode": self.mode,
            "metrics": {k: _json_number(v) for k, v in self.metrics.items()},
            "ci95": {k: [_json_number(lo), _json_number(hi)] for k, (lo, hi) in self.ci95.items()},
            "by_lang": self.by_lang,
            "config": self.config,
        }
        if rows:
            d["rows"] = [r.to_dict() for r in self.rows]
        return d

    def write_per_question(self, path: str | Path, append: bool = False) -> None:
        """One JSON object per question (the dataset and mode included, so files from many runs can be joined)."""
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            for row in self.rows:
                line = {"dataset": self.dataset, "mode": self.mode, **row.to_dict()}
                f.write(json.dumps(line, ensure_ascii=False) + "\n")

    def write_trec(self, path: str | Path, run_name: str | None = None, append: bool = False) -> None:
        """A TREC run (``qid Q0 docid rank score run``) at article level: each article at its best chunk's rank."""
        run = run_name or f"qa-{self.mode}"
        if not run or any(c.isspace() for c in run):
            raise QAError(f"TREC run name {run!r} must be one word without spaces")
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in trec_lines(self.rows, run))


def _trec_id(value: str) -> str:
    """TREC files are whitespace-separated: ids with spaces get underscores."""
    return "_".join(value.split()) or "_"


def trec_lines(rows: Sequence[QuestionRow], run_name: str) -> list[str]:
    """TREC run lines; chunks are deduplicated to articles, keeping each article's best (first) rank."""
    lines: list[str] = []
    for row in rows:
        best: dict[str, float] = {}
        for article_id, score in row.retrieved:
            best.setdefault(article_id, score)
        lines += [f"{_trec_id(row.id)} Q0 {_trec_id(doc)} {rank} {score:.6f} {run_name}"
                  for rank, (doc, score) in enumerate(best.items(), 1)]
    return lines


# ---- running ----------------------------------------------------------------------------------------------


def _retriever(corpus: _Corpus, mode: str) -> tuple[Searcher, dict[str, Any]]:
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
    _evaluate_question(questions[0], search, answer, articles)
    rows = []
    for i, q in enumerate(questions, 1):
        rows.append(_evaluate_question(q, search, answer, articles))
        if progress:
            progress("questions", i, len(questions))
    return rows


def _check_args(mode: str, limit: int | None) -> None:
    if mode not in MODES:
        raise QAError(f"unknown mode {mode!r}; use one of: {', '.join(MODES)}")
    if limit is not None and limit < 1:
        raise QAError(f"limit must be at least 1, not {limit}")


def _config(data: Path, corpus: _Corpus, questions: Sequence[EvalQuestion], rows: Sequence[QuestionRow],
            mode: str, model: str, limit: int | None, answer_path: str | None, build: dict[str, Any]) -> dict:
    manifest = corpus.index.manifest if corpus.index is not None else {}
    sources = [r.prediction_source for r in rows if r.prediction_source]
    return {
        "data": str(data), "kind": "squad" if data.suffix.lower() == ".json" else "qa-jsonl",
        "mode": mode, "model": model if corpus.index is not None else None,
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


def evaluate(data: Path, index: Path | None = None, mode: str = "hybrid", model: str = "e5",
             limit: int | None = None, cache_dir: Path | None = None, answers: bool = True,
             progress: Progress | None = None) -> EvalReport:
    """Run every question of ``data`` through retrieval (and answering) in ``mode``; return the metrics.

    ``index`` is the index a ``.jsonl`` QA set is asked of (default ``embeddings/``); SQuAD benchmarks are
    indexed into ``cache_dir`` (default ``eval/cache/``) once. ``limit`` keeps the first N questions (the
    corpus stays whole). The bm25-jieba baseline reports retrieval metrics only. Example::

        report = evaluate(Path("eval/seed_qa.jsonl"), index=Path("embeddings"))
        print(report.metrics["R@5"], report.metrics.get("declined_correctly"))
    """
    data = Path(data)
    _check_args(mode, limit)
    t0 = time.perf_counter()
    questions, corpus = _prepare(data, index, mode, model, Path(cache_dir or DEFAULT_CACHE), progress)
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
    return EvalReport(str(data), mode, metrics, rows, config, confidence_intervals(rows), metrics_by_lang(rows))


__all__ = ["MODES", "EvalDataError", "EvalQuestion", "EvalReport", "JiebaBM25", "QuestionRow", "evaluate",
           "load_qa_set"]
