"""What an evaluation's questions are asked of: its articles, chunks and index.

A SQuAD-style ``.json`` benchmark brings its own corpus (every paragraph), indexed through the benchmark
cache; a ``.jsonl`` QA set is asked of an existing index (default ``embeddings/``), which must hold its gold
articles. The bm25-jieba baseline needs only the chunks, so a benchmark is not embedded for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.chunking import chunk_article
from qa.encoders import DEFAULT_SPEC
from qa.errors import EvalDataError
from qa.evalcache import benchmark_index
from qa.evalsets import EvalQuestion, load_qa_set, squad_questions
from qa.inputs import Problem
from qa.types import Article, Chunk

if TYPE_CHECKING:
    from qa.index import Index, Progress

DEFAULT_INDEX = Path("embeddings")


@dataclass
class Corpus:
    """What questions are asked of: articles, chunks and index (None for the baseline on a benchmark).

    ``build`` says how the index was obtained (the cache's stats); ``skipped`` holds unusable questions, and
    ``problems`` the malformed entries among them, for the ``qa: skipped`` lines.
    """

    articles: Mapping[str, Article]
    chunks: list[Chunk]
    index: Index | None
    folder: Path | None
    build: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # unusable questions left out: ids, or place and reason
    problems: list[Problem] = field(default_factory=list)


def _squad_corpus(data: Path, mode: str, model: str, cache_dir: Path, progress: Progress | None,
                  limit: int | None) -> tuple[list[EvalQuestion], Corpus]:
    problems: list[Problem] = []
    articles, questions, skipped = squad_questions(data, problems, limit)
    if mode == "bm25-jieba":  # the baseline needs the chunks only: no embedding
        chunks: list[Chunk] = []
        for article in articles:
            chunks.extend(chunk_article(article, len(chunks)))
        return questions, Corpus({a.id: a for a in articles}, chunks, None, None, skipped=skipped,
                                 problems=problems)
    index, build = benchmark_index(data, articles, model, cache_dir, progress)
    return questions, Corpus(index.articles, index.chunks, index, index.folder, build, skipped, problems)


def _index_corpus(data: Path, folder: Path, model: str | None, mode: str) -> tuple[list[EvalQuestion], Corpus]:
    """The QA set's questions over an existing index, queried with the model it was built with (``model``,
    when given, must be that one)."""
    from qa.index import Index

    questions = load_qa_set(data)
    index = Index.load(folder, model=None if mode == "bm25-jieba" else model)
    missing = sorted({a for q in questions for a in q.article_ids} - index.articles.keys())
    if missing:
        raise EvalDataError(
            f"{data}: {len(missing)} gold article id(s) are not in the index at {folder} (first: {missing[0]!r}); "
            "point --index at the index of the right corpus, or fix article_ids"
        )
    return questions, Corpus(index.articles, index.chunks, index, folder, {"built": False})


def prepare(data: Path, index: Path | None, mode: str, model: str | None, cache_dir: Path, progress: Progress | None,
            limit: int | None = None) -> tuple[list[EvalQuestion], Corpus]:
    """The questions of ``data`` (a benchmark's first ``limit``, with only the entries skipped up to them) and
    what they are asked of; a missing or unknown file is an ``EvalDataError``."""
    if not data.is_file():
        raise EvalDataError(f"{data}: no such file; give a SQuAD-style .json benchmark or a .jsonl QA set")
    suffix = data.suffix.lower()
    if suffix == ".json":
        if index is not None:
            raise EvalDataError(f"{data} is a SQuAD-style benchmark and brings its own corpus; drop --index")
        return _squad_corpus(data, mode, model or DEFAULT_SPEC, cache_dir, progress, limit)
    if suffix == ".jsonl":
        return _index_corpus(data, index or DEFAULT_INDEX, model, mode)
    raise EvalDataError(f"{data}: unsupported file type; give a SQuAD-style .json benchmark or a .jsonl QA set")
