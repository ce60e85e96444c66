"""Cache the retrieval of each training question so answer-step tuning never re-runs search.

Usage (from the repo root, venv active; needs the benchmark indexes `qa eval` builds in eval/cache/
and the seed index in embeddings/):

    python eval/train/dump_hits.py trial drcd seed     # (dev only for the final report)

Writes eval/cache/hits-<name>.jsonl: one line per question with the question, its gold answers and
articles, and the top HITS hybrid hits (chunk id, rank, fused/lexical/dense scores); the first five
are what ``Index.ask`` passes to ``qa.answer.compose``, the rest feed simulated near misses.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from qa.crosslingual import Bridge
from qa.evaluate import DEFAULT_CACHE, _squad_questions, cache_key, load_qa_set
from qa.index import Index, embedding_text
from qa.normalize import lexical_tokens

BENCH = Path("../shared/benchmarks")
HITS = 10
DATASETS = {
    "trial": BENCH / "cmrc2018_trial.json",
    "drcd": BENCH / "drcd_test.json",
    "dev": BENCH / "cmrc2018_dev.json",
    "seed": Path("eval/seed_qa.jsonl"),
}


def load(name: str) -> tuple[Index, list]:
    """The index and questions of a dataset (benchmark indexes come from `qa eval`'s cache)."""
    data = DATASETS[name]
    if data.suffix == ".jsonl":
        return Index.load("embeddings"), load_qa_set(data)
    _, questions, _ = _squad_questions(data)
    index = Index.load(DEFAULT_CACHE / f"{data.stem}-{cache_key(data, 'e5')}")
    if index._version_dir and not (index._version_dir / "bridge.json").is_file():
        # Cached before indexes stored their bridge: rebuild it in memory from the indexed texts.
        texts = [embedding_text(index.article(c.article_id), c) for c in index.chunks]
        index._bridge = Bridge.build(tok for t in texts for tok in lexical_tokens(t))
    return index, questions


def dump(name: str) -> None:
    index, questions = load(name)
    out = DEFAULT_CACHE / f"hits-{name}.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        for q in questions:
            hits = index.search(q.question, k=HITS)
            row = {"id": q.id, "question": q.question, "answers": list(q.answers),
                   "article_ids": list(q.article_ids), "lang": q.lang,
                   "hits": [[h.chunk.id, h.rank, h.score, h.lexical, h.dense] for h in hits]}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{out}: {len(questions)} questions")


if __name__ == "__main__":
    for dataset in sys.argv[1:]:
        dump(dataset)
