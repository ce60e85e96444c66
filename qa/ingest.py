"""Ingestion: turn news files into ``Article`` records, the first stage of the pipeline.

Why a stage of its own: everything downstream quotes ``Article.text`` verbatim, so this is where
encodings are decoded (UTF-8, GB18030/GBK, Big5), newspaper pages are split into articles, print-layout
breaks are repaired, bylines and datelines are read, and bad files become ``Problem`` entries instead of
stopping the run.

Supported inputs (files or folders, walked recursively in sorted order, hidden entries skipped):

- ``.txt``/``.md`` newspaper pages: one article per ``#``/``##`` heading, a ``###`` line right after it
  is the subtitle; without such headings the file is one plain article;
- ``.jsonl``: one ``Article.to_dict()`` object per line;
- ``.json``: SQuAD-style ``{"data": [{"title", "paragraphs": [{"id"?, "context", "qas"}]}]}``.

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

import codecs
import contextlib
import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import IngestError
from qa.types import Article

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestResult",
    "Problem",
    "SquadQuestion",
    "UnreadableFileError",
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

PathInput = str | os.PathLike[str]

# What is read into memory whole: one .txt/.md/.json file, or one line of a .jsonl file. A news article is
# kilobytes; 32 MiB is far above any real one yet keeps a stray dump or log from exhausting memory (reading
# and repairing a file costs about ten times its size). Larger .jsonl files are streamed line by line.
DEFAULT_MAX_ARTICLE_BYTES = 32 * 1024 * 1024
MAX_ARTICLE_BYTES_ENV = "QA_MAX_ARTICLE_BYTES"


# ---------------------------------------------------------------------------------------------------------
# Results and errors


@dataclass(frozen=True)
class Problem:
    """One input that could not be used; the rest of the run goes on without it."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class IngestResult:
    """What ``load_articles`` found: the articles in input order and every input it had to skip.

    ``origins[i]`` is the file ``articles[i]`` was read from (as given, not shortened like ``source``), so an
    index update can tell which articles a re-ingested path still holds.
    """

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)


@dataclass
class SquadQuestion:
    """A benchmark question with its gold answer texts and the paragraph (article) that answers it."""

    id: str
    question: str
    answers: list[str]
    article_id: str


class UnreadableFileError(IngestError):
    """One file cannot be decoded or parsed; ``load_articles`` records it as a ``Problem`` and goes on."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        super().__init__(str(Problem(path, line, reason)))

    def to_problem(self) -> Problem:
        return Problem(self.path, self.line, self.reason)


# ---------------------------------------------------------------------------------------------------------
# Decoding

_UTF_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# GB18030 is a superset of GB2312 and GBK; Big5-HKSCS decodes every Big5 byte pair the same way as Big5.
_SUPERSET_CODECS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "hz": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
}
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file mark, common in old GBK files


def read_text(path: PathInput) -> str:
    """Decode a text file: UTF-8 (BOM optional), else the detected encoding, newlines normalised to ``\\n``.

    Raises ``UnreadableFileError`` (an ``IngestError`` naming the file) for empty, binary or undecodable
    files, so one bad file can be reported without stopping the others.
    """
    name = Path(path).as_posix()
    text = _decode(_read_bounded(Path(path), name), name)
    if not text.strip():
        raise UnreadableFileError(name, "file is empty; remove it or add the article text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def max_article_bytes() -> int:
    """The most bytes read whole (a .txt/.md/.json file, a .jsonl line): ``$QA_MAX_ARTICLE_BYTES`` or 32 MiB."""
    raw = os.environ.get(MAX_ARTICLE_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_ARTICLE_BYTES
    if not raw.isdigit() or int(raw) < 1:
        raise IngestError(f"{MAX_ARTICLE_BYTES_ENV} must be a whole number of bytes, not {raw!r}")
    return int(raw)


def _too_big(size: int, limit: int, what: str) -> str:
    return (
        f"{what} is {_megabytes(size)}, over the {_megabytes(limit)} limit for one article; split it into "
        f"smaller articles (e.g. .jsonl, one per line) or raise {MAX_ARTICLE_BYTES_ENV}"
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:,.1f} MB" if size >= 104_858 else f"{size:,} bytes"


def _read_bounded(path: Path, name: str) -> bytes:
    """The file's bytes, refusing (before reading) one larger than ``max_article_bytes()``."""
    limit = max_article_bytes()
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            data = f.read(limit + 1) if size <= limit else b""
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot be read ({exc.strerror or exc})") from exc
    if size > limit or len(data) > limit:  # the second: a file that grew while being read
        raise UnreadableFileError(name, _too_big(max(size, len(data)), limit, "file"))
    return data


