"""Dense retriever: normalised vectors in a FAISS inner-product index (exact at archive-page sizes)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


class DenseIndex:
    """Cosine similarity search over chunk vectors; row i is chunk i."""

    def __init__(self, faiss_index) -> None:
        self._index = faiss_index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        import faiss

        index = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

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
        scores, rows = self._index.search(query_vector.reshape(1, -1).astype(np.float32), k)
        keep = rows[0] >= 0
        return rows[0][keep].astype(np.int64), scores[0][keep]

    def vectors(self) -> np.ndarray:
        """All stored vectors, in row order (reused when an index is updated)."""
        if self.size == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_n(0, self.size)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        return cls(faiss.read_index(str(path)))
