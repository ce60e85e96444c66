"""The report of an evaluation: metrics, rows and configuration as JSON, per-question JSONL, TREC runs."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import BadArgumentError, QAError
from qa.evalrows import QuestionRow
from qa.inputs import Problem


def _json_number(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


@dataclass
class EvalReport:
    """Metrics of one mode on one dataset, with one row per question and the configuration that produced it."""

    dataset: str
    mode: str
    metrics: dict[str, float | None]
    rows: list[QuestionRow]
    config: dict[str, Any]
    ci95: dict[str, tuple[float, float]] = field(default_factory=dict)
    by_lang: dict[str, dict[str, float]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # malformed entries skipped (``qa: skipped`` lines)

    def to_dict(self, rows: bool = False) -> dict[str, Any]:
        """The stable JSON shape of ``qa eval --json`` (rows only when asked for)."""
        d: dict[str, Any] = {
            "dataset": self.dataset,
            "mode": self.mode,
            "metrics": {k: _json_number(v) for k, v in self.metrics.items()},
            "ci95": {k: [_json_number(lo), _json_number(hi)] for k, (lo, hi) in self.ci95.items()},
            "by_lang": self.by_lang,
            "config": self.config,
        }
        if rows:
            d["rows"] = [r.to_dict() for r in self.rows]
        return d

    def write_per_question(self, path: str | Path, append: bool = False) -> None:
        """One JSON object per question (the dataset and mode included, so files from many runs can be joined)."""
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            for row in self.rows:
                line = {"dataset": self.dataset, "mode": self.mode, **row.to_dict()}
                f.write(json.dumps(line, ensure_ascii=False) + "\n")

    def write_trec(self, path: str | Path, run_name: str | None = None, append: bool = False) -> None:
        """A TREC run (``qid Q0 docid rank score run``) at article level: each article at its best chunk's rank."""
        run = f"qa-{self.mode}" if run_name is None else run_name
        if not run or any(c.isspace() for c in run):
            raise QAError(f"TREC run name {run!r} must be one word without spaces")
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in trec_lines(self.rows, run))


def check_output_path(path: Path, option: str) -> None:
    """Refuse an output file that cannot be written before a run that may take hours, not after it: a
    folder, or a new file whose parent is missing, not a folder or not writable (an existing file, such as
    /dev/stdout, only needs to be writable)."""
    def refuse(problem: str) -> None:
        raise BadArgumentError(f"{option} {path}: {problem}")

    parent = path.parent
    if path.is_dir():
        refuse(f"{path} is a folder; give a file path instead")
    elif path.exists():
        if not os.access(path, os.W_OK):
            refuse("the file is not writable; check its permissions or write elsewhere")
    elif not parent.exists():
        refuse(f"folder {parent} does not exist; create it (mkdir -p {parent}) or write elsewhere")
    elif not parent.is_dir():
        refuse(f"{parent} is not a folder; write elsewhere")
    elif not os.access(parent, os.W_OK | os.X_OK):
        refuse(f"folder {parent} is not writable; check its permissions or write elsewhere")


def _trec_id(value: str) -> str:
    """TREC files are whitespace-separated: ids with spaces get underscores."""
    return "_".join(value.split()) or "_"


def trec_lines(rows: Sequence[QuestionRow], run_name: str) -> list[str]:
    """TREC run lines; chunks are deduplicated to articles, keeping each article's best (first) rank."""
    lines: list[str] = []
    for row in rows:
        best: dict[str, float] = {}
        for article_id, score in row.retrieved:
            best.setdefault(article_id, score)
        lines += [f"{_trec_id(row.id)} Q0 {_trec_id(doc)} {rank} {score:.6f} {run_name}"
                  for rank, (doc, score) in enumerate(best.items(), 1)]
    return lines
