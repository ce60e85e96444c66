"""Lexical retriever: BM25 over unigrams+bigrams of the normalised view.

The build counts postings in numpy, a batch of chunks at a time, and writes the same eager CSC
arrays bm25s would (Lucene BM25, same k1, b, idf; bm25s's file layout, which ``bm25s.BM25.load``
reads). bm25s itself needs every chunk's tokens as Python lists at once (≈ 2.4 GB per 100,000
chunks); this holds ≈ 14 bytes per posting (6 while counting, 8 in the result) plus one batch of
token lists: a 1,000,000-chunk build (163M postings) peaks at 3.2 GB, chunk texts included
(eval/bench/lexical_scale.py). BM25 statistics are corpus-wide, so an index update still
re-tokenises and rebuilds the lexical side (no embedding).
Queries do not go through bm25s: see :class:`LexicalIndex`.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path

import numpy as np

from qa.normalize import lexical_tokens

TOKENIZER = "cjk-unigram-bigram-v1"
K1, B = 1.5, 0.75
BUILDER = "qa.lexical numpy postings v1"
BM25S_LAYOUT = "0.3.16"  # the bm25s release whose saved layout and scores the build reproduces
BATCH = 8192  # chunks counted at a time: bounds the Python token lists alive during a build


class LexicalIndex:
    """BM25 scores for every chunk; ``top`` returns the best ``k`` as (row, score) arrays.

    The index is bm25s's eager CSC matrix of per-token, per-chunk scores, in bm25s's file layout
    (built here, see :meth:`from_tokens`); queries read those arrays directly and add up only the
    query tokens' postings.
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
    def build(cls, texts: Iterable[str]) -> LexicalIndex:
        """Index chunk texts, e.g. ``LexicalIndex.build(["二七区有9家三甲医院", ...]).top("三甲医院", 10)``."""
        return cls.from_tokens(lexical_tokens(t) for t in texts)

    @classmethod
    def from_tokens(cls, token_lists: Iterable[Sequence[str]]) -> LexicalIndex:
        """Index chunks already split by ``lexical_tokens``; a generator keeps only one batch of lists alive.

        Scores equal bm25s's ``BM25(k1=K1, b=B).index(...)`` (method and idf "lucene", float32;
        tests/test_lexical.py checks them against it). Token ids follow first appearance
        (bm25s numbers them in set order, which changes from run to run).
        """
        counts = _TermCounts()
        for batch in _batched(token_lists, BATCH):
            counts.add(batch)
        data, indices, indptr = counts.bm25_csc(K1, B)
        vocab = counts.vocab
        if "" not in vocab:  # bm25s adds the empty token without a column; keep its vocabulary shape
            vocab[""] = len(vocab)
        params = {"k1": K1, "b": B, "delta": 0.5, "method": "lucene", "idf_method": "lucene",
                  "dtype": "float32", "int_dtype": "int32", "num_docs": counts.num_docs,
                  "version": BM25S_LAYOUT, "backend": "numpy"}
        return cls(data, indices, indptr, vocab, params)

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
        meta = {"tokenizer": TOKENIZER, "k1": K1, "b": B, "builder": BUILDER}
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


def counted_tokens(texts: Iterable[str], counts: Counter[str]) -> Iterator[list[str]]:
    """``lexical_tokens`` of each text, lazily, adding them to ``counts`` on the way.

    One tokenisation feeds both the BM25 build and the cross-lingual bridge's corpus frequencies,
    without holding every chunk's token list at once.
    """
    for text in texts:
        tokens = lexical_tokens(text)
        counts.update(tokens)
        yield tokens


