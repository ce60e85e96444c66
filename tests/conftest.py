"""Shared fixtures: a deterministic fake encoder, hermetic folders, small article sets."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from qa import encoders
from qa.normalize import lexical_tokens

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_fdb8d20d53532580.txt"
BENCHMARKS = SHARED / "benchmarks"


class FakeEncoder:
    """Hashed bag of unigrams+bigrams: similar texts get similar vectors, deterministically, instantly."""

    def __init__(self, arg: str = "", dim: int = 64) -> None:
        self.spec = f"fake:{arg}" if arg else "fake"
        self.model_id = f"fake-hash-{dim}{'-' + arg if arg else ''}"
        self.dim = dim
        self.calls = 0
        self.passages_embedded = 0

    def _embed(self, texts) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for tok in lexical_tokens(text):
                h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=4).digest(), "little")
                out[i, h % self.dim] += 1.0
        out += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def encode_queries(self, texts):
        self.calls += 1
        return self._embed(list(texts))

    def encode_passages(self, texts):
        self.calls += 1
        self.passages_embedded += len(texts)
        return self._embed(list(texts))


@pytest.fixture(autouse=True)
def _hermetic(tmp_path, monkeypatch):
    """Every test runs in its own cwd with the fake backend registered and no shared encoder state."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setattr(encoders, "_LIVE", {})
    monkeypatch.setitem(encoders._BACKENDS, "fake", FakeEncoder)
    yield


@pytest.fixture
def fake() -> FakeEncoder:
    """The fake encoder instance that `get_encoder("fake")` will return."""
    return encoders.get_encoder("fake")  # type: ignore[return-value]


def build_small_fake_index(root: Path) -> Path:
    """A small index of ``tests.test_index``'s corpus under ``root`` (``root/corpus``, ``root/idx``), built with
    the fake encoder outside any test's monkeypatching, for module-scoped fixtures to copy."""
    from qa.index import Index
    from tests.test_index import write_corpus

    write_corpus(root / "corpus")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(encoders, "_LIVE", {})
        mp.setitem(encoders._BACKENDS, "fake", FakeEncoder)
        Index.build([root / "corpus"], folder=root / "idx", model="fake")
    return root
