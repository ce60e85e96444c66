"""The typed records that flow through the pipeline: articles → chunks → hits → answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One news article. ``text`` is what citations point into (title kept apart).

    ``date`` is ISO 8601: ``YYYY-MM-DD`` when the year is known, ``--MM-DD`` when the
    article only states month and day (as Chinese local papers usually do).
    """

    id: str
    title: str
    text: str
    date: str | None = None
    source: str = ""
    url: str | None = None
    authors: tuple[str, ...] = ()
    subtitle: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["authors"] = list(self.authors)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=str(d["id"]),
            title=str(d.get("title") or ""),
            text=str(d["text"]),
            date=d.get("date") or None,
            source=str(d.get("source") or ""),
            url=d.get("url") or None,
            authors=tuple(d.get("authors") or ()),
            subtitle=d.get("subtitle") or None,
        )


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one article: ``article.text[start:end] == text``."""

    id: int
    article_id: str
    start: int
    end: int
    text: str


MAX_K = 1000  # the most passages a search returns: ``Index.search``/``ask`` refuse more, and so does `qa -k`


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the score of each side (None = not in that side's top)."""

    rank: int
    chunk: Chunk
    score: float
    lexical: float | None = None
    dense: float | None = None

    @property
    def article_id(self) -> str:
        return self.chunk.article_id


@dataclass(frozen=True)
class Citation:
    """A verbatim quote: ``quote == article.text[start:end]`` always holds."""

    n: int
    article_id: str
    title: str
    date: str | None
    source: str
    start: int
    end: int
    quote: str


@dataclass
class Answer:
    """What ``Index.ask`` returns; ``to_dict`` is the stable JSON contract of ``qa ask --json``."""

    question: str
    answered: bool
    text: str
    short_answer: str | None
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "short_answer": self.short_answer,
            "confidence": round(self.confidence, 4),
            "citations": [asdict(c) for c in self.citations],
            "passages": [
                {
                    "rank": h.rank,
                    "article_id": h.article_id,
                    "chunk_id": h.chunk.id,
                    "score": round(h.score, 6),
                    "text": h.chunk.text,
                }
                for h in self.passages
            ],
        }
