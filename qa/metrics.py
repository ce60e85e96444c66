"""Evaluation metrics: CMRC 2018 short-answer EM/F1, retrieval recall/MRR, and reporting helpers.

The answer scoring reproduces ``cmrc2018_evaluate.py`` (v4/v5, public ymcui/cmrc2018 repository) so that
our numbers are comparable with published CMRC 2018 / DRCD results, quirks included:

* ``str.strip`` runs *before* punctuation removal, and internal whitespace is kept for EM, so
  ``"《 红楼梦 》"`` does not exactly match ``"红楼梦"`` (its F1 is still 1).
* The punctuation list names ``"……"`` as one item while the script compares single characters, so the
  ellipsis ``…`` is never removed; ASCII ``( ) " ' . , % ! ?`` and ``‘`` are not in the list either.
* A removed punctuation character does not end a Latin/digit run: ``"km/h"`` becomes the one word ``kmh``.
* "CJK" means exactly ``[\\u4e00-\\u9fa5]``; other ideographs (``〇``, extension A, U+9FA6..) join runs.

Deliberate difference: the script splits non-CJK runs with ``nltk.word_tokenize``; we do not depend on
nltk and use :func:`_word_split`, a small Treebank-like approximation (see its docstring).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterable, Sequence

import numpy as np

# The official ``sp_char`` list, verbatim. "……" is a two-character item that never equals a single
# character, so in effect only the other items are removed (see module docstring).
_SP_CHAR: tuple[str, ...] = (
    "-", ":", "_", "*", "^", "/", "\\", "~", "`", "+", "=",
    "，", "。", "：", "？", "！", "“", "”", "；", "’", "《", "》", "……", "·", "、",
    "「", "」", "（", "）", "－", "～", "『", "』",
)  # fmt: skip
_PUNCT: frozenset[str] = frozenset(_SP_CHAR)

_CJK = re.compile(r"[\u4e00-\u9fa5]")

# Word split for non-CJK runs. ASCII punctuation becomes its own token (as in the Penn Treebank
# tokenizer), except "." inside a word ("3.5", "u.s") and "," before a digit ("1,000"); English
# contractions split as nltk does ("don't" -> "do", "n't"; "it's" -> "it", "'s"); any other character
# (letters, digits, full-width symbols such as ％ or …) stays in the word, as nltk leaves them attached.
_P = re.escape(string.punctuation)
_W = rf"[^\s{_P}]"
_WORD_RE = re.compile(
    rf"{_W}+?(?=n't\b)"  # "do" of "don't"
    rf"|n't\b"
    rf"|'(?:s|m|d|ll|re|ve)\b"
    rf"|{_W}+(?:(?:\.|,(?=\d)){_W}+)*"
    rf"|\.\.\."
    rf"|[{_P}]"
)


def _word_split(run: str) -> list[str]:
    """Split a lower-cased non-CJK run into words, approximating ``nltk.word_tokenize``.

    Known differences from nltk (rare in Chinese short answers): abbreviations such as "mr." are split
    into "mr" "." (punkt keeps them whole), a comma before a non-digit inside a word is split, and
    ASCII double quotes are kept as ``"`` rather than rewritten to `` and '' (same token count).
    """
    return _WORD_RE.findall(run)


def normalize_answer_segments(text: str) -> list[str]:
    """Segments used by the CMRC F1: lower-case, drop punctuation, one segment per CJK char, words otherwise.

    Mirrors the script's ``mixed_segmentation(text, rm_punc=True)``.
    """
    segments: list[str] = []
    run: list[str] = []
    for char in text.lower().strip():
        if char in _PUNCT:
            continue  # removed without ending the current run, as in the script
        if _CJK.match(char):
            if run:
                segments.extend(_word_split("".join(run)))
                run = []
            segments.append(char)
        else:
            run.append(char)
    if run:
        segments.extend(_word_split("".join(run)))
    return segments


def _remove_punctuation(text: str) -> str:
    """The script's EM normalisation: lower-case, strip, then drop the listed punctuation (spaces stay)."""
    return "".join(c for c in text.lower().strip() if c not in _PUNCT)


def _longest_common_substring(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common contiguous run of segments (the script's ``find_lcs``)."""
    best = 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b):
            if x == y:
                cur[j + 1] = prev[j] + 1
                if cur[j + 1] > best:
                    best = cur[j + 1]
        prev = cur
    return best


def _is_empty(prediction: str | None) -> bool:
    """None, "" or whitespace-only: the script scores a missing/empty prediction 0 (see :func:`em`)."""
    return prediction is None or not prediction.strip()


def em(prediction: str | None, golds: Iterable[str]) -> float:
    """1.0 if the prediction equals any gold answer after the script's normalisation, else 0.0.

    None/empty predictions score 0, as the script does for unanswered questions (it would only give an
    empty string EM 1 against a gold answer that is itself empty after normalisation).
    """
    if _is_empty(prediction):
        return 0.0
    assert prediction is not None
    pred = _remove_punctuation(prediction)
    return 1.0 if any(pred == _remove_punctuation(g) for g in golds) else 0.0


def f1(prediction: str | None, golds: Iterable[str]) -> float:
    """Best longest-common-substring F1 (0..1) over the gold answers, on CMRC segments.

    P = lcs/len(pred segments), R = lcs/len(gold segments), F1 = 2PR/(P+R); 0 when the LCS is empty
    (which covers None/empty predictions and predictions made only of punctuation).
    """
    if _is_empty(prediction):
        return 0.0
    assert prediction is not None
    pred_segs = normalize_answer_segments(prediction)
    best = 0.0
    for gold in golds:
        gold_segs = normalize_answer_segments(gold)
        lcs = _longest_common_substring(gold_segs, pred_segs)
        if lcs == 0:
            continue
        precision = lcs / len(pred_segs)
        recall = lcs / len(gold_segs)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def _check_k(k: int) -> None:
    """Reject cut-offs below 1: ranks are 1-based."""
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Percentage (0..100) of questions whose first relevant hit has 1-based rank <= k (None = missed)."""
    _check_k(k)
    if not ranks:
        return 0.0
    return 100.0 * sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr_at(ranks: Sequence[int | None], k: int) -> float:
    """Mean reciprocal rank as a percentage (0..100), counting 1/rank only when rank <= k."""
    _check_k(k)
    if not ranks:
        return 0.0
    return 100.0 * sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation, as ``numpy.percentile``; nan when empty."""
    if not 0 <= q <= 100:
        raise ValueError(f"q must be in [0, 100], got {q}")
    data = sorted(values)
    if not data:
        return math.nan
    pos = (len(data) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(data) - 1)
    frac = pos - lo
    return float(data[lo] + (data[hi] - data[lo]) * frac)


def bootstrap_ci(
    values: Sequence[float], n: int = 1000, alpha: float = 0.05, seed: int = 0
) -> tuple[float, float]:
    """Percentile-bootstrap (1 - alpha) confidence interval of the mean, deterministic for a given seed.

    Meant for per-question differences between two systems: an interval excluding 0 suggests a real gap.
    Returns (nan, nan) for empty input.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha}")
    data = np.asarray(values, dtype=float)
    m = len(data)
    if m == 0:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    # Resample in row batches so memory stays bounded (~1M indices) for large question sets.
    batch = max(1, 1_000_000 // m)
    means = np.empty(n)
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        idx = rng.integers(0, m, size=(stop - start, m))
        means[start:stop] = data[idx].mean(axis=1)
    lo, hi = np.percentile(means, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return (float(lo), float(hi))
