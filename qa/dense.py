"""Dense retriever: normalised vectors in a FAISS inner-product index.

Exact (``IndexFlatIP``) below ``ann_threshold`` chunks, approximate from it: ``IndexHNSWFlat`` with
inner product. HNSW rather than IVF-SQ8/PQ: no training pass, and HNSWFlat keeps the full vectors, so
``vectors()`` hands them back for reuse when an index is updated with no side copy; the cost is memory
(vectors + 2·M links per row: 1.8 GB at 1M × 384). Recall against exact search falls with size and
is the open problem here: see bench/README.md for the measured efSearch sweep.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_ANN_THRESHOLD = 200_000  # chunks; below this exact search is fast enough (≈ 20 ms at 200k)
HNSW_M = 32  # links per node: recall vs memory
HNSW_EF_CONSTRUCTION = 64  # build-time beam: recall vs build time
HNSW_EF_SEARCH = 2048  # query-time beam (≥ the dense depth, 100): recall vs ms, bench/README.md


def resolve_ann_threshold(value: int | None = None) -> int:
    """The chunk count from which the dense side is approximate: ``value``, else ``$QA_ANN_THRESHOLD``, else 200k."""
    if value is not None:
        return int(value)
    env = os.environ.get("QA_ANN_THRESHOLD", "").strip()
    if env:
        try:
            return int(env)
        except ValueError:
            from qa.errors import QAError

            raise QAError(f"QA_ANN_THRESHOLD must be a whole number of chunks, not {env!r}") from None
    return DEFAULT_ANN_THRESHOLD


class DenseIndex:
    """Cosine similarity search over chunk vectors; row i is chunk i (both index kinds number rows in add order)."""

    def __init__(self, faiss_index) -> None:
        self._index = faiss_index

    @classmethod
    def build(cls, vectors: np.ndarray, ann_threshold: int | None = None) -> DenseIndex:
        """Exact below the threshold (see :func:`resolve_ann_threshold`), HNSW at or above it."""
        import faiss

        dim = vectors.shape[1]
        if len(vectors) >= resolve_ann_threshold(ann_threshold):
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            index = faiss.IndexFlatIP(dim)
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @property
    def kind(self) -> str:
        """The FAISS index class, as recorded in the manifest (``IndexFlatIP`` or ``IndexHNSWFlat``)."""
        return "IndexHNSWFlat" if hasattr(self._index, "hnsw") else "IndexFlatIP"

    def describe(self) -> dict[str, Any]:
        """The manifest's ``dense`` entry: engine, index kind and its search parameters."""
        out: dict[str, Any] = {"engine": "faiss", "index": self.kind, "metric": "cosine"}
        if self.kind == "IndexHNSWFlat":
            hnsw = self._index.hnsw
            out.update(M=HNSW_M, efConstruction=int(hnsw.efConstruction), efSearch=int(hnsw.efSearch))
        return out

    def configure(self, settings: dict[str, Any]) -> None:
        """Apply the manifest's search parameters (efSearch) after loading."""
        if self.kind == "IndexHNSWFlat" and "efSearch" in settings:
            self._index.hnsw.efSearch = int(settings["efSearch"])

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def top(self, query_vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if self.kind == "IndexHNSWFlat" and self._index.hnsw.efSearch < k:
            self._index.hnsw.efSearch = k  # HNSW returns at most efSearch results
        scores, rows = _search_one_thread(self._index, query_vector.reshape(1, -1).astype(np.float32), k)
        keep = rows[0] >= 0
        return rows[0][keep].astype(np.int64), scores[0][keep]

    def vectors(self) -> np.ndarray:
        """All stored vectors, in row order (reused when an index is updated); HNSWFlat keeps them whole."""
        if self.size == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_n(0, self.size)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, settings: dict[str, Any] | None = None) -> DenseIndex:
        import faiss

        index = cls(faiss.read_index(str(path)))
        index.configure(settings or {})
        return index


def _search_one_thread(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """One query on one OpenMP thread: on a busy 2-core machine a spinning team made a 100k-row
    exact search 48 ms instead of 10 ms (bench/README.md). Builds keep every thread."""
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        return index.search(query, k)
    finally:
        faiss.omp_set_num_threads(before)
