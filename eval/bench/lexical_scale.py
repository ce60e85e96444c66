"""Lexical build at scale: bm25s from token strings (qa before issue 5), bm25s from token ids, and
qa's numpy build, on the synthetic archive of eval/bench/scale.py (not a test; minutes).

    python eval/bench/lexical_scale.py --out /tmp/qa-lex-scale --runs bm25s:100000,numpy:100000,numpy:1000000

Texts: ``scale.synthetic_archive`` (sentences sampled from ../shared/benchmarks/*.json, read from
there) is generated once at the largest size and saved as ``texts.jsonl`` in ``--out``; a run of N
chunks reads its first N lines (the generator draws chunk by chunk, so they are the N-chunk archive).
Each build and each query session runs in a fresh process, so peak RSS (VmHWM) is that run's own:
build time, peak RSS of the build (the texts list included; ``texts_rss_mb`` is that part), disk
size, RSS once loaded, warm lexical query p50/p95 over 400 benchmark questions (``LexicalIndex.top``,
k=100, what ``qa ask`` does). Results are appended to ``results.jsonl`` in ``--out``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import BENCHMARKS, _peak_rss_mb, _size, synthetic_archive  # noqa: E402

ENGINES = ("bm25s", "bm25s-ids", "numpy")


def _rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


def make_texts(out: Path, n: int) -> None:
    texts, _, questions, _ = synthetic_archive(n)
    with open(out / "texts.jsonl", "w", encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    (out / "queries.json").write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    (out / "texts.count").write_text(str(n))


def read_texts(out: Path, n: int) -> list[str]:
    texts = []
    with open(out / "texts.jsonl", encoding="utf-8") as f:
        for line in f:
            if len(texts) == n:
                break
            texts.append(json.loads(line))
    return texts


def _bm25s_index(corpus, num_docs: int):
    """qa's lexical side as bm25s builds it (the code before issue 5), wrapped for saving."""
    import bm25s

    from qa.lexical import K1, B, LexicalIndex

    bm25 = bm25s.BM25(k1=K1, b=B)
    bm25.index(corpus, show_progress=False)
    params = {"k1": K1, "b": B, "delta": bm25.delta, "method": bm25.method, "idf_method": bm25.idf_method,
              "dtype": str(bm25.dtype), "int_dtype": str(bm25.int_dtype), "num_docs": num_docs,
              "version": bm25s.__version__, "backend": "numpy"}
    s = bm25.scores
    return LexicalIndex(s["data"], s["indices"], s["indptr"], dict(bm25.vocab_dict), params)


def build_bm25s(texts: list[str]):
    from qa.normalize import lexical_tokens

    return _bm25s_index([lexical_tokens(t) or [""] for t in texts], len(texts))


def build_bm25s_ids(texts: list[str]):
    """bm25s fed token ids (lists of the vocabulary's own int objects: 8 bytes a token, not a string each)."""
    from qa.normalize import lexical_tokens

    vocab: dict[str, int] = {}
    ids = []
    for t in texts:
        tokens = lexical_tokens(t) or [""]
        ids.append([vocab.setdefault(tok, len(vocab)) for tok in tokens])
    return _bm25s_index((ids, vocab), len(texts))


def build(args: argparse.Namespace) -> dict:
    from qa.lexical import LexicalIndex

    out = Path(args.out)
    texts = read_texts(out, args.chunks)
    texts_rss = _rss_mb()
    t = time.perf_counter()
    if args.engine == "numpy":
        index = LexicalIndex.build(texts)
    elif args.engine == "bm25s":
        index = build_bm25s(texts)
    else:
        index = build_bm25s_ids(texts)
    build_s = time.perf_counter() - t
    folder = out / f"{args.engine}-{args.chunks}"
    index.save(folder)
    return {"engine": args.engine, "chunks": args.chunks, "build_s": round(build_s, 1),
            "build_peak_rss_mb": _peak_rss_mb(), "texts_rss_mb": texts_rss, "disk_mb": round(_size(folder) / 2**20, 1),
            "postings": int(len(index._data)), "vocab": len(index._vocab)}


def serve(args: argparse.Namespace) -> dict:
    from qa.lexical import LexicalIndex

    out = Path(args.out)
    folder = out / f"{args.engine}-{args.chunks}"
    questions = json.loads((out / "queries.json").read_text(encoding="utf-8"))
    before = _rss_mb()
    t = time.perf_counter()
    index = LexicalIndex.load(folder)
    load_s = time.perf_counter() - t
    loaded = _rss_mb()
    for q in questions[:20]:
        index.top(q, 100)
    ms = []
    for q in questions:
        t = time.perf_counter()
        index.top(q, 100)
        ms.append((time.perf_counter() - t) * 1000)
    return {"load_s": round(load_s, 2), "rss_loaded_mb": loaded, "rss_loaded_over_python_mb": loaded - before,
            "rss_after_queries_mb": _rss_mb(), "query_p50_ms": round(float(np.percentile(ms, 50)), 2),
            "query_p95_ms": round(float(np.percentile(ms, 95)), 2)}


