"""Dense retriever: normalised vectors in a FAISS inner-product index.

Exact (``IndexFlatIP``) below ``ann_threshold`` chunks, approximate from it: ``IndexHNSWFlat`` with
inner product, M=48, efConstruction=128, efSearch=1024. On a 1M-chunk synthetic archive that is
recall@10 0.99 against exact search at ≈ 9 ms a query. Side by side (eval/bench/README.md): the earlier
M=32/efConstruction=64 graph needed efSearch 2048 for 0.97 and took 1.4× as long; IVF-Flat (nlist
4000) gave 0.949 at nprobe 1024 and 0.975 at 1536, in 1.8× and 2.6× the time. The price is the
build, ≈ 2.5× the M=32 one. HNSWFlat keeps the full vectors, so ``vectors()`` hands them back for
reuse when an index is updated with no side copy (≈ 1.9 GB at 1M × 384).
``build(..., ann={"index": "IndexIVFFlat"})`` makes the IVF-Flat index the benchmark compares with
(trained on a sample, with a direct map so ``vectors()`` works there too).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_ANN_THRESHOLD = 200_000  # chunks; below this exact search is fast enough (≈ 20 ms at 200k)
HNSW_M = 48  # links per node: recall vs memory and build time
HNSW_EF_CONSTRUCTION = 128  # build-time beam: recall vs build time
HNSW_EF_SEARCH = 1024  # query-time beam (≥ the dense depth, 100): recall vs ms, eval/bench/README.md
IVF_LISTS_PER_ROOT = 4  # nlist ≈ 4·√N
IVF_TRAIN_PER_LIST = 64  # k-means sample: 64 vectors per list (faiss asks for ≥ 39)
IVF_NPROBE = 1024  # lists searched per query: recall@10 0.949 at 1M (nlist 4000), eval/bench/README.md
ANN_KINDS = ("IndexHNSWFlat", "IndexIVFFlat")  # the first is the default


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


def ivf_lists(n: int) -> int:
    """nlist for ``n`` vectors: ≈ 4·√n, but never so many that a list gets fewer than 39 training vectors."""
    return max(1, min(round(IVF_LISTS_PER_ROOT * math.sqrt(n)), n // 39))


class DenseIndex:
    """Cosine similarity search over chunk vectors; row i is chunk i (every index kind numbers rows in add order)."""

    def __init__(self, faiss_index) -> None:
        self._index = faiss_index

    @classmethod
    def build(cls, vectors: np.ndarray, ann_threshold: int | None = None,
              ann: dict[str, Any] | None = None) -> DenseIndex:
        """Exact below the threshold (see :func:`resolve_ann_threshold`), approximate at or above it.

        ``ann`` picks the approximate kind and its parameters, in the shape :meth:`describe` records
        (default: HNSW with the module's constants), e.g. ``{"index": "IndexIVFFlat", "nprobe": 512}``.
        """
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        if n and n >= resolve_ann_threshold(ann_threshold):
            index = _ann_index(vectors, dict(ann or {}))
        else:
            index = faiss.IndexFlatIP(dim)
            index.add(vectors)
        return cls(index)

    @property
    def kind(self) -> str:
        """The FAISS index class, as recorded in the manifest (``IndexFlatIP``, ``IndexIVFFlat``, ``IndexHNSWFlat``)."""
        if hasattr(self._index, "hnsw"):
            return "IndexHNSWFlat"
        return "IndexIVFFlat" if hasattr(self._index, "nprobe") else "IndexFlatIP"

    def describe(self) -> dict[str, Any]:
        """The manifest's ``dense`` entry: engine, index kind and its build and search parameters."""
        out: dict[str, Any] = {"engine": "faiss", "index": self.kind, "metric": "cosine"}
        if self.kind == "IndexHNSWFlat":
            hnsw = self._index.hnsw
            links = int(hnsw.nb_neighbors(1))  # M links per node above layer 0
            out.update(M=links, efConstruction=int(hnsw.efConstruction), efSearch=int(hnsw.efSearch))
        elif self.kind == "IndexIVFFlat":
            out.update(nlist=int(self._index.nlist), nprobe=int(self._index.nprobe))
        return out

    def configure(self, settings: dict[str, Any]) -> None:
        """Apply the manifest's search parameters (``nprobe`` for IVF, ``efSearch`` for HNSW) after loading."""
        if self.kind == "IndexHNSWFlat" and "efSearch" in settings:
            self._index.hnsw.efSearch = int(settings["efSearch"])
        elif self.kind == "IndexIVFFlat" and "nprobe" in settings:
            self._index.nprobe = int(settings["nprobe"])

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
        keep = rows[0] >= 0  # IVF: the visited lists may hold fewer than k vectors
        return rows[0][keep].astype(np.int64), scores[0][keep]

    def vectors(self) -> np.ndarray:
        """All stored vectors, in row order (reused when an index is updated): every kind keeps them whole."""
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


def _ann_index(vectors: np.ndarray, params: dict[str, Any]):
    """The approximate FAISS index over ``vectors`` (n ≥ 1), kind and parameters from ``params``."""
    import faiss

    n, dim = vectors.shape
    kind = params.get("index", ANN_KINDS[0])
    if kind == "IndexHNSWFlat":
        index = faiss.IndexHNSWFlat(dim, int(params.get("M", HNSW_M)), faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = int(params.get("efConstruction", HNSW_EF_CONSTRUCTION))
        index.hnsw.efSearch = int(params.get("efSearch", HNSW_EF_SEARCH))
        index.add(vectors)
        return index
    if kind != "IndexIVFFlat":
        raise ValueError(f"unknown approximate index {kind!r}; use one of {', '.join(ANN_KINDS)}")
    nlist = int(params.get("nlist", ivf_lists(n)))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.spherical = True  # centroids on the unit sphere, like the vectors
    index.cp.min_points_per_centroid = 1  # ivf_lists already keeps ≥ 39 per list where n allows
    # A fixed seed for the sample (and faiss's own k-means seed): the same vectors give the same index.
    sample = np.random.default_rng(0).choice(n, min(n, IVF_TRAIN_PER_LIST * nlist), replace=False)
    index.train(vectors[np.sort(sample)])
    index.add(vectors)  # ids 0..n-1 in add order: row i is chunk i
    index.make_direct_map()  # saved with the index; reconstruct_n (vectors()) needs it
    index.nprobe = int(params.get("nprobe", IVF_NPROBE))
    return index


def _search_one_thread(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """One query on one OpenMP thread: on a busy 2-core machine a spinning team made a 100k-row
    exact search 48 ms instead of 10 ms (eval/bench/README.md). Builds keep every thread."""
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        return index.search(query, k)
    finally:
        faiss.omp_set_num_threads(before)
