"""Lexical engine with updates in mind: qa's rebuild-on-change BM25 vs SQLite FTS5 in place (not a test).

    python eval/bench/lexical_engines.py --out /tmp/qa-lex-engines [--synthetic 100000 --texts /tmp/qa-lex-scale]

Corpora: the benchmark paragraphs (CMRC trial + dev + DRCD, one article per paragraph, chunked with
qa.chunking, title in front as qa indexes it), and optionally a synthetic archive of N chunks
(``eval/bench/lexical_scale.py`` writes its texts; two chunks per article). For each:

- update = add 100 new articles' chunks and remove 10 articles. qa (no in-place update: BM25
  statistics are corpus-wide): re-tokenise every chunk, rebuild, save; with bm25s (the code before
  issue 5) and with the numpy build. FTS5: tokenise the new chunks, INSERT them and DELETE the
  removed articles' rows in one transaction (WAL, synchronous=NORMAL), on a copy of the base db.
- query latency: warm, one at a time, top 100 (qa: ``LexicalIndex.top`` on the saved, memory-mapped
  index; FTS5: ``MATCH`` an OR of the question's tokens, ``ORDER BY rank`` = bm25()).
- quality on cmrc2018_trial.json alone (qa's eval corpus): R@1, R@5 by gold paragraph, lexical only.

FTS5 stores the same tokens as qa (``lexical_tokens``: unigrams + bigrams of the normalised view),
space-separated, under ``unicode61`` with ``.`` as a token character (97.5 is one unit) and
diacritics kept, so FTS5 sees exactly qa's terms; its bm25() is its own (k1 1.2, b 0.75, Robertson
idf), not qa's Lucene variant with k1 1.5.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lexical_scale import _bm25s_index, read_texts  # noqa: E402
from scale import BENCHMARKS, _paragraphs_and_questions, _size  # noqa: E402

from qa.lexical import LexicalIndex  # noqa: E402
from qa.normalize import lexical_tokens  # noqa: E402

Chunk = tuple[str, str]  # (article id, text as indexed)
NEW_ARTICLES, REMOVED_ARTICLES = 100, 10


def benchmark_chunks(files: Sequence[str]) -> list[Chunk]:
    from qa.chunking import chunk_article
    from qa.index import embedding_text
    from qa.ingest import load_squad

    out = []
    for name in files:
        articles, _ = load_squad(BENCHMARKS / name)
        out += [(a.id, embedding_text(a, c)) for a in articles for c in chunk_article(a, 0)]
    return out


def synthetic_chunks(texts_dir: Path, n: int) -> list[Chunk]:
    return [(f"s{i // 2}", t) for i, t in enumerate(read_texts(texts_dir, n))]


def split_update(chunks: list[Chunk], seed: int = 0) -> tuple[list[Chunk], list[Chunk], set[str]]:
    """Base chunks, the last 100 articles' chunks as the new ones, and 10 base articles to remove."""
    articles = list(dict.fromkeys(a for a, _ in chunks))
    new = set(articles[-NEW_ARTICLES:])
    base_articles = articles[:-NEW_ARTICLES]
    rng = np.random.default_rng(seed)
    removed = {base_articles[int(i)] for i in rng.choice(len(base_articles), REMOVED_ARTICLES, replace=False)}
    return [c for c in chunks if c[0] not in new], [c for c in chunks if c[0] in new], removed


# ---- qa: rebuild ----------------------------------------------------------------------------------------

def qa_rebuild(texts: list[str], engine: str, folder: Path) -> dict:
    """What an update costs qa: tokenise every chunk, build, save (a new version folder)."""
    t0 = time.perf_counter()
    if engine == "bm25s":
        index = _bm25s_index([lexical_tokens(t) or [""] for t in texts], len(texts))
    else:
        index = LexicalIndex.build(texts)
    t1 = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    index.save(folder)
    return {"build_s": t1 - t0, "save_s": time.perf_counter() - t1}


# ---- FTS5 ---------------------------------------------------------------------------------------------

