"""Embeddings already computed, kept between builds so an interrupted `qa index` resumes where it stopped.

Layout, inside the index folder (hidden, so an interrupted first build still reads as "no index yet")::

    .cache/<model key>/shard-<time>-<id>.npy    float32 vectors, one row per key (np.save, no pickle)
    .cache/<model key>/shard-<time>-<id>.json   {"format", "model_id", "dim", "rows", "sha256", "keys"}

Keys are the sha256 of the embedded text (see ``qa.index.embedding_text``), so a vector is reused only
for the very same text under the very same model. Shards are append-only and each is written
atomically (vectors first, then its JSON, which names the vectors' checksum: a shard without JSON
does not exist). A shard whose checksum, shape or model does not match is ignored, its texts are
embedded again. A successful build folds the vectors into the index and clears the cache.

Shards may also be written elsewhere (another machine, see :func:`embed_shard`) and copied in.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from qa.store import sha256_file

FORMAT = "qa-embcache-v1"
CACHE_DIR = ".cache"
SHARD_ROWS = 1024  # vectors per shard: at most this much work is lost to a hard kill


def text_key(text: str) -> str:
    """The cache key of an embedded text (128 bits of its sha256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def model_key(model_id: str) -> str:
    """A folder name for a model id: readable, and unique by a hash of the whole id."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id)[:48]
    return f"{readable}-{hashlib.sha256(model_id.encode('utf-8')).hexdigest()[:8]}"


def _write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    write(tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


class EmbeddingCache:
    """Append-only, checksummed shards of (text key → vector) for one model."""

    def __init__(self, folder: Path, model_id: str, dim: int) -> None:
        self.folder = Path(folder)
        self.model_id = model_id
        self.dim = dim
        self.ignored: list[str] = []  # shards found damaged or foreign on the last load

    @classmethod
    def in_index(cls, index_folder: Path, model_id: str, dim: int) -> EmbeddingCache:
        return cls(Path(index_folder) / CACHE_DIR / model_key(model_id), model_id, dim)

    def append(self, keys: Sequence[str], vectors: np.ndarray) -> Path | None:
        """Write one shard; returns its JSON path (None when there is nothing to write)."""
        if not len(keys):
            return None
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape != (len(keys), self.dim):
            raise ValueError(f"{len(keys)} keys but vectors of shape {vectors.shape}")
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"shard-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"
        npy = self.folder / f"{name}.npy"
        _write_atomic(npy, lambda p: _save_npy(p, vectors))
        meta = {"format": FORMAT, "model_id": self.model_id, "dim": self.dim, "rows": len(keys),
                "sha256": sha256_file(npy), "keys": list(keys)}
        meta_path = self.folder / f"{name}.json"
        _write_atomic(meta_path, lambda p: p.write_text(json.dumps(meta), encoding="utf-8"))
        return meta_path

    def load(self, wanted: Iterable[str] | None = None) -> dict[str, np.ndarray]:
        """Vectors of the ``wanted`` keys (all when None) from every sound shard; damaged ones are skipped."""
        want = None if wanted is None else set(wanted)
        found: dict[str, np.ndarray] = {}
        self.ignored = []
        if not self.folder.is_dir():
            return found
        for meta_path in sorted(self.folder.glob("shard-*.json")):
            shard = self._read_shard(meta_path)
            if shard is None:
                self.ignored.append(meta_path.name)
                continue
            keys, vectors = shard
            for i, key in enumerate(keys):
                if want is None or key in want:
                    found[key] = vectors[i]
        return found

    def _read_shard(self, meta_path: Path) -> tuple[list[str], np.ndarray] | None:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            npy = meta_path.with_suffix(".npy")
            if (meta.get("format") != FORMAT or meta.get("model_id") != self.model_id
                    or meta.get("dim") != self.dim or sha256_file(npy) != meta.get("sha256")):
                return None
            vectors = np.load(npy, allow_pickle=False)
            keys = meta["keys"]
            if vectors.dtype != np.float32 or vectors.shape != (meta["rows"], self.dim) or len(keys) != len(vectors):
                return None
            return [str(k) for k in keys], vectors
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def clear(self) -> None:
        """Drop every shard of this model (after a build has folded them into the index)."""
        if self.folder.is_dir():
            for p in self.folder.iterdir():
                p.unlink(missing_ok=True)
            self.folder.rmdir()


def _save_npy(path: Path, vectors: np.ndarray) -> None:
    with open(path, "wb") as f:
        np.save(f, vectors, allow_pickle=False)


class ShardWriter:
    """Collects (text, vector) pairs from an embedding run and appends a shard every ``rows`` vectors."""

    def __init__(self, cache: EmbeddingCache, rows: int = SHARD_ROWS) -> None:
        self.cache = cache
        self.rows = rows
        self._keys: list[str] = []
        self._vectors: list[np.ndarray] = []

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        self._keys.extend(text_key(t) for t in texts)
        self._vectors.append(np.asarray(vectors, dtype=np.float32))
        if len(self._keys) >= self.rows:
            self.flush()

    def flush(self) -> None:
        if self._keys:
            self.cache.append(self._keys, np.concatenate(self._vectors))
        self._keys, self._vectors = [], []


def embed_shard(encoder, texts: Sequence[str], cache: EmbeddingCache, rows: int = SHARD_ROWS) -> int:
    """Embed a slice of chunk texts into cache shards; returns how many texts were embedded.

    The unit of work for spreading embedding over machines: give each worker (a Ray task, a Spark
    partition) a slice of the chunk texts and the model spec, let it write shards into its own
    ``EmbeddingCache`` folder, copy the shard files into ``<index>/.cache/<model key>/``, and run
    `qa index`: it embeds only what no shard holds.

        >>> cache = EmbeddingCache(Path("out/cache"), encoder.model_id, encoder.dim)
        >>> embed_shard(encoder, texts[i::workers], cache)
    """
    from qa.encoders import embed_passages

    have = cache.load(text_key(t) for t in texts)
    todo = list(dict.fromkeys(t for t in texts if text_key(t) not in have))
    writer = ShardWriter(cache, rows)
    try:
        if todo:
            embed_passages(encoder, todo, on_batch=writer.add)
    finally:
        writer.flush()
    return len(todo)
