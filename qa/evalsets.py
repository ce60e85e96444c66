"""The questions of an evaluation: a JSONL QA set, or the questions of a SQuAD-style benchmark.

A QA set line is ``{"id", "question", "answers", "article_ids"?, "lang"?}``; ``answers`` is empty when
the question is not answerable. A bad line raises ``EvalDataError`` naming the file, the line and the fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import EvalDataError
from qa.inputs import Problem
from qa.squad import squad_entries
from qa.types import Article


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
    _require(qid is not None, where, "missing 'id'")
    _require(isinstance(qid, str | int) and not isinstance(qid, bool), where, "'id' must be a string or a whole number")
    _require(bool(str(qid).strip()), where, "'id' is empty; give each question an id")
    _require(isinstance(question, str) and bool(question.strip()), where, "missing or empty 'question'")
    _require(_is_text_list(answers), where, "'answers' must be a list of non-empty strings ([] = not answerable)")
    article_ids = row.get("article_ids") or []
    _require(_is_text_list(article_ids), where, "'article_ids' must be a list of article ids")
    lang = row.get("lang")
    _require(lang is None or isinstance(lang, str), where, "'lang' must be a string such as \"zh\"")
    return EvalQuestion(str(qid), question, tuple(answers), tuple(article_ids), lang)


def squad_questions(data: Path, problems: list[Problem] | None = None,
                    limit: int | None = None) -> tuple[list[Article], list[EvalQuestion], list[str]]:
    """Every article, the questions (the first ``limit`` when given) and what was left out up to the last of
    them, in file order: the ids of empty questions (CMRC trial has two) and the place and reason of each
    malformed entry, which is also appended to ``problems``. A file with no usable question is an error."""
    articles: list[Article] = []
    questions: list[EvalQuestion] = []
    skipped: list[str] = []
    malformed: list[Problem] = []
    for entry in squad_entries(data):
        if isinstance(entry, Article):
            articles.append(entry)  # the corpus stays whole under a limit
        elif limit is not None and len(questions) >= limit:
            continue
        elif isinstance(entry, Problem):
            malformed.append(entry)
            skipped.append(entry.message)
        elif not entry.question.strip():
            skipped.append(entry.id)
        else:
            questions.append(EvalQuestion(entry.id, entry.question, tuple(entry.answers), (entry.article_id,)))
    if not questions and malformed:
        raise EvalDataError(
            f"{data}: no usable questions ({len(malformed)} malformed entr{'y' if len(malformed) == 1 else 'ies'} "
            f"skipped, first {malformed[0].message.rsplit('; ', 1)[0]}); give each question \"question\" and "
            '"answers" (a list of {"text": …}; [] = not answerable)'
        )
    if not questions:
        raise EvalDataError(f"{data}: the benchmark has no questions")
    if problems is not None:
        problems += malformed
    return articles, questions, skipped
