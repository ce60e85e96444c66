"""Archive scale with the fake encoder: ANN above a threshold, resumable builds, checksummed cache shards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa import encoders
from qa.chunking import chunk_article
from qa.dense import DenseIndex, ivf_lists, resolve_ann_threshold
from qa.embedcache import CACHE_DIR, EmbeddingCache, embed_shard, model_key, text_key
from qa.errors import IndexNotFoundError, QAError
from qa.index import Index, embedding_text, is_boilerplate
from qa.types import Article

PLACES = ["二七区", "金水区", "中原区", "管城区", "惠济区", "上街区", "新郑市", "登封市"]
TOPICS = ["医院", "学校", "公园", "地铁", "工会", "法院"]


def archive(n: int = 40) -> list[dict]:
    """``n`` one-chunk articles with distinct texts."""
    return [{"id": f"a{i:03d}", "title": f"{PLACES[i % 8]}{TOPICS[i % 6]}新闻{i}",
             "text": f"{PLACES[i % 8]}第{i}号{TOPICS[(i * 5) % 6]}项目今年完成投资{i * 37 % 1000}万元。"}
            for i in range(n)]


def write_corpus(folder: Path, articles: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "news.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return folder


def cache_dir(idx: Path, fake) -> Path:
    return idx / CACHE_DIR / model_key(fake.model_id)


def interrupt_after(monkeypatch, fake, batches: int) -> None:
    """Make the fake encoder fail on passage batch ``batches + 1`` (a crash, a Ctrl-C)."""
    real = type(fake).encode_passages

    def flaky(texts):
        if fake.calls >= batches:
            raise KeyboardInterrupt
        return real(fake, texts)

    monkeypatch.setattr(fake, "encode_passages", flaky)


# ---- approximate dense index ----------------------------------------------------------------

def test_ann_chosen_above_threshold_and_recorded(tmp_path, fake):
    corpus = write_corpus(tmp_path / "corpus", archive(30))
    big = Index.build([corpus], folder=tmp_path / "big", model="fake", ann_threshold=20)
    small = Index.build([corpus], folder=tmp_path / "small", model="fake")
    dense = Index.load(tmp_path / "big").manifest["dense"]
    assert dense["index"] == "IndexHNSWFlat" and dense["efSearch"] >= 100 and dense["M"] > 0
    assert Index.load(tmp_path / "big").info()["dense_index"] == "IndexHNSWFlat"
    assert "efSearch=" in Index.load(tmp_path / "big").info()["dense_search"]
    assert Index.load(tmp_path / "small").info()["dense_index"] == "IndexFlatIP"
    for mode in ("dense", "hybrid"):
        top = [i.search("二七区医院", k=1, mode=mode)[0].chunk.id for i in (big, small)]
        assert top[0] == top[1], mode


def test_threshold_from_environment(monkeypatch):
    monkeypatch.setenv("QA_ANN_THRESHOLD", "123")
    assert resolve_ann_threshold() == 123 and resolve_ann_threshold(7) == 7
    monkeypatch.setenv("QA_ANN_THRESHOLD", "lots")
    with pytest.raises(QAError, match="QA_ANN_THRESHOLD"):
        resolve_ann_threshold()
    monkeypatch.delenv("QA_ANN_THRESHOLD")
    assert resolve_ann_threshold() == 200_000


def clustered(n: int, dim: int = 48, centres: int = 40, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` unit vectors around ``centres`` topics, and 200 queries near some of them."""
    rng = np.random.default_rng(seed)
    topics = rng.standard_normal((centres, dim)).astype(np.float32)
    vectors = topics[rng.integers(centres, size=n)] + 0.6 * rng.standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = vectors[rng.choice(n, 200, replace=False)] + 0.1 * rng.standard_normal((200, dim)).astype(np.float32)
    return vectors, queries


def recall_at_10(approx: DenseIndex, exact: DenseIndex, queries: np.ndarray) -> float:
    return float(np.mean([len(set(approx.top(q, 10)[0]) & set(exact.top(q, 10)[0])) / 10 for q in queries]))


