"""The dense view of the sentences an answer can quote, embedded once when the index is built.

The answer step weighs each candidate sentence by how close its e5 vector is to the question's, beside
the lexical overlaps: a question that paraphrases its answer shares few characters with it. Embedding the
~25 candidates of a question at query time would take ~0.5 s on two cores, so every sentence a chunk can
quote (``passage_sentences``) is embedded at build time, keyed by its text (wire copies share one vector),
and stored as float16 beside the chunk vectors (half the bytes; a cosine moves by under 1e-3).

The keys are kept sorted, so a lookup is a binary search in memory-mapped arrays: opening an index reads
neither file, and a question touches a few pages of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from qa.chunking import passage_sentences
from qa.embedcache import text_key
from qa.types import Article, Chunk

VECTORS_FILE = "sentences.npy"
KEYS_FILE = "sentence_keys.npy"
SETTINGS = {"vectors": "float16", "keyed_by": "sha256 of the sentence text, sorted"}
KEY = "S32"  # text_key: 32 hex digits


def chunk_sentences(article: Article, chunk: Chunk) -> list[str]:
    """The sentences the answer step quotes from this chunk (the same cut as ``answer.candidates``)."""
    text = article.text
    return [text[s.start : s.end] for s in passage_sentences(text, chunk.start, chunk.end) if s.end > s.start]


def corpus_sentences(articles: dict[str, Article], chunks: Iterable[Chunk]) -> list[str]:
    """Every sentence the chunks can quote, once each, in chunk order."""
    return list(dict.fromkeys(t for c in chunks for t in chunk_sentences(articles[c.article_id], c)))


def keys_of(texts: Sequence[str]) -> np.ndarray:
    return np.array([text_key(t) for t in texts], dtype=KEY)


class SentenceVectors:
    """Sentence text → unit vector (float16), by binary search over the sorted keys of the texts."""

    def __init__(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        if keys.ndim != 1 or keys.dtype != np.dtype(KEY) or vectors.ndim != 2 or len(keys) != len(vectors) \
                or vectors.dtype != np.float16:
            raise ValueError(f"{len(keys)} sentence keys ({keys.dtype}) for {len(vectors)} vectors ({vectors.dtype})")
        self.keys = keys
        self.vectors = vectors

    @classmethod
    def from_keys(cls, keys: np.ndarray, vectors: np.ndarray) -> SentenceVectors:
        """From unique keys in any order (sorted here) and their vectors."""
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], np.ascontiguousarray(vectors[order], dtype=np.float16))

    def __len__(self) -> int:
        return len(self.keys)

    def rows(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row of each key, whether it is stored); the row of a key not stored is meaningless."""
        if not len(self.keys):
            return np.zeros(len(keys), np.int64), np.zeros(len(keys), bool)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return at, self.keys[at] == keys

    def get(self, text: str) -> np.ndarray | None:
        (row,), (found,) = self.rows(keys_of([text]))
        return self.vectors[row].astype(np.float32) if found else None

    def save(self, folder: Path) -> None:
        np.save(folder / KEYS_FILE, self.keys, allow_pickle=False)
        np.save(folder / VECTORS_FILE, self.vectors, allow_pickle=False)

    @classmethod
    def open(cls, folder: Path) -> SentenceVectors:
        """Memory-map the two files of an index version (verified with the rest when it was loaded)."""
        return cls(np.load(folder / KEYS_FILE, mmap_mode="r", allow_pickle=False),
                   np.load(folder / VECTORS_FILE, mmap_mode="r", allow_pickle=False))
