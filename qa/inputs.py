"""One input file of the ingest stage: where it is, what ``Article.source`` records, and what can be wrong.

Every format reader takes a ``Source`` and reports an unusable part of it as a ``Problem`` (the run goes
on without it); a file that cannot be used at all raises ``UnreadableFileError``, which ``load_articles``
turns into a ``Problem`` too.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from qa.errors import IngestError

PathInput = str | os.PathLike[str]

_SURROGATES = re.compile("[\ud800-\udfff]")


def printable_name(name: PathInput) -> str:
    r"""A file name or path as text that can be printed and written as UTF-8.

    A name whose bytes the file system's encoding cannot decode reaches Python with each such byte as a
    lone surrogate (U+DC80–U+DCFF), which no UTF-8 writer accepts; such a byte is shown as ``\xd6``
    instead (a GBK ``中文.txt`` read as UTF-8 → ``\xd6\xd0\xce\xc4.txt``), any other lone surrogate as U+FFFD.
    """
    return _SURROGATES.sub(_escape_surrogate, os.fspath(name))


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


@dataclass(frozen=True)
class Problem:
    """One input that could not be used; the rest of the run goes on without it.

    ``kept``: only a detail was dropped (an unreadable date) and the articles themselves are kept.
    """

    path: str
    line: int | None
    message: str
    kept: bool = False

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return printable_name(f"{where}: {self.message}")


class UnreadableFileError(IngestError):
    """One file cannot be decoded or parsed; ``load_articles`` records it as a ``Problem`` and goes on."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        super().__init__(str(Problem(path, line, reason)))

    def to_problem(self) -> Problem:
        return Problem(self.path, self.line, self.reason)


@dataclass(frozen=True)
class Source:
    """One input file: where it is, how problems name it and what ``Article.source`` records."""

    path: Path
    shown: str
    source: str

    @property
    def stem(self) -> str:
        return self.path.stem


def source_of(path: Path) -> Source:
    """``Article.source``: the path relative to the working folder when inside it, else the bare file name;
    undecodable bytes of a folder name escaped (``printable_name``), since it is written as UTF-8 JSON."""
    try:
        source = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        source = path.name
    return Source(path=path, shown=path.as_posix(), source=printable_name(source))


def special_kind(path: Path) -> str | None:
    """What ``path`` is when it exists but is not a regular file ("a named pipe (FIFO)"), else None.

    Only regular files are read or written: reading a FIFO waits forever for a writer, and replacing a
    device or a socket with a file breaks whatever uses it.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # missing or a dangling link: the caller reports that in its own words
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
