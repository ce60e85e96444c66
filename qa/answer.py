"""From ranked passages to an extractive answer: pick sentences, quote them verbatim, cite them.

Each candidate sentence of the top passages gets a score from its IDF-weighted overlap with the
question (in the normalised view, so Traditional questions match Simplified text), the overlap of the
sentence before it (answers often follow the sentence that repeats the question), whether it holds
the kind of thing the question asks for (a number for 几/多少/how many, a date for 何时/when…), and
its passage's rank. Questions that are not Chinese are matched through their Chinese terms (see
``crosslingual.py``). Confidence is how much of the question's rare content the best evidence covers;
below a threshold the answer is a plain "not found" rather than an unrelated quote.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.chunking import Span, sentence_spans, trimmed
from qa.errors import BadQuestionError
from qa.normalize import cjk_share, lexical_tokens, normalize
from qa.types import Answer, Citation, Hit

if TYPE_CHECKING:
    from qa.index import Index

MAX_QUESTION_CHARS = 1000
CANDIDATE_PASSAGES = 5
MAX_SENTENCES = 3
# Tuned on eval/seed_qa.jsonl (its unanswerable near misses against its answerable questions).
# Translated terms are noisier than the user's own words, so coverage runs lower for English.
ABSTAIN_BELOW = {"zh": 0.35, "en": 0.2}
UNMAPPED_PENALTY = 0.8
NOT_FOUND = {"zh": "语料中没有找到答案。", "en": "No answer found in the corpus."}

# Characters and words that say what is asked, not what it is about.
_QUESTION_CHARS = set("什么哪谁几多少吗呢么为何怎样如请问是的了有在和与及")
_EN_STOP = set(
    "a an the of in on at to for from by with and or is are was were be been do does did how many much "
    "what which who whom whose when where why there their this that these those it its as about".split()
)
_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万亿两]+[个家名位项次年月日天人元种所座条起%％]")
_DATE = re.compile(r"\d{1,4}\s*[年月日]|[一二三四五六七八九十]+月|\d{4}|世纪|年代|时期|朝")
_ASKS_NUMBER = re.compile(r"几|多少|多大|多长|多高|多重|多远|how many|how much|number of|percentage")
_ASKS_DATE = re.compile(r"何时|什么时候|哪一?年|哪一?天|几月|几日|哪个时期|when|what year|what date")


def clean_question(question: str) -> str:
    """Control characters to spaces, whitespace collapsed; empty or huge questions are refused."""
    if not isinstance(question, str):
        raise BadQuestionError("the question must be text")
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c for c in question)
    text = " ".join(text.split())
    if not text:
        raise BadQuestionError('the question is empty; ask something, e.g. qa ask "二七区有几家三甲医院？"')
    if len(text) > MAX_QUESTION_CHARS:
        raise BadQuestionError(
            f"the question is {len(text):,} characters long; the limit is {MAX_QUESTION_CHARS:,}: shorten it"
        )
    return text


@dataclass
class _Candidate:
    hit: Hit
    span: Span  # trimmed, in article coordinates
    text: str
    overlap: float = 0.0
    score: float = 0.0


def _content_weights(question: str, index: Index) -> dict[str, float]:
    """IDF of each content token of the question; tokens absent from the corpus get the largest IDF."""
    tokens = [
        t for t in dict.fromkeys(lexical_tokens(question))
        if t not in _EN_STOP and not (len(t) <= 2 and set(t) <= _QUESTION_CHARS) and not set(t) & _QUESTION_CHARS
    ]
    n = max(len(index.chunks), 1)
    df = index.lexical.token_document_frequency(tokens)
    return {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in tokens}


def _overlap(weights: dict[str, float], text: str) -> float:
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    present = set(lexical_tokens(text))
    return sum(w for t, w in weights.items() if t in present) / total


def _type_match(question: str, sentence: str) -> float:
    q = normalize(question)
    if _ASKS_DATE.search(q):
        return 1.0 if _DATE.search(sentence) else 0.0
    if _ASKS_NUMBER.search(q):
        return 1.0 if _NUMBER.search(sentence) else 0.0
    return 0.5


def _candidates(hits: list[Hit], index: Index) -> list[_Candidate]:
    out: list[_Candidate] = []
    for hit in hits[:CANDIDATE_PASSAGES]:
        text = index.article(hit.article_id).text
        chunk = hit.chunk
        for s in sentence_spans(chunk.text):
            span = trimmed(text, Span(chunk.start + s.start, chunk.start + s.end))
            if span.end > span.start:
                out.append(_Candidate(hit, span, text[span.start : span.end]))
    return out


def _score_sentences(question: str, terms: str, cands: list[_Candidate], index: Index) -> float:
    """Score the sentences against ``terms`` (the question in Chinese); return the confidence."""
    weights = _content_weights(terms, index)
    for i, c in enumerate(cands):
        c.overlap = _overlap(weights, c.text)
        prev = cands[i - 1].overlap if i and cands[i - 1].hit is c.hit else 0.0
        c.score = (0.6 * c.overlap + 0.25 * prev + 0.25 * _type_match(question, c.text)
                   + 0.3 * c.hit.score - 0.02 * (c.hit.rank - 1))
    if not cands or not weights:
        return 0.0
    best = max(range(len(cands)), key=lambda i: cands[i].score)
    return _evidence_coverage(weights, cands, best, index)


def _evidence_coverage(weights: dict[str, float], cands: list[_Candidate], best: int, index: Index) -> float:
    """Coverage of the question by the best sentence, its neighbours and its article's title.

    Each number or Latin-script word the question names (a year, a count, GDP, an acronym) that the
    evidence lacks halves the confidence: "2022年的成功率" is not answered by the 2023 figure next to it.
    """
    hit = cands[best].hit
    near = [c.text for c in cands[max(best - 1, 0) : best + 2] if c.hit is hit]
    window = index.article(hit.article_id).title + "\n" + "".join(near)
    coverage = _overlap(weights, window)
    present = set(lexical_tokens(window))
    missing = [t for t in weights if t.isascii() and t.replace(".", "").isalnum() and t not in present]
    return coverage * (0.5 ** len(missing))


def compose(question: str, hits: list[Hit], index: Index, passages: int = 5) -> Answer:
    """Choose up to three sentences, quote and cite them; abstain when the evidence is weak."""
    question = clean_question(question)
    lang = "zh" if cjk_share(question) >= 0.3 else "en"
    cands = _candidates(hits, index)
    if lang == "zh":
        confidence = _score_sentences(question, question, cands, index)
    else:
        # Match through the corpus's Chinese terms for the question; each content word with no
        # Chinese counterpart in the corpus (GDP, mayor) lowers the confidence.
        terms = index.bridge.expand(question)
        unmapped = len(index.bridge.unmapped(question))
        confidence = _score_sentences(question, terms, cands, index) * UNMAPPED_PENALTY**unmapped
    shown = hits[:passages]
    if not cands or confidence < ABSTAIN_BELOW[lang]:
        return Answer(question, False, NOT_FOUND[lang], None, confidence, [], shown)
    chosen = _choose(cands)
    citations = []
    for n, c in enumerate(chosen, start=1):
        article = index.article(c.hit.article_id)
        quote = article.text[c.span.start : c.span.end]
        assert quote == c.text, "a quote must be the article's text at its span"
        citations.append(Citation(n, article.id, article.title, article.date, article.source,
                                  c.span.start, c.span.end, quote))
    text = "".join(f"{c.quote}[{c.n}]" for c in citations)
    return Answer(question, True, text, None, confidence, citations, shown)


def _choose(cands: list[_Candidate]) -> list[_Candidate]:
    """The best sentence, plus up to two more that score close to it; no near-duplicates."""
    ranked = sorted(cands, key=lambda c: -c.score)
    best = ranked[0]
    chosen = [best]
    for c in ranked[1:]:
        if len(chosen) >= MAX_SENTENCES or c.score < 0.8 * best.score:
            break
        if all(_similar(c.text, o.text) < 0.8 for o in chosen):
            chosen.append(c)
    # The best sentence leads (it is the answer); the others follow in reading order.
    return [best] + sorted(chosen[1:], key=lambda c: (c.hit.article_id, c.span.start))

def _similar(a: str, b: str) -> float:
    ta, tb = set(lexical_tokens(a)), set(lexical_tokens(b))
    return len(ta & tb) / max(min(len(ta), len(tb)), 1)