def fts5_connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def fts5_build(path: Path, chunks: list[Chunk]) -> None:
    path.unlink(missing_ok=True)
    db = fts5_connect(path)
    db.execute("CREATE VIRTUAL TABLE lex USING fts5(tokens, "
               "tokenize = \"unicode61 remove_diacritics 0 tokenchars '.'\")")
    db.execute("CREATE TABLE chunk(id INTEGER PRIMARY KEY, article TEXT NOT NULL)")
    db.execute("CREATE INDEX chunk_article ON chunk(article)")
    db.execute("BEGIN")
    _fts5_insert(db, chunks, first_id=0)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def _fts5_insert(db: sqlite3.Connection, chunks: list[Chunk], first_id: int) -> None:
    rows = [(first_id + i, " ".join(lexical_tokens(text))) for i, (_, text) in enumerate(chunks)]
    db.executemany("INSERT INTO lex(rowid, tokens) VALUES (?, ?)", rows)
    db.executemany("INSERT INTO chunk(id, article) VALUES (?, ?)",
                   [(first_id + i, a) for i, (a, _) in enumerate(chunks)])


def fts5_update(db: sqlite3.Connection, new: list[Chunk], removed: set[str]) -> None:
    """Add the new articles' chunks and drop the removed articles' chunks in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    first = db.execute("SELECT coalesce(max(id), -1) + 1 FROM chunk").fetchone()[0]
    _fts5_insert(db, new, first)
    marks = ",".join("?" * len(removed))
    ids = [r[0] for r in db.execute(f"SELECT id FROM chunk WHERE article IN ({marks})", sorted(removed))]
    db.executemany("DELETE FROM lex WHERE rowid = ?", [(i,) for i in ids])
    db.executemany("DELETE FROM chunk WHERE id = ?", [(i,) for i in ids])
    db.execute("COMMIT")


def fts5_query(db: sqlite3.Connection, question: str, k: int, bigrams_only: bool = False) -> list[int]:
    """Top ``k`` rowids by bm25() for an OR of the question's tokens (as qa: repeats kept).

    ``bigrams_only``: the question's distinct bigrams (its unigrams if it has none): far fewer
    postings to score, at some cost in recall (a variant, to see what FTS5's speed depends on).
    """
    tokens = lexical_tokens(question)
    if bigrams_only:
        tokens = list(dict.fromkeys(t for t in tokens if len(t) > 1 and not t.isascii())) or tokens
    if not tokens:
        return []
    match = " OR ".join(f'"{t}"' for t in tokens)
    return [r[0] for r in db.execute("SELECT rowid FROM lex WHERE lex MATCH ? ORDER BY rank LIMIT ?", (match, k))]


# ---- measurements ---------------------------------------------------------------------------------------

def _p(ms: list[float], q: int) -> float:
    return round(float(np.percentile(ms, q)), 2)


def _latency(search: Callable[[str], object], questions: list[str]) -> dict:
    for q in questions[:20]:
        search(q)
    ms = []
    for q in questions:
        t = time.perf_counter()
        search(q)
        ms.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": _p(ms, 50), "p95_ms": _p(ms, 95)}


def engines_on(name: str, chunks: list[Chunk], questions: list[str], out: Path, reps: int) -> dict:
    base, new, removed = split_update(chunks)
    after = [c for c in base if c[0] not in removed] + new
    res: dict = {"corpus": name, "chunks": len(base), "articles": len({a for a, _ in base}),
                 "update": {"added_chunks": len(new), "removed_chunks": sum(a in removed for a, _ in base)}}
    texts_after = [t for _, t in after]
    for engine in ("bm25s", "numpy"):
        runs = [qa_rebuild(texts_after, engine, out / f"{name}-{engine}") for _ in range(reps)]
        res[f"qa_rebuild_{engine}_s"] = round(statistics.median(r["build_s"] + r["save_s"] for r in runs), 3)
        res[f"qa_rebuild_{engine}_build_s"] = round(statistics.median(r["build_s"] for r in runs), 3)
    res["qa_disk_mb"] = round(_size(out / f"{name}-numpy") / 2**20, 1)
    db_path = out / f"{name}.sqlite"
    t = time.perf_counter()
    fts5_build(db_path, base)
    res["fts5_initial_build_s"] = round(time.perf_counter() - t, 2)
    res["fts5_disk_mb"] = round(db_path.stat().st_size / 2**20, 1)
    updates = []
    for _ in range(max(reps, 3)):
        work = out / f"{name}-work.sqlite"
        shutil.copyfile(db_path, work)
        db = fts5_connect(work)
        t = time.perf_counter()
        fts5_update(db, new, removed)
        updates.append(time.perf_counter() - t)
        db.close()
    res["fts5_update_s"] = round(statistics.median(updates), 4)
    res["fts5_update_runs_s"] = [round(u, 4) for u in updates]
    qa_index = LexicalIndex.load(out / f"{name}-numpy")
    res["qa_query"] = _latency(lambda q: qa_index.top(q, 100), questions)
    db = fts5_connect(out / f"{name}-work.sqlite")  # the updated db: segments as an update leaves them
    res["fts5_query"] = _latency(lambda q: fts5_query(db, q, 100), questions)
    res["fts5_bigrams_query"] = _latency(lambda q: fts5_query(db, q, 100, bigrams_only=True), questions)
    db.close()
    return res


def quality(out: Path, corpus_files: Sequence[str] = ("cmrc2018_trial.json",)) -> dict:
    """Lexical-only R@1/R@5 by gold paragraph for cmrc2018_trial.json's questions.

    The corpus is the trial's own paragraphs (qa's eval setting), or more benchmark files' paragraphs
    as distractors (a harder test of the ranking).
    """
    from qa.ingest import load_squad
    from qa.metrics import recall_at

    chunks = benchmark_chunks(corpus_files)
    _, questions = load_squad(BENCHMARKS / "cmrc2018_trial.json")
    questions = [q for q in questions if q.question.strip()]
    article_of = [a for a, _ in chunks]
    qa_index = LexicalIndex.build([t for _, t in chunks])
    fts5_build(out / "trial.sqlite", chunks)
    db = fts5_connect(out / "trial.sqlite")
    ranks: dict[str, list[int | None]] = {"qa_bm25": [], "fts5_bm25": [], "fts5_bigrams_bm25": []}
    for q in questions:
        for engine, rows in (("qa_bm25", qa_index.top(q.question, 20)[0].tolist()),
                             ("fts5_bm25", fts5_query(db, q.question, 20)),
                             ("fts5_bigrams_bm25", fts5_query(db, q.question, 20, bigrams_only=True))):
            hit = [article_of[r] for r in rows]
            ranks[engine].append(next((i + 1 for i, a in enumerate(hit) if a == q.article_id), None))
    db.close()
    return {"quality_set": "cmrc2018_trial.json", "corpus": "+".join(corpus_files), "questions": len(questions),
            "chunks": len(chunks),
            **{f"{e}_R@{k}": round(recall_at(r, k), 1) for e, r in ranks.items() for k in (1, 5)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/qa-lex-engines")
    parser.add_argument("--synthetic", type=int, default=0, help="also a synthetic archive of N chunks")
    parser.add_argument("--texts", default="/tmp/qa-lex-scale",
                        help="where eval/bench/lexical_scale.py wrote texts.jsonl")
    parser.add_argument("--synthetic-questions", type=int, default=100,
                        help="questions timed on the synthetic archive (FTS5 takes ~0.5 s each there)")
    parser.add_argument("--quality-only", action="store_true", help="only the R@1/R@5 comparison")
    parser.add_argument("--reps", type=int, default=3, help="rebuilds per engine on the benchmark corpus")
    args = parser.parse_args()
    if not BENCHMARKS.is_dir():
        sys.exit(f"no benchmark paragraphs at {BENCHMARKS}; nothing to sample from")
    if "ENABLE_FTS5" not in {r[0] for r in sqlite3.connect(":memory:").execute("PRAGMA compile_options")}:
        sys.exit(f"this Python's SQLite {sqlite3.sqlite_version} is built without FTS5")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    _, all_questions = _paragraphs_and_questions()
    questions = [all_questions[int(i)] for i in rng.choice(len(all_questions), 400, replace=False)]
    results = [{"sqlite": sqlite3.sqlite_version, "loadavg_start": Path("/proc/loadavg").read_text().split()[:3]}]
    files = ["cmrc2018_trial.json", "cmrc2018_dev.json", "drcd_test.json"]
    for corpus in (files[:1], files):
        results.append(quality(out, corpus))
        print(json.dumps(results[-1]), flush=True)
    if args.quality_only:
        return
    results.append(engines_on("benchmarks", benchmark_chunks(files), questions, out, args.reps))
    print(json.dumps(results[-1]), flush=True)
    if args.synthetic:
        chunks = synthetic_chunks(Path(args.texts), args.synthetic + 2 * NEW_ARTICLES)
        results.append(engines_on(f"synthetic-{args.synthetic}", chunks, questions[: args.synthetic_questions], out, 1))
        print(json.dumps(results[-1]), flush=True)
    results.append({"loadavg_end": Path("/proc/loadavg").read_text().split()[:3]})
    (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
