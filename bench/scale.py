"""Scale benchmark: a synthetic archive of N chunks, built and queried (not a test; minutes, not seconds).

    python bench/scale.py --chunks 1000000 --out /tmp/qa-scale   # writes /tmp/qa-scale/results.json

Chunk texts are sentences sampled from the benchmark paragraphs in ../shared/benchmarks/*.json (read
from there, never copied), each chunk a fake title plus 1–4 sentences (≤ 300 characters). Vectors come
from a fast stand-in for the model: random projections (384 dims) of hashed character bigrams, so a
million chunks are "embedded" in minutes and near-duplicate texts still get near-duplicate vectors;
by default (``--stand-in e5-shaped``) these are mapped onto the mean and covariance of 400 real e5
vectors (computed once, cached as ``e5_shape.npz`` in ``--out``).
Measured: build time per side, size on disk, RSS of a fresh process that loads the index, warm query
latency one at a time (dense + lexical + fusion; the real e5 query encoding is timed apart), and
recall@10 of the approximate dense index against exact search. ``--lexical-chunks`` caps the lexical
side when memory is short (bm25s tokenises the whole corpus in Python lists).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

BENCHMARKS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
DIM = 384
BUCKETS = 1 << 16


def _paragraphs_and_questions() -> tuple[list[str], list[str]]:
    paragraphs, questions = [], []
    for path in sorted(BENCHMARKS.glob("*.json")):
        for doc in json.loads(path.read_text(encoding="utf-8"))["data"]:
            for p in doc["paragraphs"]:
                paragraphs.append(p["context"])
                questions.extend(q["question"] for q in p["qas"])
    return paragraphs, questions


def _bigram_vectors(texts: list[str], projection: np.ndarray) -> np.ndarray:
    """Stand-in embedding: sum of random vectors of the text's hashed character bigrams, normalised."""
    import zlib

    out = np.zeros((len(texts), projection.shape[1]), dtype=np.float32)
    for i, t in enumerate(texts):
        ids = [zlib.crc32(t[j : j + 2].encode()) % BUCKETS for j in range(len(t) - 1)]
        if ids:
            out[i] = projection[ids].sum(axis=0)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def synthetic_archive(n: int, seed: int = 0, shape: dict[str, np.ndarray] | None = None,
                      ) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    """``n`` chunk texts with stand-in vectors, and benchmark questions with theirs (see :func:`_shaped`)."""
    import scipy.sparse as sp

    from qa.chunking import sentence_spans

    paragraphs, questions = _paragraphs_and_questions()
    sentences = [p[s.start : s.end].strip() for p in paragraphs for s in sentence_spans(p)]
    sentences = [s for s in sentences if 8 <= len(s) <= 140]
    rng = np.random.default_rng(seed)
    projection = rng.standard_normal((BUCKETS, DIM), dtype=np.float32)
    sent_vecs = _bigram_vectors(sentences, projection)
    lengths = np.array([len(s) for s in sentences])
    texts, rows, cols = [], [], []
    for i in range(n):
        title = sentences[int(rng.integers(len(sentences)))][:18]
        picked = [int(j) for j in rng.integers(len(sentences), size=int(rng.integers(1, 5)))]
        while len(picked) > 1 and lengths[picked].sum() > 280:
            picked.pop()
        texts.append(title + "\n" + "".join(sentences[j] for j in picked))
        rows.extend([i] * len(picked))
        cols.extend(picked)
    incidence = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n, len(sentences)))
    vecs = np.asarray(incidence @ sent_vecs, dtype=np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    q_sample = [questions[int(j)] for j in rng.choice(len(questions), size=min(400, len(questions)), replace=False)]
    qvecs = _bigram_vectors(q_sample, projection)
    if shape is not None:
        vecs, qvecs = _shaped(vecs, shape), _shaped(qvecs, shape)
    return texts, vecs, q_sample, qvecs


def e5_shape(out: Path, n: int = 400) -> dict[str, np.ndarray]:
    """Mean and principal axes of real e5 vectors of ``n`` benchmark chunks (cached in ``out``)."""
    cached = out / "e5_shape.npz"
    if cached.exists():
        with np.load(cached, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    from qa.chunking import chunk_article
    from qa.encoders import embed_passages, get_encoder
    from qa.index import embedding_text
    from qa.types import Article

    paragraphs, _ = _paragraphs_and_questions()
    rng = np.random.default_rng(1)
    arts = [Article(id=str(i), title="", text=paragraphs[int(i)]) for i in rng.choice(len(paragraphs), n)]
    texts = [embedding_text(a, c) for a in arts for c in chunk_article(a, 0)][:n]
    vectors = embed_passages(get_encoder("e5"), texts)
    mean = vectors.mean(axis=0)
    _, sing, axes = np.linalg.svd(vectors - mean, full_matrices=False)
    shape = {"mean": mean, "scale": sing / np.sqrt(len(vectors)), "axes": axes}
    np.savez(cached, **shape)
    return shape


def _shaped(vectors: np.ndarray, shape: dict[str, np.ndarray]) -> np.ndarray:
    """Give isotropic stand-in vectors the real model's mean and covariance (an affine map, so
    texts that were close stay close): ``mean + (√d·v · scale) @ axes``, normalised."""
    k = len(shape["scale"])
    z = vectors[:, :k] * np.sqrt(vectors.shape[1])
    out = (shape["mean"] + (z * shape["scale"]) @ shape["axes"]).astype(np.float32)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def _exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    best = np.zeros((len(queries), k), dtype=np.int64)
    for i in range(0, len(queries), 50):
        scores = queries[i : i + 50] @ vectors.T
        part = np.argpartition(-scores, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1)
        best[i : i + 50] = np.take_along_axis(part, order, axis=1)
    return best


def _peak_rss_mb() -> int:
    """Peak resident set of this process (VmHWM: unlike ru_maxrss it is not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _recall(found: np.ndarray, exact: np.ndarray, vectors: np.ndarray, queries: np.ndarray) -> tuple[float, float]:
    """recall@10 by ids, and tie-aware: a hit scoring at least the exact 10th score counts (equal vectors)."""
    by_id, by_score = [], []
    for f, e, q in zip(found, exact, queries, strict=True):
        f = f[f >= 0]
        by_id.append(len(set(f.tolist()) & set(e.tolist())) / len(e))
        tenth = float(vectors[e[-1]] @ q)
        by_score.append(min(1.0, float(np.sum(vectors[f] @ q >= tenth - 1e-6)) / len(e)))
    return round(float(np.mean(by_id)), 4), round(float(np.mean(by_score)), 4)


def _ef_sweep(dense, vecs: np.ndarray, qvecs: np.ndarray, exact: np.ndarray) -> dict:
    """recall@10 (by id, tie-aware) and mean search ms for a few efSearch values."""
    if dense.kind != "IndexHNSWFlat":
        return {}
    sweep = {}
    for ef in (64, 128, 256, 512, 1024):
        dense.configure({"efSearch": ef})
        t = time.perf_counter()
        found = np.stack([np.pad(r := dense.top(q, 10)[0], (0, 10 - len(r)), constant_values=-1) for q in qvecs])
        ms = (time.perf_counter() - t) * 1000 / len(qvecs)
        sweep[ef] = {"recall_id": (rc := _recall(found, exact, vecs, qvecs))[0], "recall_tie": rc[1],
                     "ms": round(ms, 2)}
    from qa.dense import HNSW_EF_SEARCH

    dense.configure({"efSearch": HNSW_EF_SEARCH})
    return sweep


def build(args: argparse.Namespace) -> dict:
    from qa.dense import DenseIndex
    from qa.lexical import LexicalIndex

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    shape = e5_shape(out) if args.stand_in == "e5-shaped" else None
    texts, vecs, questions, qvecs = synthetic_archive(args.chunks, shape=shape)
    res: dict = {"chunks": args.chunks, "stand_in": args.stand_in, "synthesis_s": round(time.perf_counter() - t, 1)}
    t = time.perf_counter()
    dense = DenseIndex.build(vecs, ann_threshold=args.ann_threshold)
    res["dense_build_s"] = round(time.perf_counter() - t, 1)
    res["dense"] = dense.describe()
    dense.save(out / "dense.faiss")
    approx = np.stack([np.pad(r := dense.top(q, 10)[0], (0, 10 - len(r)), constant_values=-1) for q in qvecs])
    exact = _exact_top(vecs, qvecs, 10)
    res["recall_at_10_vs_exact"], res["recall_at_10_tie_aware"] = _recall(approx, exact, vecs, qvecs)
    res["ef_search_sweep"] = _ef_sweep(dense, vecs, qvecs, exact)
    del dense
    n_lex = min(args.chunks, args.lexical_chunks or args.chunks)
    t = time.perf_counter()
    lexical = LexicalIndex.build(texts[:n_lex])
    res["lexical_chunks"] = n_lex
    res["lexical_build_s"] = round(time.perf_counter() - t, 1)
    lexical.save(out / "lexical")
    del lexical
    np.save(out / "queries.npy", qvecs, allow_pickle=False)
    (out / "queries.json").write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    res["disk_bytes"] = {"dense": _size(out / "dense.faiss"), "lexical": _size(out / "lexical")}
    res["build_peak_rss_mb"] = _peak_rss_mb()
    return res


def serve(args: argparse.Namespace) -> dict:
    """In a fresh process: load, then time warm queries one at a time (what `qa ask` does per question)."""
    from qa.dense import DenseIndex
    from qa.fusion import linear_fusion, ranked
    from qa.lexical import LexicalIndex

    out = Path(args.out)
    t = time.perf_counter()
    settings = json.loads(args.dense_settings) if args.dense_settings else {}
    dense = DenseIndex.load(out / "dense.faiss", settings)
    lexical = LexicalIndex.load(out / "lexical")
    load_s = time.perf_counter() - t
    qvecs = np.load(out / "queries.npy")
    questions = json.loads((out / "queries.json").read_text(encoding="utf-8"))
    for q, v in zip(questions[:20], qvecs[:20], strict=True):  # warm up
        dense.top(v, 100), lexical.top(q, 100)
    sides: dict[str, list[float]] = {"dense": [], "lexical": [], "fusion": [], "total": []}
    for q, v in zip(questions, qvecs, strict=True):
        t0 = time.perf_counter()
        rows, scores = dense.top(v, 100)
        t1 = time.perf_counter()
        lrows, lscores = lexical.top(q, 100)
        t2 = time.perf_counter()
        ranked(linear_fusion(dict(zip(lrows.tolist(), lscores.tolist(), strict=True)),
                             dict(zip(rows.tolist(), scores.tolist(), strict=True))))[:10]
        t3 = time.perf_counter()
        for name, dt in (("dense", t1 - t0), ("lexical", t2 - t1), ("fusion", t3 - t2), ("total", t3 - t0)):
            sides[name].append(dt * 1000)
    res = {"load_s": round(load_s, 2), "rss_loaded_mb": _peak_rss_mb()}
    for name, ms in sides.items():
        res[f"{name}_p50_ms"] = round(float(np.percentile(ms, 50)), 2)
        res[f"{name}_p95_ms"] = round(float(np.percentile(ms, 95)), 2)
    if args.compare_bm25s:
        res.update(_bm25s_get_scores_ms(out, questions))
    return res


def _bm25s_get_scores_ms(out: Path, questions: list[str]) -> dict:
    """The previous lexical query path (bm25s ``get_scores``, np.add.at) on the same index, for comparison."""
    import bm25s

    from qa.lexical import top_k
    from qa.normalize import lexical_tokens

    bm25 = bm25s.BM25.load(str(out / "lexical"), allow_pickle=False, mmap=True)
    ms = []
    for q in questions[:100]:
        ids = [bm25.vocab_dict[t] for t in lexical_tokens(q) if t in bm25.vocab_dict and t != ""]
        t = time.perf_counter()
        if ids:
            top_k(np.asarray(bm25.get_scores(ids), dtype=np.float32), 100)
        ms.append((time.perf_counter() - t) * 1000)
    return {"lexical_bm25s_get_scores_p50_ms": round(float(np.percentile(ms, 50)), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=1_000_000)
    parser.add_argument("--lexical-chunks", type=int, default=0, help="cap the lexical side (0: all chunks)")
    parser.add_argument("--ann-threshold", type=int, default=None)
    parser.add_argument("--stand-in", choices=["e5-shaped", "isotropic"], default="e5-shaped",
                        help="isotropic: raw bigram projections (near-orthogonal, the hardest case for ANN); "
                             "e5-shaped: the same, mapped to the mean and covariance of real e5 vectors")
    parser.add_argument("--out", default="/tmp/qa-scale")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dense-settings", default="", help=argparse.SUPPRESS)
    parser.add_argument("--compare-bm25s", action="store_true", help="also time bm25s get_scores")
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(args)))
        return
    if not BENCHMARKS.is_dir():
        sys.exit(f"no benchmark paragraphs at {BENCHMARKS}; nothing to sample from")
    res = build(args)
    print(json.dumps(res), flush=True)
    cmd = [sys.executable, __file__, "--serve", "--out", args.out, "--dense-settings", json.dumps(res["dense"])]
    served = json.loads(subprocess.run(cmd + (["--compare-bm25s"] if args.compare_bm25s else []),
                                       check=True, capture_output=True, text=True).stdout)
    res.update(served)
    (Path(args.out) / "results.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
