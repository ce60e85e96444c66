"""qa — extractive question answering over news archives, every sentence quoted and cited.

    >>> import qa
    >>> idx = qa.Index.build(["corpus/"])            # or qa.Index.load("embeddings/")
    >>> ans = idx.ask("二七区有几家三甲医院？")
    >>> print(ans.text, ans.citations)
"""

from __future__ import annotations

from qa.errors import (
    BackendUnavailableError,
    BadArgumentError,
    BadQuestionError,
    EvalDataError,
    IndexBusyError,
    IndexCorruptError,
    IndexFormatError,
    IndexNotFoundError,
    IngestError,
    ModelMismatchError,
    QAError,
)
from qa.types import Answer, Article, Chunk, Citation, Hit

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "Article",
    "BackendUnavailableError",
    "BadArgumentError",
    "BadQuestionError",
    "Chunk",
    "Citation",
    "EvalDataError",
    "Hit",
    "Index",
    "IndexBusyError",
    "IndexCorruptError",
    "IndexFormatError",
    "IndexNotFoundError",
    "IngestError",
    "ModelMismatchError",
    "QAError",
    "__version__",
]


def __getattr__(name: str):
    # Index pulls in numpy/faiss/bm25s; keep `import qa` (and `qa --help`) light.
    if name == "Index":
        from qa.index import Index

        return Index
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
