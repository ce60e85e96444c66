"""The chunks of an index as three integer arrays, not a million Python objects.

A chunk is an article's text at a span, so the index stores only ``(article number, start, end)`` per chunk
(``chunks.npy``, int64, numbered in ``articles.jsonl`` order) and makes a ``Chunk`` when one is asked for.
At 1M chunks that is 24 MB read in milliseconds, where parsing the same spans from JSON Lines into objects
holding copies of their text took 5 s and 540 MB.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

import numpy as np

from qa.types import Article, Chunk

FILE = "chunks.npy"


class ChunkTable(Sequence[Chunk]):
    """``table[i]`` is chunk ``i`` of the index, made on demand from its article's text."""

    def __init__(self, spans: np.ndarray, articles: Sequence[Article]) -> None:
        self._spans = spans
        self._articles = articles

    @classmethod
    def load(cls, path: Path, articles: Sequence[Article]) -> ChunkTable:
        """Read and check ``chunks.npy`` (the caller has verified its checksum); ValueError when it does not fit."""
        spans = np.load(path, allow_pickle=False)
        if spans.ndim != 2 or spans.shape[1] != 3 or spans.dtype != np.int64:
            raise ValueError(f"{path.name} holds {spans.dtype} {spans.shape}, not (n, 3) int64 spans")
        which, start, end = spans[:, 0], spans[:, 1], spans[:, 2]
        if len(spans) and (which.min() < 0 or which.max() >= len(articles)):
            raise ValueError(f"{path.name} names an article the index does not hold")
        lengths = np.fromiter((len(a.text) for a in articles), dtype=np.int64, count=len(articles))
        if len(spans) and not ((start >= 0) & (start < end) & (end <= lengths[which])).all():
            raise ValueError(f"{path.name} holds a span outside its article")
        return cls(spans, articles)

    @staticmethod
    def save(chunks: Sequence[Chunk], article_order: dict[str, int], path: Path) -> None:
        """Write the spans of ``chunks`` (numbered 0..n-1 in order) against ``article_order``."""
        if any(c.id != row for row, c in enumerate(chunks)):
            raise ValueError("chunks must be numbered 0..n-1 in order")
        spans = np.array([(article_order[c.article_id], c.start, c.end) for c in chunks], dtype=np.int64)
        np.save(path, spans.reshape(-1, 3), allow_pickle=False)

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, i: int) -> Chunk: ...

    @overload
    def __getitem__(self, i: slice) -> list[Chunk]: ...

    def __getitem__(self, i: int | slice) -> Chunk | list[Chunk]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self._spans)
        if not -n <= i < n:
            raise IndexError(f"chunk {i} out of range ({n} chunks)")
        i %= n
        which, start, end = (int(v) for v in self._spans[i])
        article = self._articles[which]
        return Chunk(i, article.id, start, end, article.text[start:end])

    def __iter__(self) -> Iterator[Chunk]:
        return (self[i] for i in range(len(self)))
