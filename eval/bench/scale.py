"""Scale benchmark: a synthetic archive of N chunks, built and queried (not a test; minutes, not seconds).

    python eval/bench/scale.py --chunks 1000000 --out /tmp/qa-scale   # writes /tmp/qa-scale/results.json
    python eval/bench/scale.py --chunks 1000000 --out /tmp/qa-scale --dense-candidates \\
        '[{"index": "IndexIVFFlat", "sweep": {"nprobe": [256, 1024]}}, {"index": "IndexHNSWFlat", "M": 48}]'
    python eval/bench/scale.py --out /tmp/qa-scale --side-by-side '[{"file": "/tmp/qa-scale/A.faiss"}, …]'

Chunk texts are sentences sampled from the benchmark paragraphs in ../shared/benchmarks/*.json (read
from there, never copied), each chunk a fake title plus 1–4 sentences (≤ 300 characters). Vectors come
from a fast stand-in for the model: random projections (384 dims) of hashed character bigrams, so a
million chunks are "embedded" in minutes and near-duplicate texts still get near-duplicate vectors;
by default (``--stand-in e5-shaped``) these are mapped onto the mean and covariance of 400 real e5
vectors (computed once, cached as ``e5_shape.npz`` in ``--out``).

A chunk's vector covers its title and its sentences, as ``qa`` embeds ``title + "\\n" + chunk``.
Until this was so (``--body-only-vectors`` reproduces it) the vector ignored the title, and with only
≈ 24,000 source sentences a one-sentence body repeats often: 226,076 of 1,000,000 vectors were exact
duplicates of another (22.6 %), although only 56 chunk texts were. A real archive has exact
duplicates only where the same title and chunk text recur (wire copies under the same headline);
with the title in, the stand-in has 57 at 1M, from repeated source sentences. Among equal vectors the
order of ties is arbitrary, so recall "by id" was ill-defined; it is now reported both strictly by
id and ann-benchmarks style (a returned row counts if its exact inner product ≥ the exact 10th − 1e-6),
and at 1M the two agree to the fourth decimal.

Measured: build time per side, size on disk, RSS of a fresh process that loads the index, warm query
latency one at a time (dense + lexical + fusion; the real e5 query encoding is timed apart), and
recall@10 (depth-100 search, first ten, as ``qa ask`` runs it) of the approximate dense index against
exact search. ``--lexical-chunks`` caps the lexical side when memory is short (bm25s tokenises the
whole corpus in Python lists). ``--dense-candidates`` measures the dense side alone for several index
kinds on one set of vectors (synthesised once, cached in ``--out`` with the exact top-10; each index
kept there as a ``.faiss`` file), each search setting timed in a fresh process; ``--side-by-side``
times saved indexes interleaved query by query in one process, the fair comparison on a shared
machine; ``--reuse-dense FILE`` runs the whole archive with such a saved index instead of building it.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

BENCHMARKS = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"
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
                      title_in_vector: bool = True) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    """``n`` chunk texts with stand-in vectors, and benchmark questions with theirs (see :func:`_shaped`).

    A chunk's vector is the normalised sum of its sentences' vectors and, as ``qa`` embeds
    ``title + "\\n" + chunk``, its title's (``title_in_vector=False``: the body only, as before).
    """
    import scipy.sparse as sp

    from qa.chunking import sentence_spans

    paragraphs, questions = _paragraphs_and_questions()
    sentences = [p[s.start : s.end].strip() for p in paragraphs for s in sentence_spans(p)]
    sentences = [s for s in sentences if 8 <= len(s) <= 140]
    rng = np.random.default_rng(seed)
    projection = rng.standard_normal((BUCKETS, DIM), dtype=np.float32)
    sent_vecs = _bigram_vectors(sentences, projection)
    title_vecs = _bigram_vectors([s[:18] for s in sentences], projection)
    lengths = np.array([len(s) for s in sentences])
    texts, rows, cols, titles = [], [], [], np.zeros(n, dtype=np.int64)
    for i in range(n):
        titles[i] = int(rng.integers(len(sentences)))
        picked = [int(j) for j in rng.integers(len(sentences), size=int(rng.integers(1, 5)))]
        while len(picked) > 1 and lengths[picked].sum() > 280:
            picked.pop()
        texts.append(sentences[titles[i]][:18] + "\n" + "".join(sentences[j] for j in picked))
        rows.extend([i] * len(picked))
        cols.extend(picked)
    incidence = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n, len(sentences)))
    vecs = np.asarray(incidence @ sent_vecs, dtype=np.float32)
    if title_in_vector:
        vecs += title_vecs[titles]
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    q_sample = [questions[int(j)] for j in rng.choice(len(questions), size=min(400, len(questions)), replace=False)]
    qvecs = _bigram_vectors(q_sample, projection)
    if shape is not None:
        vecs, qvecs = _shaped(vecs, shape), _shaped(qvecs, shape)
    return texts, vecs, q_sample, qvecs


def duplicate_rows(vectors: np.ndarray) -> int:
    """How many rows repeat an earlier row exactly (bit for bit)."""
    import hashlib

    return len(vectors) - len({hashlib.blake2b(row.tobytes(), digest_size=16).digest() for row in vectors})


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
    """recall@10 strictly by id, and ann-benchmarks style: a returned row counts if its exact inner
    product is ≥ the exact 10th score − 1e-6 (so a row equal to one of the exact ten counts too)."""
    by_id, by_score = [], []
    for f, e, q in zip(found, exact, queries, strict=True):
        f = f[f >= 0]
        by_id.append(len(set(f.tolist()) & set(e.tolist())) / len(e))
        tenth = float(vectors[e[-1]] @ q)
        by_score.append(min(1.0, float(np.sum(vectors[f] @ q >= tenth - 1e-6)) / len(e)))
    return round(float(np.mean(by_id)), 4), round(float(np.mean(by_score)), 4)


def _top10(dense, queries: np.ndarray, depth: int = 100) -> tuple[np.ndarray, list[float]]:
    """Each query's first 10 rows (-1 padded) from a depth-100 search, as `qa ask` runs it, and its ms."""
    found, ms = np.full((len(queries), 10), -1, dtype=np.int64), []
    for i, q in enumerate(queries):
        t = time.perf_counter()
        rows = dense.top(q, depth)[0][:10]
        ms.append((time.perf_counter() - t) * 1000)
        found[i, : len(rows)] = rows
    return found, ms


