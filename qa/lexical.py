"""Lexical retriever: BM25 (bm25s) over unigrams+bigrams of the normalised view.

bm25s rebuilds its statistics from scratch, which at this project's sizes costs about a second per
1,400 chunks; an index update therefore re-tokenises and rebuilds the lexical side (no embedding).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from qa.normalize import lexical_tokens

TOKENIZER = "cjk-unigram-bigram-v1"
K1, B = 1.5, 0.75


class LexicalIndex:
    """BM25 scores for every chunk; ``top`` returns the best ``k`` as (row, score) arrays."""

    def __init__(self, bm25) -> None:
        self._bm25 = bm25

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        import bm25s

        bm25 = bm25s.BM25(k1=K1, b=B)
        corpus = [lexical_tokens(t) or [""] for t in texts]
        bm25.index(corpus, show_progress=False)
        return cls(bm25)

    @property
    def size(self) -> int:
        return int(self._bm25.scores["num_docs"])

    def scores(self, query: str) -> np.ndarray | None:
        """BM25 score of every chunk, or None when no query token is in the vocabulary.

        (bm25s raises on a query made only of unknown tokens: an English question over a
        Chinese archive, a typo. Nothing matching is a normal answer here, not an error.)
        """
        vocab = self._bm25.vocab_dict
        ids = [vocab[t] for t in lexical_tokens(query) if t in vocab and t != ""]
        if not ids:
            return None
        return np.asarray(self._bm25.get_scores(ids), dtype=np.float32)

    def top(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores = self.scores(query)
        if scores is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        rows, values = top_k(scores, k)
        keep = values > 0
        return rows[keep], values[keep]

    def token_document_frequency(self, tokens: Sequence[str]) -> dict[str, int]:
        """How many chunks contain each token (0 for unknown ones): feeds answer confidence."""
        vocab = self._bm25.vocab_dict
        indptr = self._bm25.scores["indptr"]
        return {t: int(indptr[vocab[t] + 1] - indptr[vocab[t]]) if t in vocab else 0 for t in tokens}

    def save(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder), allow_pickle=False)
        meta = {"tokenizer": TOKENIZER, "k1": K1, "b": B}
        (folder / "qa_lexical.json").write_text(json.dumps(meta), encoding="utf-8")
        return sorted(p for p in folder.iterdir() if p.is_file())

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        return cls(bm25s.BM25.load(str(folder), allow_pickle=False, mmap=False))


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of the ``k`` largest scores, best first (ties by lower index)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=scores.dtype)
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    order = np.lexsort((part, -scores[part]))
    rows = part[order]
    return rows.astype(np.int64), scores[rows]