def _decode(data: bytes, name: str) -> str:
    """Bytes → str; raises ``UnreadableFileError`` with the reason and the fix."""
    if not data.strip():
        raise UnreadableFileError(name, "file is empty; remove it or add the article text")
    codec = next((codec for bom, codec in _UTF_BOMS if data.startswith(bom)), None)
    if codec is not None:
        text = _decode_with(data, codec, name)
    elif b"\x00" in data:
        raise UnreadableFileError(name, "binary file (NUL bytes), not text; remove it from the input")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = _decode_detected(data, exc, name)
    _reject_control_characters(text, name)
    return text


def _decode_with(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            name, f"invalid {codec} text at byte {exc.start}; re-save it as UTF-8"
        ) from exc


def _decode_detected(data: bytes, utf8_error: UnicodeDecodeError, name: str) -> str:
    """Not UTF-8: let charset-normalizer pick the encoding, then widen GBK/GB2312/Big5 to their supersets."""
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 files need it

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        bad = data[utf8_error.start]
        raise UnreadableFileError(
            name,
            f"not valid UTF-8 (byte 0x{bad:02x} at offset {utf8_error.start}) and no other text encoding "
            "fits; re-save it as UTF-8",
        )
    codec = _SUPERSET_CODECS.get(best.encoding.lower().replace("-", ""), best.encoding)
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return str(best)


