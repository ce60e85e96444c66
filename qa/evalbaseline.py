"""The bm25-jieba baseline: rank_bm25's BM25Okapi over jieba words, as many Chinese RAG setups retrieve.

``qa eval --mode bm25-jieba`` scores it on the same chunks as the product, retrieval only, so the
product's lexical and hybrid search can be compared with what people would otherwise use.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from qa.errors import BackendUnavailableError
from qa.evalrows import SEARCH_K
from qa.types import Article, Chunk, Hit


def jieba_tokens(text: str) -> list[str]:
    """jieba words of the lower-cased text, without spaces and punctuation-only tokens."""
    import jieba

    return [t for t in jieba.lcut(text.lower()) if t.strip() and not _is_punctuation(t)]


def _is_punctuation(token: str) -> bool:
    return all(unicodedata.category(c)[0] in "PSZ" for c in token)


class JiebaBM25:
    """The baseline many Chinese RAG setups use: rank_bm25's BM25Okapi over jieba words of each chunk.

    Chunks are indexed as the product indexes them (``title + "\\n" + chunk text``); no normalisation, so
    Traditional questions meet Traditional text as jieba segments it.
    """

    def __init__(self, bm25: Any, chunks: Sequence[Chunk], seconds: float) -> None:
        self._bm25 = bm25
        self.chunks = list(chunks)
        self.seconds = seconds

    @classmethod
    def build(cls, articles: Mapping[str, Article], chunks: Sequence[Chunk]) -> JiebaBM25:
        import logging

        try:
            import jieba
            from rank_bm25 import BM25Okapi
        except ImportError as e:
            raise BackendUnavailableError(
                "the bm25-jieba baseline needs jieba and rank-bm25: pip install 'qa[eval]' "
                "(or pip install jieba==0.42.1 rank-bm25==0.2.2)"
            ) from e
        from qa.index import embedding_text

        jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter
        jieba.initialize()  # a one-time load (~1 s), not part of the indexing rate
        t0 = time.perf_counter()
        corpus = [jieba_tokens(embedding_text(articles[c.article_id], c)) or [""] for c in chunks]
        return cls(BM25Okapi(corpus), chunks, time.perf_counter() - t0)

    def search(self, question: str, k: int = SEARCH_K) -> list[Hit]:
        """The ``k`` best chunks with a positive score, best first."""
        from qa.lexical import top_k

        tokens = jieba_tokens(question)
        if not tokens or not self.chunks:
            return []
        rows, scores = top_k(self._bm25.get_scores(tokens), k)
        kept = [(int(r), float(s)) for r, s in zip(rows, scores, strict=True) if s > 0]
        return [Hit(rank, self.chunks[row], score, lexical=score) for rank, (row, score) in enumerate(kept, 1)]
