"""Lexical retriever: BM25 (bm25s) over unigrams+bigrams of the normalised view.

bm25s rebuilds its statistics from scratch, which at this project's sizes costs about a second per
1,400 chunks; an index update therefore re-tokenises and rebuilds the lexical side (no embedding).
Queries do not go through bm25s: see :class:`LexicalIndex`.
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
    """BM25 scores for every chunk; ``top`` returns the best ``k`` as (row, score) arrays.

    bm25s builds the index (its eager CSC matrix of per-token, per-chunk scores, saved in its own
    file layout); queries read those arrays directly and add up only the query tokens' postings.
    That keeps bm25s and scipy (≈ 0.3 s of imports) off the query path, and the two big arrays are
    memory-mapped, so a loaded million-chunk index holds only the postings queries touch.
    """

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, vocab: dict[str, int],
                 params: dict) -> None:
        self._data = data
        self._indices = indices
        self._indptr = indptr
        self._vocab = vocab
        self._params = params

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        return cls.from_tokens([lexical_tokens(t) for t in texts])

    @classmethod
    def from_tokens(cls, token_lists: Sequence[list[str]]) -> LexicalIndex:
        """Index chunks already split by ``lexical_tokens`` (the build shares them with the English bridge)."""
        import bm25s

        bm25 = bm25s.BM25(k1=K1, b=B)
        corpus = [tokens or [""] for tokens in token_lists]
        bm25.index(corpus, show_progress=False)
        params = {"k1": K1, "b": B, "delta": bm25.delta, "method": bm25.method, "idf_method": bm25.idf_method,
                  "dtype": str(bm25.dtype), "int_dtype": str(bm25.int_dtype), "num_docs": len(corpus),
                  "version": bm25s.__version__, "backend": "numpy"}
        s = bm25.scores
        return cls(s["data"], s["indices"], s["indptr"], dict(bm25.vocab_dict), params)

    @property
    def size(self) -> int:
        return int(self._params["num_docs"])

    def scores(self, query: str) -> np.ndarray | None:
        """BM25 score of every chunk, or None when no query token is in the vocabulary.

        Same sum as bm25s ``get_scores`` (a repeated query token counts again) over the query
        tokens' postings, read from the memory-mapped arrays. (An English question
        over a Chinese archive, or a typo, matches nothing: a normal answer here, not an error.)
        """
        columns = len(self._indptr) - 1  # bm25s gives the empty token of empty chunks no column
        ids = [i for t in lexical_tokens(query) if (i := self._vocab.get(t, columns)) < columns]
        if not ids:
            return None
        spans = [(int(self._indptr[i]), int(self._indptr[i + 1])) for i in ids]
        scores = np.zeros(self.size, dtype=np.float32)
        np.add.at(scores, np.concatenate([self._indices[a:b] for a, b in spans]),
                  np.concatenate([self._data[a:b] for a, b in spans]))
        return scores

    def top(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores = self.scores(query)
        if scores is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        rows, values = top_k(scores, k)
        keep = values > 0
        return rows[keep], values[keep]

    def token_document_frequency(self, tokens: Sequence[str]) -> dict[str, int]:
        """How many chunks contain each token (0 for unknown ones): feeds answer confidence."""
        indptr, columns = self._indptr, len(self._indptr) - 1
        ids = {t: self._vocab.get(t, columns) for t in tokens}
        return {t: int(indptr[i + 1] - indptr[i]) if i < columns else 0 for t, i in ids.items()}

    def save(self, folder: Path) -> list[Path]:
        """bm25s's own file layout (``bm25s.BM25.load`` reads it), arrays without pickle."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, array in (("data", self._data), ("indices", self._indices), ("indptr", self._indptr)):
            np.save(folder / f"{name}.csc.index.npy", np.asarray(array), allow_pickle=False)
        (folder / "vocab.index.json").write_text(json.dumps(self._vocab, ensure_ascii=False), encoding="utf-8")
        (folder / "params.index.json").write_text(json.dumps(self._params, indent=4), encoding="utf-8")
        meta = {"tokenizer": TOKENIZER, "k1": K1, "b": B}
        (folder / "qa_lexical.json").write_text(json.dumps(meta), encoding="utf-8")
        return sorted(p for p in folder.iterdir() if p.is_file())

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read the arrays (the two big ones memory-mapped) and the vocabulary; bm25s is not imported."""
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        if params.get("method") != "lucene" or not isinstance(vocab, dict):
            raise ValueError(f"{folder} is not a bm25s lucene index")
        data = np.load(folder / "data.csc.index.npy", mmap_mode="r", allow_pickle=False)
        indices = np.load(folder / "indices.csc.index.npy", mmap_mode="r", allow_pickle=False)
        indptr = np.load(folder / "indptr.csc.index.npy", allow_pickle=False)
        if not len(vocab) <= len(indptr) <= len(vocab) + 1 or len(data) != len(indices) or int(indptr[-1]) != len(data):
            raise ValueError(f"{folder}: BM25 arrays do not agree with each other")
        return cls(data, indices, indptr, vocab, params)


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of the ``k`` largest scores, best first (ties by lower index)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=scores.dtype)
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    order = np.lexsort((part, -scores[part]))
    rows = part[order]
    return rows.astype(np.int64), scores[rows]
