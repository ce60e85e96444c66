"""What the span ranker reads of each candidate, and its scores (``answer_model.json``, ``span``: linear plus
boosted trees).

The features say where a span sits against the question's words (the wh-word's left and right context, the
distance to the nearest repeated character), what it looks like (a count, a date, a name, a list; its first and
last words' parts of speech) and where it was cut from. Scores are cached for the last few sentences: the
re-ranker, the confidence model and the short answer all read the best sentence's.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from functools import lru_cache
from itertools import accumulate

from qa.features import CUES, QUESTION_CHARS, has_measure
from qa.learned import Features, generation, scores
from qa.normalize import normalize
from qa.question import Question
from qa.span.candidates import (
    _AFTER_NAME,
    _BREAK,
    _PHRASE_STOP,
    _TITLE_BEFORE,
    SURNAMES,
    Ranked,
    SpanCandidate,
    _anchor,
    _bigram_share,
    _trim,
    aligned_norm,
    covered,
    span_candidates,
)
from qa.words import NAME_TAGS, Word, words


class SentenceContext:
    """Does the text around a span repeat the question's text around the wh-word (in any order)?

    What a span's left side says depends only on where it starts, and its right side's only on where it
    ends: each is worked out once per sentence, and the spans (dozens share each edge) look them up.
    """

    def __init__(self, norm: str, question: Question) -> None:
        self.norm, self.question = norm, question
        self.head = question.right[:2]
        self._left: dict[int, dict[str, float]] = {}
        self._right: dict[int, dict[str, float]] = {}

    def left(self, start: int) -> dict[str, float]:
        if start not in self._left:
            q, before = self.question, self.norm[max(start - 8, 0) : start]
            self._left[start] = {
                "left_ctx": _bigram_share(before, q.left), "left_ctx_any": _bigram_share(before, q.norm),
                "left_adjacent": float(len(before) >= 2 and before[-2:] in q.left),
                "left_adjacent_any": float(len(before) >= 2 and before[-2:] in q.norm),
            }
        return self._left[start]

    def right(self, end: int) -> dict[str, float]:
        if end not in self._right:
            q, head, after = self.question, self.head, self.norm[end : end + 8]
            self._right[end] = {
                "right_ctx": _bigram_share(after, q.right), "right_ctx_any": _bigram_share(after, q.norm),
                "head_after": float(bool(head) and after.startswith(head)),
                "right_adjacent": float(len(after) >= 2 and after[:2] in q.right),
                "right_adjacent_any": float(len(after) >= 2 and after[:2] in q.norm),
            }
        return self._right[end]

    def features(self, c: SpanCandidate) -> dict[str, float]:
        piece, head = self.norm[c.start : c.end], self.head
        return {
            **self.left(c.start), **self.right(c.end),
            "head_in_tail": float(bool(head) and any(ch in piece[-2:] for ch in head)),
            "head_suffix": float(len(head) == 2 and piece.endswith(head)),
        }


def _title_asked(norm: str, c: SpanCandidate, question: Question) -> float:
    """Is the span a name right after a title the question names (通讯员 刘聪 for 通讯员叫什么名字)?"""
    title = _TITLE_BEFORE.search(norm, max(c.start - 6, 0), c.start) if norm else None
    return float(title is not None and title.group().strip() in question.norm)


def distance_to_question(mask: list[bool]) -> list[int]:
    """For each position, how far the nearest character that repeats the question is (len(mask) if none)."""
    n = len(mask)
    out = [n] * n
    last = None
    for i in range(n):
        last = i if mask[i] else last
        out[i] = n if last is None else i - last
    last = None
    for i in range(n - 1, -1, -1):
        last = i if mask[i] else last
        if last is not None:
            out[i] = min(out[i], last - i)
    return out


def gap_to_question(mask: list[bool], start: int, end: int, distance: list[int] | None = None) -> int:
    """How far the span's first or last character is from the nearest one that repeats the question
    (``len(mask)`` if none does); ``distance`` is :func:`distance_to_question` of the mask, if at hand."""
    last = end - 1
    if 0 <= start < len(mask) and 0 <= last < len(mask):
        distance = distance or distance_to_question(mask)
        return min(distance[start], distance[last])
    return min((min(abs(i - start), abs(i - last)) for i, m in enumerate(mask) if m), default=len(mask))


def word_features(c: SpanCandidate, kind: str, by_start: dict[int, Word], by_end: dict[int, Word]) -> Features:
    """Does the span begin and end on word boundaries, and what are its first and last words (a name, a
    place, a noun, a verb…)? A span cut inside a word (湘西土家族苗族自治|州) is rarely the answer."""
    first, last = by_start.get(c.start), by_end.get(c.end)
    f = {"word_start": float(first is not None), "word_end": float(last is not None)}
    if first is not None and last is not None:
        f[f"{kind}×first_word:{first.coarse}"] = 1.0
        f[f"{kind}×last_word:{last.coarse}"] = 1.0
        f[f"{kind}×one_name"] = float(first is last and first.tag in NAME_TAGS)
    return f


@lru_cache(maxsize=16384)
def _normalized(text: str) -> str:
    return normalize(text)


@lru_cache(maxsize=64)
def _named(kind: str) -> dict[str, str]:
    """Feature names read per question kind (``number×repeated``…), made once rather than per span."""
    base = ["repeated", "log_len", "name_like", "foreign_name",
            *(f"has:{name}" for name in _SPAN_CUES), *_CONTEXT_NAMES]
    return {name: f"{kind}×{name}" for name in base}


@lru_cache(maxsize=1024)
def _source_features(kind: str, source: str) -> Features:
    """The indicator features of where a span was cut from, plain and per question kind."""
    names = source.split("+")
    return {**{f"src:{name}": 1.0 for name in names}, **{f"{kind}×src:{name}": 1.0 for name in names}}


_SPAN_CUES = ("number", "date", "quote", "person", "place", "list")
_CONTEXT_NAMES = ("left_ctx", "right_ctx", "left_ctx_any", "right_ctx_any", "head_in_tail", "head_after",
                  "head_suffix", "left_adjacent", "right_adjacent", "left_adjacent_any", "right_adjacent_any")


def span_features(c: SpanCandidate, sentence: str, question: Question, mask: list[bool],
                  anchor: SpanCandidate | None, norm: str = "", distance: list[int] | None = None,
                  word_at: tuple[dict[int, Word], dict[int, Word]] | None = None,
                  repeats: list[int] | None = None, context: SentenceContext | None = None) -> Features:
    """The named features of one candidate span (``distance``: :func:`distance_to_question` of the mask;
    ``word_at``: the sentence's words by start and by end offset, for :func:`word_features`; ``repeats``:
    the running count of the mask, which gives a span's repeated characters without summing them; ``context``:
    the sentence's :class:`SentenceContext`, shared by its spans)."""
    start, end = c.start, c.end
    text = sentence[start:end]
    n = max(len(text), 1)
    named = _named(question.kind)
    if repeats is not None and end <= len(mask):
        repeated = (repeats[end] - repeats[start]) / n
    else:
        repeated = sum(mask[start:end]) / n
    norm_text = _normalized(text)
    qnorm = question.norm
    qchars = sum(ch in qnorm and ch not in QUESTION_CHARS for ch in norm_text) / max(len(norm_text), 1)
    gap = gap_to_question(mask, start, end, distance)
    log_len = math.log1p(len(text))
    f = dict(_source_features(question.kind, c.source))
    f |= {
        "repeated": repeated, "question_chars": qchars, named["repeated"]: repeated,
        "log_gap": math.log1p(gap), "log_len": log_len, named["log_len"]: log_len,
        "share_of_sentence": len(text) / max(len(sentence), 1), "position": start / max(len(sentence), 1),
        "after_break": float(start == 0 or bool(_BREAK.match(sentence[start - 1]))),
        "before_break": float(end == len(sentence) or bool(_BREAK.match(sentence[end]))),
        "after_question_word": float(start > 0 and mask[start - 1]),
        "before_question_word": float(end < len(sentence) and mask[end]),
        "starts_with_question_word": float(mask[start]) if end > start else 0.0,
        "ends_with_question_word": float(mask[end - 1]) if end > start else 0.0,
        "one_char": float(len(text) == 1),
        "measure_match": float(has_measure(question, norm_text)),
        named["name_like"]: float(2 <= len(norm_text) <= 4 and norm_text[0] in SURNAMES
                                  and not any(ch in _PHRASE_STOP or _BREAK.match(ch) for ch in norm_text)),
        named["foreign_name"]: float("·" in text or "•" in text),
        "function_edge": float(bool(text) and (text[0] in _PHRASE_STOP or text[-1] in _PHRASE_STOP)),
        # A word usually ends before a function word or a verb that follows names (孟郊|任, 武汉|。).
        "function_after": float(end < len(norm) and (norm[end] in _PHRASE_STOP or norm[end] in _AFTER_NAME)),
        "function_before": float(start > 0 and norm[start - 1] in _PHRASE_STOP),
        "title_asked": _title_asked(norm, c, question),
    }
    if norm and question.chinese:
        context = context or SentenceContext(norm, question)
        for k, v in context.features(c).items():
            if v:
                f[k] = v
                f[named[k]] = v
    if word_at is not None:
        f |= word_features(c, question.kind, *word_at)
    for name in _SPAN_CUES:
        if CUES[name].search(text):
            f[named[f"has:{name}"]] = 1.0
    if anchor is not None:
        inter = max(0, min(end, anchor.end) - max(start, anchor.start))
        f["anchor_iou"] = inter / (max(end, anchor.end) - min(start, anchor.start))
        f["inside_anchor"] = float(anchor.start <= start and end <= anchor.end)
        f[f"{anchor.source}:start_dist"] = math.log1p(abs(start - anchor.start))
        f[f"{anchor.source}:end_dist"] = math.log1p(abs(end - anchor.end))
        f[f"{anchor.source}:same_start"] = float(start == anchor.start)
        f[f"{anchor.source}:same_end"] = float(end == anchor.end)
    return f


_RANKED: OrderedDict[tuple[Question, str, int], Ranked] = OrderedDict()  # the last few sentences' spans
_RANKED_KEPT = 16
_RANKED_LOCK = threading.Lock()


def scored_spans(question: Question, sentence: str) -> Ranked:
    """Candidates with their learned scores and features, best first (cached: the re-ranker, the confidence
    model and the short answer all read the best sentence's; treat the result as read-only)."""
    return scored_spans_of(question, [sentence])[0]


def scored_spans_of(question: Question, sentences: list[str]) -> list[Ranked]:
    """:func:`scored_spans` of several sentences, with one call of the span model for those not cached (the
    re-ranker's five: one pass over the trees, not five)."""
    models = generation()
    with _RANKED_LOCK:
        ranked = {s: _RANKED[(question, s, models)] for s in sentences if (question, s, models) in _RANKED}
    todo = [s for s in dict.fromkeys(sentences) if s not in ranked]
    prepared = [_span_features(question, s) for s in todo]
    scored = iter(scores("span", [f for _, features in prepared for f in features]))
    for sentence, (cands, features) in zip(todo, prepared, strict=True):
        out = [(next(scored), c, f) for c, f in zip(cands, features, strict=True)]
        ranked[sentence] = sorted(out, key=lambda t: -t[0])
    with _RANKED_LOCK:
        for sentence in sentences:
            _RANKED[(question, sentence, models)] = ranked[sentence]
            _RANKED.move_to_end((question, sentence, models))
        while len(_RANKED) > _RANKED_KEPT:
            _RANKED.popitem(last=False)
    return [ranked[s] for s in sentences]


def _span_features(question: Question, sentence: str) -> tuple[list[SpanCandidate], list[Features]]:
    norm = aligned_norm(sentence)
    mask = covered(norm, question)
    cands = span_candidates(sentence, norm, question, mask)
    anchor = _anchor(norm, question) if question.chinese else None
    if anchor is not None:
        anchor = SpanCandidate(*_trim(sentence, anchor.start, anchor.end), anchor.source)
    distance = distance_to_question(mask)
    ws = words(norm)
    word_at = ({w.start: w for w in ws}, {w.end: w for w in ws})
    repeats = list(accumulate(mask, initial=0))
    context = SentenceContext(norm, question)
    return cands, [span_features(c, sentence, question, mask, anchor, norm, distance, word_at, repeats, context)
                   for c in cands]


def span_evidence(question: Question, sentence: str) -> dict[str, float]:
    """How sure the short-answer scorer is that the sentence holds the thing asked for."""
    ranked = scored_spans(question, sentence)
    if not ranked:
        return {}
    top = ranked[0][0]
    share = 1.0 / sum(math.exp(s - top) for s, _, _ in ranked)
    return {"span_score": top, "span_prob": share, f"{question.kind}×span_score": top}