def compare(out: Path, a: str, b: str, k: int = 10) -> dict:
    """Same top-k rows and scores (to 1e-5) for every question, between two saved indexes."""
    from qa.lexical import LexicalIndex

    questions = json.loads((out / "queries.json").read_text(encoding="utf-8"))
    x, y = LexicalIndex.load(out / a), LexicalIndex.load(out / b)
    same_rows = same_scores = 0
    for q in questions:
        (rx, sx), (ry, sy) = x.top(q, k), y.top(q, k)
        same_rows += rx.tolist() == ry.tolist()
        same_scores += len(sx) == len(sy) and bool(np.allclose(sx, sy, rtol=0, atol=1e-5))
    return {"compare": f"{a} vs {b}", "questions": len(questions), "same_top10_rows": same_rows,
            "same_top10_scores": same_scores}


def _evict(files: list[Path]) -> None:
    """Drop these files (only these) from the page cache, so the next read is cold (at least in this VM)."""
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def _read_all(path: Path, digest: Callable[[], Any] | None) -> None:
    h = digest() if digest else None
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            if h is not None:
                h.update(block)


def verify_cost(folder: Path) -> dict:
    """What checking every file of an index before use costs (qa.store verifies sha256 on load), and options."""
    from qa.lexical import LexicalIndex
    from qa.store import sha256_file

    files = sorted(p for p in folder.rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in files)
    res: dict = {"folder": str(folder), "files": len(files), "bytes": total}

    def timed(name: str, cold: bool, fn: Callable[[], object]) -> None:
        if cold:
            _evict(files)
        t = time.perf_counter()
        fn()
        dt = time.perf_counter() - t
        res[f"{name}_{'cold' if cold else 'warm'}_s"] = round(dt, 3)
        res[f"{name}_{'cold' if cold else 'warm'}_mb_s"] = round(total / 2**20 / dt)

    # First cold pass only is cold all the way down: the VM's host may cache what the guest evicted.
    timed("sha256", True, lambda: [sha256_file(p) for p in files])
    timed("read", True, lambda: [_read_all(p, None) for p in files])
    timed("sha256", False, lambda: [sha256_file(p) for p in files])
    timed("blake2b", False, lambda: [_read_all(p, hashlib.blake2b) for p in files])
    timed("md5", False, lambda: [_read_all(p, hashlib.md5) for p in files])
    timed("load_only", True, lambda: LexicalIndex.load(folder))
    t = time.perf_counter()
    stamps = [(st.st_size, st.st_mtime_ns, st.st_ino) for st in (p.stat() for p in files)]
    res["stat_stamp_ms"] = round((time.perf_counter() - t) * 1000, 3)
    assert len(stamps) == len(files)
    return res


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/qa-lex-scale")
    parser.add_argument("--runs", default="bm25s:100000,numpy:100000",
                        help="comma-separated ENGINE:CHUNKS, run in this order (engines: " + ", ".join(ENGINES) + ")")
    parser.add_argument("--compare", default="", help="comma-separated A/B folder pairs to compare, e.g. "
                        "bm25s-100000/numpy-100000")
    parser.add_argument("--verify-cost", default="", metavar="FOLDER",
                        help="only time checksumming FOLDER's files cold and warm (sha256 as qa.store does) "
                             "against reading them, other digests, and a stat stamp")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--chunks", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--step", choices=["build", "serve"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(build(args) if args.step == "build" else serve(args)))
        return
    if args.verify_cost:
        res = {"loadavg_start": _loadavg(), **verify_cost(Path(args.verify_cost)), "loadavg_end": _loadavg()}
        print(json.dumps(res))
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    runs = [(e, int(n)) for e, n in (r.split(":") for r in args.runs.split(",") if r)]
    largest = max((n for _, n in runs), default=0)
    have = int((out / "texts.count").read_text()) if (out / "texts.count").exists() else 0
    if have < largest:
        if not BENCHMARKS.is_dir():
            sys.exit(f"no benchmark paragraphs at {BENCHMARKS}; nothing to sample from")
        t = time.perf_counter()
        make_texts(out, largest)
        print(json.dumps({"texts": largest, "synthesis_s": round(time.perf_counter() - t, 1)}), flush=True)
    for engine, n in runs:
        res = {"loadavg_start": _loadavg()}
        for step in ("build", "serve"):
            cmd = [sys.executable, __file__, "--out", str(out), "--engine", engine, "--chunks", str(n), "--step", step]
            res.update(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
        res["loadavg_end"] = _loadavg()
        print(json.dumps(res), flush=True)
        with open(out / "results.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(res) + "\n")
    for pair in filter(None, args.compare.split(",")):
        a, b = pair.split("/")
        res = compare(out, a, b)
        print(json.dumps(res), flush=True)
        with open(out / "results.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(res) + "\n")


if __name__ == "__main__":
    main()
