"""Score ``qa.answer.compose`` on the cached hits (no retrieval): top-sentence, gold-in-answer, EM/F1, answered,
declined near misses and the answer step's own p50 latency. Optionally the same for another answer module
(e.g. the previous version: ``git show HEAD:qa/answer.py > /tmp/old_answer.py``).

    python eval/train/compare.py trial drcd seed [--module /tmp/old_answer.py]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from dataset import ANSWER_HITS, load_rows  # noqa: E402

from qa import answer as current  # noqa: E402
from qa.metrics import em, f1  # noqa: E402


def module_from(path: str | None):
    if path is None:
        return current
    spec = importlib.util.spec_from_file_location("other_answer", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["other_answer"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def score(name: str, module) -> dict[str, float]:
    index, rows = load_rows(name)
    top = recall = ems = f1s = answered = declined = unanswerable = n = 0
    times = []
    for row in rows:
        t0 = time.perf_counter()
        ans = module.compose(row.question, row.hits[:ANSWER_HITS], index)
        times.append(1000 * (time.perf_counter() - t0))
        if not row.answers:
            unanswerable += 1
            declined += not ans.answered
            continue
        n += 1
        answered += ans.answered
        if ans.answered and ans.citations:
            first = ans.citations[0].quote
            pred = ans.short_answer if ans.short_answer is not None else first
            top += any(g in first for g in row.answers)
            cited = {c.article_id for c in ans.citations}
            right_article = not row.article_ids or bool(cited & set(row.article_ids))
            recall += any(g in ans.text for g in row.answers) and right_article
            ems += em(pred, row.answers)
            f1s += f1(pred, row.answers)
    out = {"top_sentence": 100 * top / n, "gold_in_answer": 100 * recall / n, "EM": 100 * ems / n,
           "F1": 100 * f1s / n, "answered": 100 * answered / n, "answer_p50_ms": statistics.median(times)}
    if unanswerable:
        out["declined"] = f"{declined}/{unanswerable}"
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--module")
    args = parser.parse_args()
    module = module_from(args.module)
    for name in args.sets:
        print(name, {k: round(v, 1) if isinstance(v, float) else v for k, v in score(name, module).items()}, flush=True)
