"""SQuAD-style ``.json`` files: ``{"data": [{"title", "paragraphs": [{"id"?, "context", "qas"}]}]}``.

Each paragraph is one ``Article`` whose text is the context verbatim, so the benchmark's answer offsets
stay valid. ``load_articles`` keeps only the articles; ``load_squad`` also reads the questions and their
gold answer texts, for evaluation. Incomplete items and questions are ``Problem`` entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.decoding import read_text
from qa.inputs import PathInput, Problem, Source, UnreadableFileError, source_of
from qa.types import Article


@dataclass
class SquadQuestion:
    """A benchmark question with its gold answer texts and the paragraph (article) that answers it."""

    id: str
    question: str
    answers: list[str]
    article_id: str


def _squad_entries(document: Any, file: Source, questions: bool) -> Iterator[Article | SquadQuestion | Problem]:
    """In file order: each usable paragraph's Article, then its questions when asked for; an incomplete
    item, paragraph or question is a Problem where it is met (so a limit on questions can cut both alike)."""
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, list):
        raise UnreadableFileError(
            file.shown, "not a SQuAD-style file: no top-level 'data' list; use .jsonl for plain articles"
        )
    for i, item in enumerate(data):
        paragraphs = item.get("paragraphs") if isinstance(item, dict) else None
        if not isinstance(paragraphs, list):
            yield Problem(file.shown, None, f"data[{i}]: missing 'paragraphs'; item skipped")
            continue
        for j, paragraph in enumerate(paragraphs):
            where = f"data[{i}].paragraphs[{j}]"
            article = _squad_article(item, paragraph, f"{file.stem}-{i}-{j}", file)
            if article is None:
                yield Problem(file.shown, None, f"{where}: missing 'context'; paragraph skipped")
                continue
            yield article
            qas = paragraph.get("qas") or []
            if questions and isinstance(qas, list):
                yield from (_squad_question(qa, f"{where}.qas[{k}]", f"{article.id}-q{k}", article.id, file)
                            for k, qa in enumerate(qas))


def _squad_article(item: dict[str, Any], paragraph: Any, fallback_id: str, file: Source) -> Article | None:
    """The paragraph's context verbatim (answer offsets must stay valid), or None when it has none."""
    if not isinstance(paragraph, dict) or not isinstance(paragraph.get("context"), str):
        return None
    return Article(
        id=str(paragraph.get("id") or fallback_id),
        title=str(item.get("title") or ""),
        text=paragraph["context"],
        source=file.source,
    )


def _read_json(file: Source) -> Any:
    try:
        return json.loads(read_text(file.path))
    except json.JSONDecodeError as exc:
        raise UnreadableFileError(
            file.shown, f"not valid JSON ({exc.msg}, column {exc.colno})", exc.lineno
        ) from exc


def json_articles(file: Source, problems: list[Problem]) -> list[tuple[Article, int | None]]:
    """The paragraphs of a SQuAD-style file as articles; its questions are left to ``load_squad``."""
    articles: list[tuple[Article, int | None]] = []
    for entry in _squad_entries(_read_json(file), file, questions=False):
        if isinstance(entry, Article):
            articles.append((entry, None))
        elif isinstance(entry, Problem):
            problems.append(entry)
    return articles


def squad_entries(path: PathInput) -> Iterator[Article | SquadQuestion | Problem]:
    """A SQuAD-style benchmark in file order: each paragraph's Article, then its questions; each unusable
    item, paragraph or question as a ``Problem`` where it stands. ``load_squad`` sorts them into lists."""
    file = source_of(Path(path))
    return _squad_entries(_read_json(file), file, questions=True)


def load_squad(
    path: PathInput, problems: list[Problem] | None = None
) -> tuple[list[Article], list[SquadQuestion]]:
    """Read a SQuAD-style benchmark: one Article per paragraph and its questions with gold answer texts.

    Unusable paragraphs and questions are skipped and appended to ``problems`` when given. Example::

        articles, questions = load_squad("../shared/benchmarks/cmrc2018_trial.json")
    """
    articles: list[Article] = []
    questions: list[SquadQuestion] = []
    for entry in squad_entries(path):
        if isinstance(entry, Article):
            articles.append(entry)
        elif isinstance(entry, SquadQuestion):
            questions.append(entry)
        elif problems is not None:
            problems.append(entry)
    return articles, questions


def _squad_question(qa: Any, where: str, fallback_id: str, article_id: str, file: Source) -> SquadQuestion | Problem:
    """One question, or a Problem naming what it lacks. No 'answers' is malformed, not unanswerable: only an
    explicit empty list (or SQuAD 2.0's ``is_impossible``) says the paragraph cannot answer it."""

    def skipped(reason: str) -> Problem:
        return Problem(file.shown, None, f"{where}: {reason}; question skipped")

    if not isinstance(qa, dict):
        return skipped("not a JSON object")
    if not isinstance(qa.get("question"), str):
        return skipped("missing 'question'")
    raw = qa.get("answers")
    if raw is None and qa.get("is_impossible") is True:
        raw = []
    if not isinstance(raw, list):
        return skipped("missing 'answers'" if raw is None else "'answers' must be a list of {\"text\": …} objects")
    answers = [a["text"] for a in raw if isinstance(a, dict) and isinstance(a.get("text"), str)]
    if raw and not answers:
        return skipped("no answer has a 'text'")
    return SquadQuestion(str(qa.get("id") or fallback_id), qa["question"], answers, article_id)
