"""The dense view of the sentences an answer can quote, embedded once when the index is built.

The answer step weighs each candidate sentence by how close its e5 vector is to the question's, beside
the lexical overlaps: a question that paraphrases its answer shares few characters with it. Embedding the
~25 candidates of a question at query time would take ~0.5 s on two cores, so every sentence a chunk can
quote (``passage_sentences``) is embedded at build time, keyed by its text (wire copies share one vector),
and stored as float16 beside the chunk vectors (half the bytes; a cosine moves by under 1e-3).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from qa.chunking import passage_sentences
from qa.embedcache import text_key
from qa.types import Article, Chunk

VECTORS_FILE = "sentences.npy"
KEYS_FILE = "sentence_keys.npy"
SETTINGS = {"vectors": "float16", "keyed_by": "sha256 of the sentence text"}


def chunk_sentences(article: Article, chunk: Chunk) -> list[str]:
    """The sentences the answer step quotes from this chunk (the same cut as ``answer.candidates``)."""
    text = article.text
    return [text[s.start : s.end] for s in passage_sentences(text, chunk.start, chunk.end) if s.end > s.start]


def corpus_sentences(articles: dict[str, Article], chunks: Iterable[Chunk]) -> list[str]:
    """Every sentence the chunks can quote, once each, in chunk order."""
    return list(dict.fromkeys(t for c in chunks for t in chunk_sentences(articles[c.article_id], c)))


class SentenceVectors:
    """Sentence text → unit vector (float16 on disk and in memory)."""

    def __init__(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        if keys.ndim != 1 or vectors.ndim != 2 or len(keys) != len(vectors):
            raise ValueError(f"{len(keys)} sentence keys for {len(vectors)} vectors")
        self.keys = keys.astype("S32")
        self.vectors = vectors.astype(np.float16)
        self._row = {k.decode("ascii"): i for i, k in enumerate(self.keys.tolist())}

    @classmethod
    def from_texts(cls, texts: Sequence[str], vectors: np.ndarray) -> SentenceVectors:
        return cls(np.array([text_key(t) for t in texts], dtype="S32"), vectors)

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, text: str) -> np.ndarray | None:
        row = self._row.get(text_key(text))
        return None if row is None else self.vectors[row].astype(np.float32)

    def by_key(self) -> dict[str, np.ndarray]:
        """Text key → vector, for an update to reuse the sentences it already embedded."""
        return {k: self.vectors[i].astype(np.float32) for k, i in self._row.items()}

    def save(self, folder: Path) -> None:
        np.save(folder / KEYS_FILE, self.keys, allow_pickle=False)
        np.save(folder / VECTORS_FILE, self.vectors, allow_pickle=False)

    @classmethod
    def from_bytes(cls, keys: bytes, vectors: bytes) -> SentenceVectors:
        return cls(np.load(io.BytesIO(keys), allow_pickle=False), np.load(io.BytesIO(vectors), allow_pickle=False))