def test_hnsw_recall_against_exact_search_and_round_trip(tmp_path):
    vectors, queries = clustered(3000, seed=2)
    exact = DenseIndex.build(vectors)
    approx = DenseIndex.build(vectors, ann_threshold=1000)
    assert (exact.kind, approx.kind) == ("IndexFlatIP", "IndexHNSWFlat")
    assert recall_at_10(approx, exact, queries) >= 0.95
    assert len(approx.top(queries[0], 150)[0]) == 150  # efSearch grows to the depth asked for
    np.testing.assert_array_equal(approx.vectors(), vectors)  # reused on update: row i is what was added i-th
    approx.save(tmp_path / "d.faiss")
    loaded = DenseIndex.load(tmp_path / "d.faiss", {"efSearch": 300})
    assert loaded.describe() == {**approx.describe(), "efSearch": 300}
    np.testing.assert_array_equal(loaded.vectors(), vectors)
    assert loaded.top(queries[1], 1)[0][0] == exact.top(queries[1], 1)[0][0]
    small = DenseIndex.build(vectors, ann_threshold=1000, ann={"M": 16, "efConstruction": 40})
    assert small.describe()["M"] == 16 and small.describe()["efConstruction"] == 40  # read from the index


def test_ivf_recall_against_exact_search():
    vectors, queries = clustered(4000)
    exact = DenseIndex.build(vectors)
    approx = DenseIndex.build(vectors, ann_threshold=1000, ann={"index": "IndexIVFFlat"})
    assert approx.kind == "IndexIVFFlat"
    assert approx.describe()["nlist"] == ivf_lists(4000) == 102  # ≈ 4·√n, ≥ 39 training vectors a list
    few = DenseIndex.build(vectors, ann_threshold=1000, ann={"index": "IndexIVFFlat", "nlist": 64, "nprobe": 2})
    assert 0.95 <= recall_at_10(few, exact, queries) < 1.0  # approximate, but close (0.99 when written)
    few.configure({"nprobe": 64})  # every list: the same ten as exact search
    assert recall_at_10(few, exact, queries) == 1.0
    assert all(np.array_equal(few.top(q, 10)[0], exact.top(q, 10)[0]) for q in queries[:20])
    assert len(few.top(queries[0], 150)[0]) == 150


def test_ivf_round_trip_keeps_rows_vectors_and_search_settings(tmp_path):
    vectors, queries = clustered(3000, seed=1)
    approx = DenseIndex.build(vectors, ann_threshold=1000, ann={"index": "IndexIVFFlat", "nprobe": 5})
    assert approx.describe()["nprobe"] == 5
    np.testing.assert_array_equal(approx.vectors(), vectors)  # reused on update: row i is what was added i-th
    approx.save(tmp_path / "d.faiss")
    loaded = DenseIndex.load(tmp_path / "d.faiss", {"nprobe": 11})
    assert loaded.describe() == {**approx.describe(), "nprobe": 11}
    np.testing.assert_array_equal(loaded.vectors(), vectors)  # the direct map is saved with the index
    for q in queries[:20]:
        approx.configure({"nprobe": 11})
        np.testing.assert_array_equal(loaded.top(q, 10)[0], approx.top(q, 10)[0])
    assert loaded.top(vectors[7], 1)[0][0] == 7


def test_unknown_ann_kind_is_refused():
    with pytest.raises(ValueError, match="IndexIVFFlat"):
        DenseIndex.build(np.eye(4, dtype=np.float32), ann_threshold=1, ann={"index": "IndexLSH"})


# ---- resumable builds -----------------------------------------------------------------------

def test_interrupted_build_resumes_embedding_only_the_rest(tmp_path, fake, monkeypatch):
    corpus, idx = write_corpus(tmp_path / "corpus", archive(40)), tmp_path / "idx"
    interrupt_after(monkeypatch, fake, batches=2)  # 2 batches of 16 done, then the build dies
    with pytest.raises(KeyboardInterrupt):
        Index.build([corpus], folder=idx, model="fake")
    assert fake.passages_embedded == 32
    with pytest.raises(IndexNotFoundError):  # the hidden cache does not make it look like a broken index
        Index.load(idx)
    monkeypatch.undo()
    monkeypatch.setattr(encoders, "_LIVE", {"fake": fake})
    index = Index.build([corpus], folder=idx, model="fake")
    # only the 8 missing chunks were embedded now (and then the sentences)
    assert fake.passages_embedded == 40 + index.last_build.sentences_embedded
    assert (index.last_build.embedded, index.last_build.resumed, index.last_build.reused) == (8, 32, 32)
    assert not cache_dir(idx, fake).exists()  # folded into the index, then cleared
    fresh = Index.build([corpus], folder=None, model="fake")
    np.testing.assert_allclose(index.dense.vectors(), fresh.dense.vectors(), atol=1e-6)