def _reject_control_characters(text: str, name: str) -> None:
    """Decodable but full of control characters means binary data, not an article."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS)
    if controls > max(2, len(text) // 100):
        raise UnreadableFileError(
            name, "binary content (control characters), not text; remove it from the input"
        )


# ---------------------------------------------------------------------------------------------------------
# Bylines and datelines

_ROLE = (
    r"(?:本报记者|本報記者|见习记者|見習記者|实习记者|實習記者|特约记者|特約記者|首席记者|首席記者|摄影记者|攝影記者"
    r"|记者|記者|通讯员|通訊員|实习生|實習生)"
)
_NOT_A_NAME = rf"(?!{_ROLE}|报道|報導|摄影|攝影|整理|供图|供圖)"
_NAME = rf"{_NOT_A_NAME}[\u4e00-\u9fff]{{2,4}}(?:[·•][\u4e00-\u9fff]{{1,6}})?(?![\u4e00-\u9fff·•])"
_BYLINE = (
    rf"{_ROLE}[ \t\u3000:：]*{_NAME}(?:[ \t\u3000、]+{_NAME})*(?:[ \t\u3000]*{_ROLE}[ \t\u3000:：]*{_NAME}"
    rf"(?:[ \t\u3000、]+{_NAME})*)*"
)

_SENTENCE_END = "。！？!?…；;：:．｡"
_CLOSERS = "”’」』）)》】〕〉\"'"

_WHOLE_BYLINE = re.compile(rf"[(（]?\s*(?P<byline>{_BYLINE})\s*[)）]?")
_TAIL_BYLINE = re.compile(
    rf"(?:^|(?<=[{_SENTENCE_END}{_CLOSERS}]))\s*[(（]?\s*(?P<byline>{_BYLINE})\s*[)）]?$", re.MULTILINE
)
_PAREN_BYLINE = re.compile(rf"[(（]\s*(?P<byline>{_BYLINE})\s*[)）]")
_LEAD_BYLINE = re.compile(rf"^(?:本报讯|本報訊)\s*(?P<byline>{_BYLINE})")
_ROLE_RE = re.compile(_ROLE)

_LEAD_CLAUSE_END = re.compile(r"[，,。；;！？!?]")
_FULL_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _is_byline(line: str) -> bool:
    """True when the whole line is a byline such as ``记者 朱翔宇 通讯员 刘聪`` (parentheses allowed)."""
    return _WHOLE_BYLINE.fullmatch(line.strip()) is not None


def _ends_with_byline(line: str) -> bool:
    """True when the line ends in a byline standing after a sentence (``…贡献。记者 朱翔宇``) or alone."""
    return _TAIL_BYLINE.search(line.strip()) is not None


def extract_authors(text: str) -> tuple[str, ...]:
    """Author names from bylines: ending a paragraph, on their own line, in parentheses or after 本报讯."""
    bylines: list[tuple[int, str]] = []
    for pattern in (_TAIL_BYLINE, _PAREN_BYLINE):
        bylines += [(m.start(), m["byline"]) for m in pattern.finditer(text)]
    lead = _LEAD_BYLINE.match(text.lstrip())
    if lead:
        bylines.append((-1, lead["byline"]))
    names: list[str] = []
    for _, byline in sorted(bylines):
        for name in re.split(r"[\s、:：]+", _ROLE_RE.sub(" ", byline)):
            if name and name not in names:
                names.append(name)
    return tuple(names)


def extract_date(text: str) -> str | None:
    """ISO date of the lead's dateline: ``2024-01-12``, or ``--01-12`` when no year is printed.

    Only the start of the first paragraph (up to its first clause break) is read, so years and dates
    mentioned later in the body are never taken for the publication date; ``近日`` gives None.
    """
    lead = text.lstrip().split("\n", 1)[0][:60]
    stop = _LEAD_CLAUSE_END.search(lead)
    lead = unicodedata.normalize("NFKC", lead[: stop.start()] if stop else lead)
    for pattern in (_FULL_DATE, _ISO_DATE):
        match = pattern.search(lead)
        if match and _valid_date(int(match[1]), int(match[2]), int(match[3])):
            return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}"
    match = _MONTH_DAY.search(lead)
    if match and _valid_date(2000, int(match[1]), int(match[2])):  # 2000 is a leap year: 2月29日 is valid
        return f"--{int(match[1]):02d}-{int(match[2]):02d}"
    return None


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------------------------------------
# Layout repair

_STARTS_BLOCK = re.compile(
    r"(?:#|>|\||[-*+]\s|[•●■◆▲★☆◇□]|\d{1,2}[.．、)）](?!\d)|[(（][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3}[章节節部篇条條]|【|本报讯|本報訊|新华社|新華社"
    r"|(?:-{3,}|\*{3,}|_{3,})$)"
)
_SECTION_HEADING_MAX = 30
_NO_SPACE_EXTRA = frozenset("“”‘’…—·")


def repair_layout(text: str) -> str:
    """Undo print-layout breaks: rejoin paragraphs split mid-word or mid-sentence, one paragraph a line.

    Lines (blank-separated or not) are joined when the first does not end a sentence, is no byline or
    heading, and the next does not start a new block (heading, list item, 本报讯, a byline). Nothing is
    inserted between CJK characters, one space between Latin words; only whitespace ever changes.

    >>> repair_layout("企业签\\n\\n约入驻。记者 朱翔宇\\n\\n## 下一篇")
    '企业签约入驻。记者 朱翔宇\\n## 下一篇'
    """
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        unit = raw.strip()
        if not unit:
            continue
        if lines and _continues(lines[-1], unit):
            lines[-1] = _join(lines[-1], unit)
        else:
            lines.append(unit)
    return "\n".join(lines)


def _continues(previous: str, following: str) -> bool:
    """Whether ``following`` continues the paragraph ``previous`` (a layout break, not a new paragraph)."""
    return not (
        _ends_sentence(previous)
        or _is_block_line(previous)
        or _ends_with_byline(previous)
        or _STARTS_BLOCK.match(following) is not None
        or _is_byline(following)
    )


def _ends_sentence(line: str) -> bool:
    """True when the line ends in sentence-final punctuation, looking through closing quotes and brackets."""
    core = line.rstrip().rstrip(_CLOSERS)
    return not core or core[-1] in _SENTENCE_END


def _is_block_line(line: str) -> bool:
    """Headings, rules, table rows and short numbered section titles (``一、总体要求``) stand on their own."""
    if line.startswith(("#", "|")) or re.fullmatch(r"-{3,}|\*{3,}|_{3,}", line):
        return True
    short_title = len(line) <= _SECTION_HEADING_MAX and not re.search(r"[，,。；;]", line)
    return short_title and _STARTS_BLOCK.match(line) is not None and not line.startswith(("本报讯", "本報訊"))


def _join(left: str, right: str) -> str:
    """Glue a broken paragraph: nothing between CJK characters, one space between Latin words or digits."""
    if _is_wide(left[-1]) or _is_wide(right[0]):
        return left + right
    return f"{left} {right}"


def _is_wide(ch: str) -> bool:
    if "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff":  # Hangul: Korean separates words by spaces
        return False
    return ch in _NO_SPACE_EXTRA or unicodedata.east_asian_width(ch) in ("W", "F")


# ---------------------------------------------------------------------------------------------------------
# Page and plain-article files

_ARTICLE_HEADING = re.compile(r" {0,3}#{1,2}[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*")
_SUBTITLE_HEADING = re.compile(r" {0,3}#{3}[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*")
_PLAIN_TITLE_MAX = 60


@dataclass(frozen=True)
class _Source:
    """One input file: where it is, how problems name it and what ``Article.source`` records."""

    path: Path
    shown: str
    source: str

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass
class _Section:
    title: str
    line: int
    subtitle: str | None = None
    body: list[str] = field(default_factory=list)


def _is_page(lines: list[str]) -> bool:
    return any(_ARTICLE_HEADING.fullmatch(line) for line in lines)


def _split_page(lines: list[str], file: _Source, problems: list[Problem]) -> list[_Section]:
    """One section per ``#``/``##`` heading; a ``###`` right after the heading is its subtitle."""
    sections: list[_Section] = []
    preamble = 0
    for number, line in enumerate(lines, 1):
        heading = _ARTICLE_HEADING.fullmatch(line)
        subtitle = _SUBTITLE_HEADING.fullmatch(line)
        if heading:
            sections.append(_Section(heading["text"].strip(), number))
        elif not sections:
            preamble += bool(line.strip())
        elif subtitle and sections[-1].subtitle is None and not any(s.strip() for s in sections[-1].body):
            sections[-1].subtitle = subtitle["text"].strip()
        else:
            sections[-1].body.append(line)
    if preamble:
        problems.append(
            Problem(
                file.shown,
                1,
                f"{preamble} line(s) before the first heading belong to no "
                "article and were skipped; put them under a '## ' heading to keep them",
            )
        )
    return sections