def build(args: argparse.Namespace) -> dict:
    from qa.dense import DenseIndex
    from qa.lexical import LexicalIndex

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    shape = e5_shape(out) if args.stand_in == "e5-shaped" else None
    texts, vecs, questions, qvecs = synthetic_archive(args.chunks, shape=shape,
                                                      title_in_vector=not args.body_only_vectors)
    res: dict = {"chunks": args.chunks, "stand_in": args.stand_in, "title_in_vector": not args.body_only_vectors,
                 "synthesis_s": round(time.perf_counter() - t, 1), "duplicate_vectors": duplicate_rows(vecs)}
    t = time.perf_counter()
    if args.reuse_dense:  # built (and timed) by --dense-candidates on the same vectors
        shutil.copyfile(args.reuse_dense, out / "dense.faiss")
        dense = DenseIndex.load(out / "dense.faiss", json.loads(args.dense_settings or "{}"))
        probe = np.random.default_rng(2).choice(len(vecs), 20, replace=False)
        if dense.size != len(vecs) or any(dense.top(vecs[i], 1)[1][0] < 0.999 for i in probe):
            sys.exit(f"{args.reuse_dense} holds other vectors: copy e5_shape.npz from the --out it was built in")
        res["dense_reused_from"] = args.reuse_dense
    else:
        ann = json.loads(args.ann) if args.ann else None
        dense = DenseIndex.build(vecs, ann_threshold=args.ann_threshold, ann=ann)
        res["dense_build_s"] = round(time.perf_counter() - t, 1)
        dense.save(out / "dense.faiss")
    res["dense"] = dense.describe()
    res["recall_at_10_by_id"], res["recall_at_10_by_score"] = _recall(_top10(dense, qvecs)[0],
                                                                     _exact_top(vecs, qvecs, 10), vecs, qvecs)
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