@pytest.mark.parametrize("damage", ["flip_vector_bytes", "truncate_vectors", "bad_json", "other_model", "no_vectors"])
def test_damaged_cache_shard_is_ignored_and_reembedded(tmp_path, fake, monkeypatch, damage):
    corpus, idx = write_corpus(tmp_path / "corpus", archive(40)), tmp_path / "idx"
    interrupt_after(monkeypatch, fake, batches=2)
    with pytest.raises(KeyboardInterrupt):
        Index.build([corpus], folder=idx, model="fake")
    (meta,) = cache_dir(idx, fake).glob("shard-*.json")
    npy = meta.with_suffix(".npy")
    if damage == "flip_vector_bytes":
        raw = bytearray(npy.read_bytes())
        raw[-40:] = bytes(b ^ 0xFF for b in raw[-40:])
        npy.write_bytes(bytes(raw))
    elif damage == "truncate_vectors":
        npy.write_bytes(npy.read_bytes()[:200])
    elif damage == "bad_json":
        meta.write_text(meta.read_text()[:50], encoding="utf-8")
    elif damage == "other_model":
        meta.write_text(meta.read_text().replace(fake.model_id, "another-model"), encoding="utf-8")
    else:
        npy.unlink()
    monkeypatch.undo()
    monkeypatch.setattr(encoders, "_LIVE", {"fake": fake})
    index = Index.build([corpus], folder=idx, model="fake")
    assert index.last_build.embedded == 40 and index.last_build.resumed == 0
    fresh = Index.build([corpus], folder=None, model="fake")
    np.testing.assert_allclose(index.dense.vectors(), fresh.dense.vectors(), atol=1e-6)


def test_cache_is_per_model_and_loads_only_what_is_asked(tmp_path):
    cache = EmbeddingCache(tmp_path / "c", "m1", 4)
    vecs = np.eye(4, dtype=np.float32)
    cache.append([text_key(t) for t in "abcd"], vecs)
    assert set(cache.load([text_key("b")])) == {text_key("b")}
    np.testing.assert_array_equal(cache.load()[text_key("c")], vecs[2])
    assert EmbeddingCache(tmp_path / "c", "m2", 4).load() == {}  # another model's vectors are never used
    assert not list((tmp_path / "c").glob(".tmp-*"))  # atomic writes leave no temp files
    with pytest.raises(ValueError):
        cache.append(["x"], vecs)


def test_shards_embedded_elsewhere_are_picked_up_by_the_build(tmp_path, fake):
    """The one-machine version of spreading embedding over workers (Ray tasks, Spark partitions)."""
    articles = [Article.from_dict(a) for a in archive(40)]
    texts = [embedding_text(a, c) for a in articles for c in chunk_article(a, 0)]
    for worker in range(3):  # each worker embeds its slice into its own folder
        embed_shard(fake, texts[worker::3], EmbeddingCache(tmp_path / f"w{worker}", fake.model_id, fake.dim))
    assert fake.passages_embedded == 40
    target = cache_dir(tmp_path / "idx", fake)
    target.mkdir(parents=True)
    for shard in tmp_path.glob("w*/shard-*"):
        shutil.copy(shard, target / shard.name)
    index = Index.build([write_corpus(tmp_path / "corpus", archive(40))], folder=tmp_path / "idx", model="fake")
    assert index.last_build.embedded == 0 and index.last_build.resumed == 40
    assert fake.passages_embedded == 40 + index.last_build.sentences_embedded


# ---- less embedding work --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["（记者 张三 通讯员 李四）", "本报讯", "新华社北京1月12日电", "责任编辑：王五",
                                  "文/张三", "（来源：人民日报）", "2024年1月12日", "编辑：王五 校对：赵六"])
def test_bylines_and_datelines_are_boilerplate(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize("text", ["二七区有9家三甲医院。", "图为二七区的医院", "记者在现场看到", "据新华社报道",
                                  "记者在现场看到，医院里人很多，大家都在排队等候挂号，场面十分热闹，秩序井然有序。"])
def test_content_is_not_boilerplate(text):
    assert not is_boilerplate(text)


def test_boilerplate_chunk_is_not_embedded_but_still_found_lexically(tmp_path, fake):
    rows = archive(5) + [{"id": "byline", "title": "二七区医院新闻", "text": "（记者 朱翔宇 通讯员 李四）"}]
    index = Index.build([write_corpus(tmp_path / "corpus", rows)], folder=tmp_path / "idx", model="fake")
    assert index.last_build.skipped == 1 and index.last_build.embedded == 5
    assert fake.passages_embedded == 5 + index.last_build.sentences_embedded
    byline = next(c for c in index.chunks if c.article_id == "byline")
    assert not index.dense.vectors()[byline.id].any()
    assert index.search("朱翔宇", k=1, mode="lexical")[0].chunk.id == byline.id