def _page_articles(lines: list[str], file: _Source, problems: list[Problem]) -> list[tuple[Article, int]]:
    found: list[tuple[Article, int]] = []
    for section in _split_page(lines, file, problems):
        text = repair_layout("\n".join(section.body))
        if not text:
            problems.append(
                Problem(file.shown, section.line, f"heading '{section.title}' has no article text; skipped")
            )
            continue
        article_id = f"{file.stem}-{len(found) + 1:02d}"
        found.append((_news_article(article_id, section.title, text, file, section.subtitle), section.line))
    return found


def _plain_article(lines: list[str], file: _Source) -> Article:
    """A file without headings is one article; a short first line without final punctuation is its title."""
    content = [line for line in lines if line.strip()]
    title = file.stem
    first = content[0].strip()
    if len(content) > 1 and _looks_like_title(first):
        title = re.sub(r"^#+\s*", "", first)
        content = content[1:]
    return _news_article(file.stem, title, repair_layout("\n".join(content)), file)


def _looks_like_title(line: str) -> bool:
    return (
        len(line) <= _PLAIN_TITLE_MAX
        and not _ends_sentence(line)
        and line.rstrip(_CLOSERS)[-1:] not in ("，", ",", "、")
        and not _ends_with_byline(line)
        and not line.startswith(("本报讯", "本報訊"))
    )


def _news_article(
    article_id: str, title: str, text: str, file: _Source, subtitle: str | None = None
) -> Article:
    return Article(
        id=article_id,
        title=title,
        text=text,
        date=extract_date(text),
        source=file.source,
        authors=extract_authors(text),
        subtitle=subtitle,
    )


def _text_file_articles(file: _Source, problems: list[Problem]) -> list[tuple[Article, int | None]]:
    lines = read_text(file.path).split("\n")
    if _is_page(lines):
        return list(_page_articles(lines, file, problems))
    return [(_plain_article(lines, file), None)]


# ---------------------------------------------------------------------------------------------------------
# JSONL and SQuAD JSON


def _jsonl_articles(file: _Source, problems: list[Problem]) -> list[tuple[Article, int | None]]:
    """One article per line; a bad line is a Problem with its line number and the other lines are kept."""
    found: list[tuple[Article, int | None]] = []
    for number, raw in _jsonl_lines(file, problems):
        if not raw.strip():
            continue
        try:
            found.append((_record_article(json.loads(raw), file), number))
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(file.shown, number, f"not valid JSON ({exc.msg}, column {exc.colno}); line skipped")
            )
        except ValueError as exc:
            problems.append(Problem(file.shown, number, f"{exc}; line skipped"))
    return found


def _jsonl_lines(file: _Source, problems: list[Problem]) -> Iterator[tuple[int, str]]:
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
                problems.append(Problem(file.shown, number, _too_big(length, limit, "line") + "; line skipped"))
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


def _record_article(record: Any, file: _Source) -> Article:
    """``Article.from_dict`` with the checks it leaves out; raises ValueError saying what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object with 'id' and 'text', got {type(record).__name__}")
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


def _squad_items(document: Any, file: _Source, problems: list[Problem]) -> list[tuple[Article, list[Any]]]:
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


def _squad_article(item: dict[str, Any], paragraph: Any, fallback_id: str, file: _Source) -> Article | None:
    """The paragraph's context verbatim (answer offsets must stay valid), or None when it has none."""
    if not isinstance(paragraph, dict) or not isinstance(paragraph.get("context"), str):
        return None
    return Article(
        id=str(paragraph.get("id") or fallback_id),
        title=str(item.get("title") or ""),
        text=paragraph["context"],
        source=file.source,
    )


