"""Near misses about another person: how many does the answer step decline?

Each CMRC trial / DRCD question (every second one) that names a person (``qa.ruleouts.asked_persons``) found
in its answering article is asked again about another person of the same set's questions whom that article
never names (张伟 for 李锦勇 in 李锦勇主持了哪个会议). The question is retrieved afresh and answered; it should be
declined unless the other person's own article happens to answer it. The original questions are answered
too, to show what the check costs.

    python eval/train/probe_persons.py            # the shipped model, with the person_absent rule-out
    python eval/train/probe_persons.py --no-rule  # the same without it
    python eval/train/probe_persons.py --fires    # where the rule-out fires on the training questions

Needs the cached hits of ``dump_hits.py`` (trial, drcd).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from dataset import ANSWER_HITS, evidence_of, load_rows  # noqa: E402

import qa.ruleouts  # noqa: E402
from qa.answer import choose, compose  # noqa: E402
from qa.normalize import normalize  # noqa: E402
from qa.question import analyse  # noqa: E402
from qa.ruleouts import absent_persons, asked_persons  # noqa: E402


def probes(name: str, rng: random.Random):
    """(index, original row, question about another person, its fresh hits) for one set."""
    index, rows = load_rows(name)
    people = sorted({p for r in rows for p in asked_persons(analyse(r.question))})
    out = []
    for row in rows[::2]:
        question = analyse(row.question)
        asked = asked_persons(question)
        if not asked or not row.answers or row.article_ids[0] not in index.articles:
            continue
        article = normalize(index.article(row.article_ids[0]).text)
        if asked[0] not in article:
            continue
        others = [p for p in rng.sample(people, min(20, len(people))) if p not in article and p[:2] not in article]
        if not others:
            continue
        at = question.norm.index(asked[0])
        other = row.question[:at] + others[0] + row.question[at + len(asked[0]) :]
        out.append((row, other, index.search(other, k=ANSWER_HITS)))
    return index, out


def fires(name: str) -> dict[str, int]:
    """How often the rule-out fires on the best sentence of the answerable questions (whose best sentence holds
    the answer, or not) and of simulated near misses (every second question, its answering article hidden)."""
    index, rows = load_rows(name)
    counts: dict[str, int] = {}
    for hide, picked in ((False, rows), (True, rows[::2])):
        for row in picked:
            evidence = evidence_of(index, row, hide_gold=hide)
            if not evidence.candidates:
                continue
            best = choose(evidence)[0]
            holds = any(a in best.text for a in row.answers)
            if hide and holds:
                continue  # the answer is stated elsewhere too: no near miss
            kind = "near miss" if hide else "answerable, best holds" if holds else "answerable, best wrong"
            article = index.article(best.hit.article_id)
            fired = bool(absent_persons(evidence.question, article.title, article.text))
            counts[kind] = counts.get(kind, 0) + 1
            counts[f"fires: {kind}"] = counts.get(f"fires: {kind}", 0) + fired
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-rule", action="store_true", help="answer without the person_absent rule-out")
    parser.add_argument("--fires", action="store_true", help="count where it fires on the training questions")
    args = parser.parse_args()
    if args.fires:
        for name in ("trial", "drcd"):
            print(f"{name}: {fires(name)}")
        return
    if args.no_rule:
        qa.ruleouts.absent_persons = lambda *_, **__: []  # type: ignore[assignment]
    rng = random.Random(0)
    for name in ("trial", "drcd"):
        index, items = probes(name, rng)
        swapped = sum(compose(q, hits, index).answered for _, q, hits in items)
        original = sum(compose(r.question, r.hits[:ANSWER_HITS], index).answered for r, _, _ in items)
        print(f"{name}: about another person answered {swapped}/{len(items)}; "
              f"the original questions answered {original}/{len(items)}")


if __name__ == "__main__":
    main()