def _batched(items: Iterable[Sequence[str]], size: int) -> Iterator[list[Sequence[str]]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class _TermCounts:
    """Pass 1 of a build: per-chunk term frequencies as compact arrays, one batch of chunks at a time.

    Per posting it keeps a term id (int32) and a frequency (uint16 unless a term repeats more
    often in one chunk); pass 2 (:meth:`bm25_csc`) needs the corpus-wide document frequencies
    and mean length before any score is known, so the counts wait here.
    """

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self._batches: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # terms, tf, postings per chunk
        self._lengths: list[np.ndarray] = []
        self._df = np.zeros(0, dtype=np.int64)

    @property
    def num_docs(self) -> int:
        return sum(len(lengths) for lengths in self._lengths)

    def add(self, batch: Sequence[Sequence[str]]) -> None:
        batch = [tokens or [""] for tokens in batch]  # as qa always did for bm25s: an empty chunk is scorable
        lengths = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        flat = list(chain.from_iterable(batch))
        vocab = self.vocab
        new = [t for t in dict.fromkeys(flat) if t not in vocab]
        vocab.update(zip(new, range(len(vocab), len(vocab) + len(new)), strict=True))
        ids = np.fromiter(map(vocab.__getitem__, flat), dtype=np.int64, count=len(flat))
        del flat
        rows = np.repeat(np.arange(len(batch), dtype=np.int64), lengths)
        keys, tf = np.unique((rows << 32) | ids, return_counts=True)  # sorted by chunk, then term
        terms = (keys & 0xFFFFFFFF).astype(np.int32)
        per_chunk = np.bincount(keys >> 32, minlength=len(batch)).astype(np.int32)
        if len(self._df) < len(vocab):
            self._df = np.concatenate([self._df, np.zeros(len(vocab) - len(self._df), dtype=np.int64)])
        self._df += np.bincount(terms, minlength=len(vocab))
        tf = tf.astype(np.uint16) if tf.max(initial=0) <= np.iinfo(np.uint16).max else tf.astype(np.uint32)
        self._batches.append((terms, tf, per_chunk))
        self._lengths.append(lengths)

    def bm25_csc(self, k1: float, b: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pass 2: BM25 score of every posting, scattered into CSC order (by term, then chunk).

        Mirrors bm25s's arithmetic step by step (idf in float64 cast to float32, the
        term-frequency part in float64, the product stored as float32) so scores match bit for bit.
        """
        n_docs, n_terms = self.num_docs, len(self.vocab)
        df = self._df
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        data = np.empty(int(indptr[-1]), dtype=np.float32)
        indices = np.empty(int(indptr[-1]), dtype=np.int32)
        if n_docs == 0:
            return data, indices, indptr
        lengths = np.concatenate(self._lengths)
        avg_len = lengths.mean()
        levels, where = np.unique(df, return_inverse=True)
        idf = np.array([math.log(1 + (n_docs - d + 0.5) / (d + 0.5)) for d in levels.tolist()],
                       dtype=np.float32)[where].astype(np.float64)
        cursor = indptr[:-1].copy()
        first = 0
        self._batches.reverse()
        while self._batches:  # free each batch once placed: the counts shrink as the CSC arrays fill
            terms, tf, per_chunk = self._batches.pop()
            chunk_ids = np.arange(first, first + len(per_chunk))
            rows = np.repeat(chunk_ids.astype(np.int32), per_chunk)
            doc_len = np.repeat(lengths[chunk_ids].astype(np.float64), per_chunk)
            freq = tf.astype(np.float32).astype(np.float64)
            scores = (idf[terms] * (freq / (k1 * ((1 - b) + b * doc_len / avg_len) + freq))).astype(np.float32)
            order = np.argsort(terms, kind="stable")  # stable: chunks stay ascending within a term
            sorted_terms = terms[order]
            starts = np.flatnonzero(np.r_[True, sorted_terms[1:] != sorted_terms[:-1]])
            rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
            dest = cursor[sorted_terms] + rank
            data[dest] = scores[order]
            indices[dest] = rows[order]
            cursor += np.bincount(terms, minlength=n_terms)
            first += len(per_chunk)
        return data, indices, indptr