def _read_json(file: _Source) -> Any:
    try:
        return json.loads(read_text(file.path))
    except json.JSONDecodeError as exc:
        raise UnreadableFileError(
            file.shown, f"not valid JSON ({exc.msg}, column {exc.colno})", exc.lineno
        ) from exc


def _json_articles(file: _Source, problems: list[Problem]) -> list[tuple[Article, int | None]]:
    return [(article, None) for article, _ in _squad_items(_read_json(file), file, problems)]


def load_squad(
    path: PathInput, problems: list[Problem] | None = None
) -> tuple[list[Article], list[SquadQuestion]]:
    """Read a SQuAD-style benchmark: one Article per paragraph and its questions with gold answer texts.

    Unusable paragraphs and questions are skipped and appended to ``problems`` when given. Example::

        articles, questions = load_squad("../shared/benchmarks/cmrc2018_trial.json")
    """
    file = _source_of(Path(path))
    sink: list[Problem] = [] if problems is None else problems
    articles: list[Article] = []
    questions: list[SquadQuestion] = []
    for article, qas in _squad_items(_read_json(file), file, sink):
        articles.append(article)
        questions += _squad_questions(article.id, qas, file, sink)
    return articles, questions


def _squad_questions(
    article_id: str, qas: Any, file: _Source, problems: list[Problem]
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


# ---------------------------------------------------------------------------------------------------------
# Walking inputs and loading


_LOADERS = {
    ".txt": _text_file_articles,
    ".md": _text_file_articles,
    ".jsonl": _jsonl_articles,
    ".json": _json_articles,
}


def load_articles(paths: PathInput | Iterable[PathInput]) -> IngestResult:
    """Load every article under ``paths`` (files or folders); bad files become Problems, not failures.

    Raises ``IngestError`` when a path does not exist or when nothing at all could be loaded. Example::

        result = load_articles(["corpus/", "extra/page.txt"])
        print(len(result.articles), *result.problems, sep="\\n")
    """
    inputs = [Path(paths)] if isinstance(paths, str | os.PathLike) else [Path(p) for p in paths]
    result = IngestResult()
    first_seen: dict[str, str] = {}
    for file in _input_files(inputs, result.problems):
        try:
            found = _LOADERS[file.path.suffix.lower()](file, result.problems)
        except UnreadableFileError as exc:
            result.problems.append(exc.to_problem())
            continue
        for article, line in found:
            _keep_first(article, Problem(file.shown, line, "duplicate"), first_seen, result)
    if not result.articles:
        raise IngestError(_nothing_loaded_message(inputs, result.problems))
    return result


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
    named = ", ".join(p.as_posix() for p in inputs) or "(no paths given)"
    if not problems:
        return f"no articles found in {named}: no .txt, .md, .jsonl or .json files there; {_SUPPORTED_HINT}"
    return (
        f"no articles found in {named}: {len(problems)} problem(s), first: {problems[0]}; {_SUPPORTED_HINT}"
    )


def _input_files(inputs: list[Path], problems: list[Problem]) -> list[_Source]:
    """Expand folders (sorted, recursive, hidden entries skipped); each file once; missing paths raise."""
    for path in inputs:
        if not path.exists():
            raise IngestError(
                f"{path.as_posix()}: no such file or folder; check the path ({_SUPPORTED_HINT})"
            )
    files: list[_Source] = []
    seen: set[Path] = set()
    for path in inputs:
        for file in _walk(path) if path.is_dir() else [path]:
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            if file.suffix.lower() in _LOADERS:
                files.append(_source_of(file))
            else:
                problems.append(Problem(file.as_posix(), None, f"unsupported file type; {_SUPPORTED_HINT}"))
    return files


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            Path(root, n)
            for n in sorted(names)
            if not n.startswith(".") and Path(n).suffix.lower() in _LOADERS
        ]
    return found


def _source_of(path: Path) -> _Source:
    """``Article.source``: the path relative to the working folder when inside it, else the bare file name."""
    try:
        source = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        source = path.name
    return _Source(path=path, shown=path.as_posix(), source=source)


# ---------------------------------------------------------------------------------------------------------
# Writing


def write_jsonl(articles: Iterable[Article], path: PathInput) -> None:
    """Write articles as UTF-8 JSONL (one ``to_dict`` per line), atomically: temp file then ``os.replace``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for article in articles:
                out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
