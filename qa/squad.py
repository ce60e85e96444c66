"""SQuAD-style ``.json`` files: ``{"data": [{"title", "paragraphs": [{"id"?, "context", "qas"}]}]}``.

Each paragraph is one ``Article`` whose text is the context verbatim, so the benchmark's answer offsets
stay valid. ``load_articles`` keeps only the articles; ``load_squad`` also reads the questions and their
gold answer texts, for evaluation. Incomplete items and questions are ``Problem`` entries.
"""

from __future__ import annotations

import json
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


def _squad_items(document: Any, file: Source, problems: list[Problem]) -> list[tuple[Article, list[Any]]]:
    """(article, raw qas) per paragraph of a SQuAD document; incomplete items are Problems."""
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, list):
        raise UnreadableFileError(
            file.shown, "not a SQuAD-style file: no top-level 'data' list; use .jsonl for plain articles"
        )
    found: list[tuple[Article, list[Any]]] = []
    for i, item in enumerate(data):
        paragraphs = item.get("paragraphs") if isinstance(item, dict) else None
        if not isinstance(paragraphs, list):
            problems.append(Problem(file.shown, None, f"data[{i}]: missing 'paragraphs'; item skipped"))
            continue
        for j, paragraph in enumerate(paragraphs):
            article = _squad_article(item, paragraph, f"{file.stem}-{i}-{j}", file)
            if article is None:
                problems.append(
                    Problem(
                        file.shown, None, f"data[{i}].paragraphs[{j}]: missing 'context'; paragraph skipped"
                    )
                )
                continue
            found.append((article, paragraph.get("qas") or []))
    return found


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
    return [(article, None) for article, _ in _squad_items(_read_json(file), file, problems)]


def load_squad(
    path: PathInput, problems: list[Problem] | None = None
) -> tuple[list[Article], list[SquadQuestion]]:
    """Read a SQuAD-style benchmark: one Article per paragraph and its questions with gold answer texts.

    Unusable paragraphs and questions are skipped and appended to ``problems`` when given. Example::

        articles, questions = load_squad("../shared/benchmarks/cmrc2018_trial.json")
    """
    file = source_of(Path(path))
    sink: list[Problem] = [] if problems is None else problems
    articles: list[Article] = []
    questions: list[SquadQuestion] = []
    for article, qas in _squad_items(_read_json(file), file, sink):
        articles.append(article)
        questions += _squad_questions(article.id, qas, file, sink)
    return articles, questions


def _squad_questions(
    article_id: str, qas: Any, file: Source, problems: list[Problem]
) -> list[SquadQuestion]:
    questions: list[SquadQuestion] = []
    for k, qa in enumerate(qas if isinstance(qas, list) else []):
        if not isinstance(qa, dict) or not isinstance(qa.get("question"), str):
            problems.append(
                Problem(file.shown, None, f"paragraph {article_id}: question {k} has no 'question'; skipped")
            )
            continue
        answers = [a["text"] for a in qa.get("answers") or [] if isinstance(a, dict) and "text" in a]
        questions.append(
            SquadQuestion(str(qa.get("id") or f"{article_id}-q{k}"), qa["question"], answers, article_id)
        )
    return questions
