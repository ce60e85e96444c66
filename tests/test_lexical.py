"""The numpy BM25 build against bm25s (the oracle): same scores, same top-k, same saved layout."""

from __future__ import annotations

import json

import numpy as np
import pytest

from qa.lexical import BATCH, K1, B, LexicalIndex, top_k
from qa.normalize import lexical_tokens

bm25s = pytest.importorskip("bm25s")


ALPHABET = "二七区有家三甲医院郑州大学第一附属人民政府会议"


def _random_corpus(seed: int, n_docs: int, alphabet: str = ALPHABET) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, len(alphabet) + 1)  # Zipf-like: some tokens everywhere, some rare
    weights /= weights.sum()
    texts = ["".join(rng.choice(list(alphabet), size=int(rng.integers(0, 60)), p=weights)) for _ in range(n_docs)]
    return [lexical_tokens(t) for t in texts]


def _oracle(token_lists: list[list[str]]):
    """What qa did before: bm25s builds the index."""
    bm25 = bm25s.BM25(k1=K1, b=B)
    bm25.index([tokens or [""] for tokens in token_lists], show_progress=False)
    return bm25


def _dense_matrix(data, indices, indptr, vocab, n_docs) -> dict[str, np.ndarray]:
    """token → that token's column of scores over all chunks (ids differ between builds, tokens do not)."""
    columns = len(indptr) - 1
    out = {}
    for token, col in vocab.items():
        if col < columns:
            column = np.zeros(n_docs, dtype=np.float32)
            column[indices[indptr[col] : indptr[col + 1]]] = data[indptr[col] : indptr[col + 1]]
            out[token] = column
    return out


@pytest.mark.parametrize("seed, n_docs", [(0, 1), (1, 7), (2, 200), (3, 1000)])
def test_scores_equal_bm25s_on_random_corpora(seed, n_docs, monkeypatch):
    monkeypatch.setattr("qa.lexical.BATCH", 64)  # several batches even on small corpora
    tokens = _random_corpus(seed, n_docs)
    ours, oracle = LexicalIndex.from_tokens(iter(tokens)), _oracle(tokens)
    s = oracle.scores
    mine = _dense_matrix(ours._data, ours._indices, ours._indptr, ours._vocab, n_docs)
    theirs = _dense_matrix(s["data"], s["indices"], s["indptr"], oracle.vocab_dict, n_docs)
    assert mine.keys() == theirs.keys()
    for token in theirs:
        np.testing.assert_allclose(mine[token], theirs[token], rtol=0, atol=1e-5)
    assert ours.size == s["num_docs"] == n_docs
    assert set(ours._vocab) == set(oracle.vocab_dict)
    queries = [lexical_tokens(t) for t in ("三甲医院", "郑州大学第一附属医院", "人民政府会议", "二七区有家")]
    for q in queries:
        ids = [oracle.vocab_dict[t] for t in q if t in oracle.vocab_dict]
        expected = oracle.get_scores(ids)
        got = ours.scores(_text_of(q))
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)
        k = min(10, n_docs)
        assert top_k(got, k)[0].tolist() == top_k(expected.astype(np.float32), k)[0].tolist()


def _text_of(tokens: list[str]) -> str:
    """The query text whose lexical_tokens are ``tokens`` (its unigrams, in order)."""
    return "".join(t for t in tokens if len(t) == 1)


def test_arrays_are_bm25s_csc_layout_with_sorted_chunks_per_term():
    tokens = _random_corpus(5, 300)
    ours = LexicalIndex.from_tokens(tokens)
    assert ours._data.dtype == np.float32 and ours._indices.dtype == np.int32 and ours._indptr.dtype == np.int64
    for col in range(len(ours._indptr) - 1):
        rows = ours._indices[ours._indptr[col] : ours._indptr[col + 1]]
        assert np.all(np.diff(rows) > 0)


def test_saved_index_loads_in_bm25s_and_in_qa(tmp_path):
    tokens = _random_corpus(6, 120)
    LexicalIndex.from_tokens(tokens).save(tmp_path / "lex")
    params = json.loads((tmp_path / "lex" / "params.index.json").read_text())
    oracle = _oracle(tokens)
    assert {k: v for k, v in params.items() if k != "version"} == {
        "k1": oracle.k1, "b": oracle.b, "delta": oracle.delta, "method": oracle.method,
        "idf_method": oracle.idf_method, "dtype": oracle.dtype, "int_dtype": oracle.int_dtype,
        "num_docs": 120, "backend": "numpy"}
    reloaded = bm25s.BM25.load(str(tmp_path / "lex"), allow_pickle=False)
    loaded = LexicalIndex.load(tmp_path / "lex")
    q = "三甲医院"
    ids = [reloaded.vocab_dict[t] for t in lexical_tokens(q)]
    np.testing.assert_allclose(loaded.scores(q), reloaded.get_scores(ids), rtol=0, atol=1e-6)
    np.testing.assert_allclose(loaded.scores(q), _oracle(tokens).get_scores(
        [oracle.vocab_dict[t] for t in lexical_tokens(q)]), rtol=0, atol=1e-5)


def test_empty_chunks_are_indexed_like_bm25s():
    tokens = [[], lexical_tokens("医院"), [], lexical_tokens("三甲医院")]
    ours, oracle = LexicalIndex.from_tokens(tokens), _oracle(tokens)
    assert len(ours._indptr) == len(oracle.scores["indptr"]) and "" in ours._vocab
    np.testing.assert_allclose(ours.scores("医院"), oracle.get_scores(
        [oracle.vocab_dict[t] for t in lexical_tokens("医院")]), rtol=0, atol=1e-6)
    assert ours.token_document_frequency(["医院", "院", "无"]) == {"医院": 2, "院": 2, "无": 0}


def test_vocabulary_without_empty_chunks_has_the_empty_token_and_no_column_for_it():
    ours = LexicalIndex.from_tokens([lexical_tokens("二七区"), lexical_tokens("医院")])
    assert ours._vocab[""] == len(ours._indptr) - 1
    assert ours.scores("") is None


def test_empty_corpus_builds_and_finds_nothing():
    ours = LexicalIndex.from_tokens([])
    assert ours.size == 0 and ours.scores("医院") is None
    assert ours.top("医院", 5)[0].tolist() == []


def test_build_is_deterministic_and_independent_of_batch_size(monkeypatch):
    tokens = _random_corpus(7, 500)
    a = LexicalIndex.from_tokens(tokens)
    monkeypatch.setattr("qa.lexical.BATCH", 7)
    b = LexicalIndex.from_tokens(tokens)
    assert a._vocab == b._vocab
    for x, y in ((a._data, b._data), (a._indices, b._indices), (a._indptr, b._indptr)):
        np.testing.assert_array_equal(x, y)
    assert BATCH > 7


def test_term_repeated_beyond_uint16_counts_exactly():
    many = ["医"] * 70_000
    ours, oracle = LexicalIndex.from_tokens([many, ["院"]]), _oracle([many, ["院"]])
    np.testing.assert_allclose(ours.scores("医"), oracle.get_scores([oracle.vocab_dict["医"]]), rtol=0, atol=1e-6)


def test_counted_tokens_streams_tokens_and_counts_them_as_the_bridge_needs():
    from collections import Counter

    from qa.lexical import counted_tokens

    texts = ["二七区有9家三甲医院", "", "医院 hospital"]
    counts: Counter[str] = Counter()
    streamed = list(counted_tokens(iter(texts), counts))
    assert streamed == [lexical_tokens(t) for t in texts]
    assert counts == Counter(tok for t in texts for tok in lexical_tokens(t))
