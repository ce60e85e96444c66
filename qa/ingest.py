"""Ingestion: turn news files into ``Article`` records, the first stage of the pipeline.

Why a stage of its own: everything downstream quotes ``Article.text`` verbatim, so this is where
encodings are decoded (UTF-8, GB18030/GBK, Big5), newspaper pages are split into articles, print-layout
breaks are repaired, bylines and datelines are read, and bad files become ``Problem`` entries instead of
stopping the run. This module walks the inputs, hands each file to the reader of its format and keeps the
first article of each id; the steps live in their own modules, in pipeline order:

- ``inputs.py``: an input file (``Source``) and what can be wrong with it (``Problem``,
  ``UnreadableFileError``);
- ``decoding.py``: bytes to text (size cap ``$QA_MAX_ARTICLE_BYTES``, encoding detection, UTF-16/32
  without a BOM);
- ``pages.py``: ``.txt``/``.md`` newspaper pages: one article per ``#``/``##`` heading, a ``###`` line
  right after it is the subtitle; without such headings the file is one plain article;
  ``layout.py`` repairs print-layout breaks and ``bylines.py`` reads bylines and datelines;
- ``jsonl.py``: ``.jsonl``, one ``Article.to_dict()`` object per line, its ``date`` read into ISO 8601;
- ``dates.py``: dates as written (``2024年5月11日``, ``May 11, 2024``, a dateline's ``1月12日``) to ISO 8601;
- ``squad.py``: SQuAD-style ``.json``, ``{"data": [{"title", "paragraphs": [{"id"?, "context", "qas"}]}]}``.

Files and folders are accepted; folders are walked recursively in sorted order, hidden entries skipped, and
so are qa index folders (``store.is_index_folder``: an index kept inside the corpus is output, not input).

Regenerate the shipped corpus from the repository root::

    python -c "from qa.ingest import load_articles, write_jsonl; \\
    write_jsonl(load_articles('../shared/seeds/000_fdb8d20d53532580.txt').articles, \\
    'corpus/000_fdb8d20d53532580.jsonl')"

Example::

    result = load_articles(["corpus/"])
    for problem in result.problems:
        print(problem)          # corpus/bad.txt: not valid UTF-8 ...
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from qa.bylines import extract_authors, extract_date
from qa.decoding import max_article_bytes, read_text
from qa.errors import IngestError
from qa.inputs import PathInput, Problem, Source, UnreadableFileError, printable_name, source_of, special_kind
from qa.jsonl import jsonl_articles
from qa.layout import repair_layout
from qa.pages import text_file_articles
from qa.squad import SquadQuestion, json_articles, load_squad
from qa.store import is_index_folder
from qa.types import Article

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestResult",
    "Problem",
    "SquadQuestion",
    "UnreadableFileError",
    "check_output",
    "extract_authors",
    "extract_date",
    "load_articles",
    "load_squad",
    "max_article_bytes",
    "read_text",
    "repair_layout",
    "write_jsonl",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".jsonl", ".json")
_SUPPORTED_HINT = "give .txt/.md pages or articles, .jsonl article files or SQuAD-style .json files"
_NAME_NOT_UTF8 = (
    "file name is not valid UTF-8 (undecodable bytes shown as \\xNN); rename it in UTF-8, e.g. "
    "convmv -f gbk -t utf-8 --notest FILE"
)


@dataclass
class IngestResult:
    """What ``load_articles`` found: the articles in input order and every input it had to skip.

    ``origins[i]`` is the file ``articles[i]`` was read from (as given, not shortened like ``source``), so an
    index update can tell which articles a re-ingested path still holds. ``files``: every file that was
    read (resolved), so the output can be kept from overwriting one of them.
    """

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    named_by_file: set[str] = field(default_factory=set)  # ids made from a file name, not given in the data


_NAMED_BY_FILE = (".txt", ".md", ".json")  # formats whose article ids come from the file name
_LOADERS = {
    ".txt": text_file_articles,
    ".md": text_file_articles,
    ".jsonl": jsonl_articles,
    ".json": json_articles,
}


def load_articles(paths: PathInput | Iterable[PathInput], exclude: Iterable[PathInput] = ()) -> IngestResult:
    """Load every article under ``paths`` (files or folders); bad files become Problems, not failures.

    Folders met while walking ``paths`` are left out when they hold a qa index or are one of ``exclude``
    (``Index.build`` excludes the index folder it writes). Raises ``IngestError`` when a path does not exist
    or when nothing at all could be loaded. Example::

        result = load_articles(["corpus/", "extra/page.txt"])
        print(len(result.articles), *result.problems, sep="\\n")
    """
    inputs = [Path(paths)] if isinstance(paths, str | os.PathLike) else [Path(p) for p in paths]
    result = IngestResult()
    first_seen: dict[str, str] = {}  # id → where it was first read ("path" or "path:line")
    first_file: dict[str, str] = {}
    for file in _input_files(inputs, result.problems, {Path(p).resolve() for p in exclude}):
        result.files.append(file.path.resolve())
        try:
            found = _LOADERS[file.path.suffix.lower()](file, result.problems)
        except UnreadableFileError as exc:
            result.problems.append(exc.to_problem())
            continue
        named_by_file = file.path.suffix.lower() in _NAMED_BY_FILE
        for article, line in found:
            if named_by_file and first_file.get(article.id, file.shown) != file.shown:
                article = replace(article, id=located_id(article.id, file.path, lambda i: i not in first_seen))
            _keep_first(article, Problem(file.shown, line, "duplicate"), first_seen, result)
            first_file.setdefault(article.id, file.shown)
            if named_by_file:
                result.named_by_file.add(article.id)
    if not result.articles:
        raise IngestError(_nothing_loaded_message(inputs, result.problems))
    return result


def located_id(article_id: str, path: Path, free: Callable[[str], bool]) -> str:
    """An id made from a file name, made unique by the nearest folders of its path: ``2025/page1-01``.

    Papers reuse file names (every day has a page1.txt); two such files are different articles, so
    neither may replace or hide the other.
    """
    folders = [printable_name(p.name) for p in path.resolve().parents if p.name]
    for n in range(1, len(folders) + 1):
        candidate = "/".join([*reversed(folders[:n]), article_id])
        if free(candidate):
            return candidate
    return f"{article_id}-{hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:12]}"


def _keep_first(article: Article, where: Problem, first_seen: dict[str, str], result: IngestResult) -> None:
    """Article ids must be unique: the first occurrence wins, later ones are reported where they stand."""
    if article.id in first_seen:
        message = f"duplicate article id '{article.id}' (first in {first_seen[article.id]}); skipped"
        result.problems.append(Problem(where.path, where.line, message))
        return
    first_seen[article.id] = where.path if where.line is None else f"{where.path}:{where.line}"
    result.articles.append(article)
    result.origins.append(where.path)


def _nothing_loaded_message(inputs: list[Path], problems: list[Problem]) -> str:
    named = ", ".join(printable_name(p.as_posix()) for p in inputs) or "(no paths given)"
    if not problems:
        return f"no articles found in {named}: no .txt, .md, .jsonl or .json files there; {_SUPPORTED_HINT}"
    return (
        f"no articles found in {named}: {len(problems)} problem(s), first: {problems[0]}; {_SUPPORTED_HINT}"
    )


def _input_files(inputs: list[Path], problems: list[Problem], exclude: set[Path]) -> list[Source]:
    """Expand folders (sorted, recursive, hidden entries, qa indexes and ``exclude`` skipped); each file once;
    missing paths raise. A qa index given as an input is a problem: its files are output, not articles.

    Only regular files are read: a named pipe would block the run forever, a device never ends. A file
    whose name is not valid UTF-8 is skipped: its article ids and ``source`` are made from the name and
    written as UTF-8.
    """
    for path in inputs:
        if not path.exists():
            raise IngestError(
                f"{printable_name(path.as_posix())}: no such file or folder; check the path ({_SUPPORTED_HINT})"
            )
    files: list[Source] = []
    seen: set[Path] = set()
    for path in inputs:
        if path.is_dir() and is_index_folder(path):
            message = "a qa index folder, not articles; give the folders of the articles it was built from"
            problems.append(Problem(path.as_posix(), None, message))
            continue
        for file in _walk(path, exclude) if path.is_dir() else [path]:
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            if file.suffix.lower() not in _LOADERS:
                problems.append(Problem(file.as_posix(), None, f"unsupported file type; {_SUPPORTED_HINT}"))
            elif kind := special_kind(file):
                message = f"{kind}, not a regular file; only regular files are read, remove it from the input"
                problems.append(Problem(file.as_posix(), None, message))
            elif printable_name(file.name) != file.name:
                problems.append(Problem(file.as_posix(), None, _NAME_NOT_UTF8))
            else:
                files.append(source_of(file))
    return files


def _walk(folder: Path, exclude: set[Path]) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _left_out(Path(root, d), exclude))
        found += [
            Path(root, n)
            for n in sorted(names)
            if not n.startswith(".") and Path(n).suffix.lower() in _LOADERS
        ]
    return found


def _left_out(folder: Path, exclude: set[Path]) -> bool:
    """A subfolder not to walk: one of ``exclude`` (the index being written) or any qa index."""
    return folder.resolve() in exclude or is_index_folder(folder)


def check_output(path: PathInput, inputs: Iterable[PathInput] = ()) -> Path:
    """The file ``write_jsonl`` writes for ``path``: a symlink is followed to its target. Raises ``IngestError``
    (nothing written) when that is one of ``inputs``, a folder, a device, FIFO or socket, or when its folder
    does not exist: the atomic write replaces whatever is at the path, so it must be a regular file or nothing.
    """
    given = Path(path)
    target = Path(os.path.realpath(given))
    linked = given.is_symlink()
    named = f"{given.as_posix()} (a link to {target.as_posix()})" if linked else given.as_posix()
    if target in {Path(os.path.realpath(p)) for p in inputs}:
        raise IngestError(f"cannot write {named}: it is one of the input files; write the corpus to another file")
    kind = special_kind(target)
    if kind == "a folder":
        raise IngestError(f"cannot write {named}: it is a folder; give a file name, e.g. {given / 'corpus.jsonl'}")
    if kind:
        raise IngestError(f"cannot write {named}: it is {kind}, not a regular file; give the path of a .jsonl file")
    folder = target.parent if linked else given.parent
    if not target.parent.is_dir():
        what = "is not a folder" if target.parent.exists() else "does not exist"
        raise IngestError(f"cannot write {named}: {folder.as_posix()} {what}; check the path or create the folder")
    return target


def write_jsonl(articles: Iterable[Article], path: PathInput, inputs: Iterable[PathInput] = ()) -> None:
    """Write articles as UTF-8 JSONL (one ``to_dict`` per line), atomically: temp file then ``os.replace``.

    The path is checked first (``check_output``: never one of ``inputs``, a device or a folder; a symlink's
    target is written); an ``OSError`` names ``path``, not the temp file.
    """
    target = check_output(path, inputs)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    temp = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for article in articles:
                out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as exc:
        if temp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        if isinstance(exc, OSError) and exc.filename is not None:
            raise OSError(exc.errno, exc.strerror, os.fspath(path)) from exc
        raise
