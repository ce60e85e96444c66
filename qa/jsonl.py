"""``.jsonl`` article files: one ``Article.to_dict()`` object per line, checked field by field.

A bad line is a ``Problem`` with its line number and the other lines are kept. A file over the size cap is
streamed line by line (then it must be UTF-8, as JSON Lines requires); only an oversized line is skipped.
A ``date`` is read into ISO 8601 (``dates.parse_date``); one that is not a date is dropped, its article
kept, and the file gets one ``Problem`` naming every such line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from qa.dates import parse_date
from qa.decoding import max_article_bytes, read_text, too_big
from qa.inputs import Problem, Source, UnreadableFileError
from qa.types import Article


def jsonl_articles(file: Source, problems: list[Problem]) -> list[tuple[Article, int | None]]:
    """One article per line; a bad line is a Problem with its line number and the other lines are kept."""
    found: list[tuple[Article, int | None]] = []
    unread_dates: list[tuple[int, str]] = []
    first_problem, questions = len(problems), 0
    for number, raw in _jsonl_lines(file, problems):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            article, unread = _with_iso_date(_record_article(record, file))
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(file.shown, number, f"not valid JSON ({exc.msg}, column {exc.colno}); line skipped")
            )
        except ValueError as exc:
            questions += isinstance(record, dict) and "question" in record and "text" not in record
            problems.append(Problem(file.shown, number, f"{exc}; line skipped"))
        else:
            found.append((article, number))
            if unread is not None:
                unread_dates.append((number, unread))
    if not found and questions and questions == len(problems) - first_problem:
        # A question set (for `qa eval`) among the articles: one line for the file, not one per question.
        del problems[first_problem:]
        problems.append(Problem(file.shown, None, f"holds no articles: its {questions} lines have 'question' but no "
                                "'text' (a question set for `qa eval`?); file skipped"))
    if unread_dates:
        problems.append(_dates_dropped(file, unread_dates))
    return found


def _with_iso_date(article: Article) -> tuple[Article, str | None]:
    """The article with its date in ISO 8601, and the original value when it is not a date (then dropped).

    The JSON contract promises ISO dates; a value like ``yesterday`` or ``2024-13-45`` is no date at all,
    but the article itself is good data and is kept.
    """
    if article.date is None:
        return article, None
    iso = parse_date(article.date)
    unread = None if iso or not article.date.strip() else article.date
    return replace(article, date=iso), unread


_SHOWN_DATES = 5


def _dates_dropped(file: Source, unread: list[tuple[int, str]]) -> Problem:
    """One Problem for every unreadable date of a file: the lines and values, and how to write a date."""
    shown = ", ".join(f"line {number} {_clipped(value)!r}" for number, value in unread[:_SHOWN_DATES])
    more = f" and {len(unread) - _SHOWN_DATES} more" if len(unread) > _SHOWN_DATES else ""
    articles = "article is" if len(unread) == 1 else "articles are"
    return Problem(
        file.shown,
        None,
        f"the date of {len(unread)} {articles.split()[0]} ({shown}{more}): not a date qa can read; the "
        f"{articles} kept without a date; write dates as YYYY-MM-DD (or --MM-DD when only month and day "
        "are known)",
        kept=True,
    )


def _clipped(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _jsonl_lines(file: Source, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    """(line number, text) of a .jsonl file: decoded whole when small, else streamed as UTF-8 (JSON Lines)."""
    limit = max_article_bytes()
    try:
        size = file.path.stat().st_size
    except OSError as exc:
        raise UnreadableFileError(file.shown, f"cannot be read ({exc.strerror or exc})") from exc
    if size <= limit:
        yield from enumerate(read_text(file.path).split("\n"), 1)
        return
    with open(file.path, "rb") as f:
        for number, (raw, length) in enumerate(_bounded_lines(f, limit), 1):
            if raw is None:
                problems.append(Problem(file.shown, number, too_big(length, limit, "line") + "; line skipped"))
                continue
            try:
                yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                problems.append(Problem(file.shown, number, f"not valid UTF-8 (byte offset {exc.start}); line "
                                        "skipped: a large .jsonl file must be UTF-8"))


def _bounded_lines(f: Any, limit: int) -> Iterator[tuple[bytes | None, int]]:
    """(line, length) per line, or (None, length) for a line over ``limit`` bytes, which is skipped unread."""
    while line := f.readline(limit + 1):
        if line.endswith(b"\n") or len(line) <= limit:
            yield line, len(line)
            continue
        length = len(line)
        while not line.endswith(b"\n") and (line := f.readline(1 << 20)):
            length += len(line)
        yield None, length


_OPTIONAL_TEXT_FIELDS = ("title", "date", "source", "url", "subtitle")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _record_article(record: Any, file: Source) -> Article:
    """``Article.from_dict`` with the checks it leaves out; raises ValueError saying what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object with 'id' and 'text', got {type(record).__name__}")
    if isinstance(record.get("id"), str) and not record["id"].strip():  # present but blank: not "missing"
        raise ValueError("'id' is empty; give each article an id")
    missing = [key for key in ("id", "text") if record.get(key) in (None, "")]
    if missing:
        raise ValueError("missing " + " and ".join(f"'{key}'" for key in missing))
    if not isinstance(record["id"], str | int) or isinstance(record["id"], bool):
        raise ValueError(f"'id' must be a string or a whole number, not {_json_type(record['id'])}")
    if not isinstance(record["text"], str):
        raise ValueError("'text' must be a string")
    for key in _OPTIONAL_TEXT_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f"'{key}' must be a string, not {_json_type(record[key])}")
    record = dict(record)
    if isinstance(record.get("authors"), str):  # a lone name, not a sequence of one-character names
        record["authors"] = [record["authors"]]
    authors = record.get("authors")
    if authors is not None and not (isinstance(authors, list) and all(isinstance(a, str) for a in authors)):
        raise ValueError(f"'authors' must be a list of names, not {_json_type(authors)}")
    record["source"] = record.get("source") or file.source
    article = Article.from_dict(record)
    _reject_surrogates(article)
    return article


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _reject_surrogates(article: Article) -> None:
    """JSON can escape half a UTF-16 pair (\\ud800); such text cannot be written or embedded."""
    for key, value in article.to_dict().items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and _SURROGATE.search(text):
                raise ValueError(f"'{key}' holds an unpaired UTF-16 surrogate (a broken \\ud8xx escape)")