def _candidate_archive(args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Vectors, query vectors and exact top-10 for ``--dense-candidates``: synthesised once, then
    reused from ``--out`` by every later run with the same archive options."""
    out = Path(args.out)
    key = {"chunks": args.chunks, "stand_in": args.stand_in, "title_in_vector": not args.body_only_vectors}
    meta = out / "archive.json"
    if meta.exists() and json.loads(meta.read_text())["key"] == key:
        facts = json.loads(meta.read_text())
        return (np.load(out / "vectors.npy", mmap_mode="r"), np.load(out / "queries.npy"),
                np.load(out / "exact.npy"), facts)
    shape = e5_shape(out) if args.stand_in == "e5-shaped" else None
    t = time.perf_counter()
    _, vecs, _, qvecs = synthetic_archive(args.chunks, shape=shape, title_in_vector=not args.body_only_vectors)
    facts = {"key": key, "synthesis_s": round(time.perf_counter() - t, 1), "duplicate_vectors": duplicate_rows(vecs)}
    exact = _exact_top(vecs, qvecs, 10)
    for name, array in (("vectors", vecs), ("queries", qvecs), ("exact", exact)):
        np.save(out / f"{name}.npy", array, allow_pickle=False)
    meta.write_text(json.dumps(facts), encoding="utf-8")
    return vecs, qvecs, exact, facts


def dense_candidates(args: argparse.Namespace) -> list[dict]:
    """Build each approximate index in ``--dense-candidates`` on the same vectors; for each search
    setting of its ``sweep``, a fresh process loads it and times warm depth-100 queries one at a time."""
    from qa.dense import DenseIndex

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vecs, qvecs, exact, facts = _candidate_archive(args)
    print(json.dumps(facts), flush=True)
    results = []
    for spec in json.loads(args.dense_candidates):
        spec = dict(spec)
        sweep = spec.pop("sweep", {})
        t = time.perf_counter()
        dense = DenseIndex.build(np.asarray(vecs), ann_threshold=0, ann=spec)
        res = {**facts["key"], "duplicate_vectors": facts["duplicate_vectors"], "dense": dense.describe(),
               "build_s": round(time.perf_counter() - t, 1), "build_peak_rss_mb": _peak_rss_mb()}
        search_only = ("engine", "index", "metric", "nprobe", "efSearch")
        built = [f"{k}{v}" for k, v in res["dense"].items() if k not in search_only]
        path = out / f"{res['dense']['index']}-{'-'.join(built)}.faiss"
        dense.save(path)  # kept for --side-by-side and --reuse-dense (1.5–2 GB at 1M: --out belongs in /tmp)
        del dense
        res["file"], res["disk_bytes"] = str(path), _size(path)
        settings = [{name: v} for name, values in sweep.items() for v in values] or [{}]
        cmd = [sys.executable, __file__, "--serve-dense", str(path), "--out", str(out),
               "--dense-settings", json.dumps(settings)]
        res.update(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
        for s in res["settings"]:
            s["recall_at_10_by_id"], s["recall_at_10_by_score"] = _recall(np.array(s.pop("found")), exact, vecs, qvecs)
        res["load_average"] = Path("/proc/loadavg").read_text().split()[:3]
        print(json.dumps(res), flush=True)
        results.append(res)
        with open(out / "dense_candidates.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(res) + "\n")
    return results


def serve_dense(args: argparse.Namespace) -> dict:
    """In a fresh process: load one candidate, then per search setting time warm queries."""
    from qa.dense import DenseIndex

    out = Path(args.out)
    t = time.perf_counter()
    dense = DenseIndex.load(Path(args.serve_dense))
    res: dict = {"load_s": round(time.perf_counter() - t, 2), "rss_loaded_mb": _peak_rss_mb(), "settings": []}
    qvecs = np.load(out / "queries.npy")
    for settings in json.loads(args.dense_settings):
        dense.configure(settings)
        _top10(dense, qvecs[:20])  # warm up
        found, ms = _top10(dense, qvecs)
        res["settings"].append({**dense.describe(), "p50_ms": round(float(np.percentile(ms, 50)), 2),
                                "p95_ms": round(float(np.percentile(ms, 95)), 2), "found": found.tolist()})
    res["rss_after_queries_mb"] = _peak_rss_mb()
    return res


def side_by_side(args: argparse.Namespace) -> dict:
    """Saved dense indexes timed in one process, interleaved query by query (rotating which goes
    first), so a busy machine slows all of them alike: p50/p95 per entry and p50 ratio to the first."""
    from qa.dense import DenseIndex

    entries = json.loads(args.side_by_side)
    loaded = [DenseIndex.load(Path(e["file"]), e.get("settings", {})) for e in entries]
    qvecs = np.load(Path(args.out) / "queries.npy")
    ms: list[list[float]] = [[] for _ in entries]
    for r in range(args.rounds):
        for i, q in enumerate(qvecs):
            for j in range(len(loaded)):
                k = (i + j) % len(loaded)
                t = time.perf_counter()
                loaded[k].top(q, 100)
                if r:  # the first round warms up
                    ms[k].append((time.perf_counter() - t) * 1000)
    p50 = [float(np.percentile(m, 50)) for m in ms]
    rows = [{**dense.describe(), "p50_ms": round(p, 2), "p95_ms": round(float(np.percentile(m, 95)), 2),
             "p50_ratio_to_first": round(p / p50[0], 2)} for dense, m, p in zip(loaded, ms, p50, strict=True)]
    return {"load_average": Path("/proc/loadavg").read_text().split()[:3], "queries": len(ms[0]), "entries": rows}


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
    parser.add_argument("--ann", default="", help='approximate index and parameters as JSON, e.g. '
                        '\'{"index": "IndexHNSWFlat", "M": 48}\' (default: qa.dense\'s)')
    parser.add_argument("--body-only-vectors", action="store_true",
                        help="leave the title out of the stand-in vector (the old stand-in: many exact duplicates)")
    parser.add_argument("--dense-candidates", default="",
                        help='dense side only: a JSON list of approximate indexes to compare, e.g. '
                             '\'[{"index": "IndexIVFFlat", "sweep": {"nprobe": [64, 128]}}]\'')
    parser.add_argument("--side-by-side", default="",
                        help='time saved dense indexes interleaved in one process, e.g. '
                             '\'[{"file": "A.faiss", "settings": {"nprobe": 1024}}, {"file": "B.faiss"}]\'')
    parser.add_argument("--rounds", type=int, default=3, help="--side-by-side: passes over the queries (first warms)")
    parser.add_argument("--reuse-dense", default="",
                        help="use this saved dense index (from --dense-candidates) instead of building one; "
                             "--dense-settings applies its search parameters")
    parser.add_argument("--serve-dense", default="", help=argparse.SUPPRESS)
    parser.add_argument("--stand-in", choices=["e5-shaped", "isotropic"], default="e5-shaped",
                        help="isotropic: raw bigram projections (near-orthogonal, the hardest case for ANN); "
                             "e5-shaped: the same, mapped to the mean and covariance of real e5 vectors")
    parser.add_argument("--out", default="/tmp/qa-scale")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dense-settings", default="", help='search parameters as JSON, e.g. \'{"efSearch": 1024}\'')
    parser.add_argument("--compare-bm25s", action="store_true", help="also time bm25s get_scores")
    args = parser.parse_args()
    if args.serve or args.serve_dense:
        print(json.dumps(serve_dense(args) if args.serve_dense else serve(args)))
        return
    if not BENCHMARKS.is_dir():
        sys.exit(f"no benchmark paragraphs at {BENCHMARKS}; nothing to sample from")
    if args.dense_candidates:
        dense_candidates(args)
        return
    if args.side_by_side:
        print(json.dumps(side_by_side(args), indent=1))
        return
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
