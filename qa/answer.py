"""From ranked passages to an extractive answer: pick sentences, quote them verbatim, cite them.

The sentences of the top passages are scored by a learned ranker (``features.py``: IDF-weighted
overlap with the question in the normalised view, the overlap of the sentences around it — answers
often follow the sentence that repeats the question —, whether it holds what the question asks for,
its passage's rank). The best one leads, up to two close ones follow. A short answer is cut from the
best sentence (``qa.span``). Questions that are not Chinese are matched through their Chinese terms
(``crosslingual.py``). Confidence is a calibrated probability that the evidence answers the question
(``confidence.py``); below a threshold the answer is a plain "not found" rather than an unrelated quote.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from qa.bylines import ASKS_BYLINE
from qa.chunking import MAX_QUOTE, MAX_SENTENCE, Span, passage_sentences  # noqa: F401 (re-exported)
from qa.confidence import calibrated, confidence_features, decline_threshold
from qa.english import stem_weights
from qa.errors import BadQuestionError
from qa.features import (
    alignment_features,
    asked_about,
    asked_features,
    content_tokens,
    dense_features,
    idf_weights,
    local_weights,
    overlap,
    sentence_features,
    word_cues,
)
from qa.learned import linear, reads, scores, weights
from qa.normalize import CJK_CHAR, cjk_share, lexical_tokens, normalize, written_in_chinese
from qa.question import Question, analyse, states_quantity
from qa.ruleouts import asked_instead, chief_named, counted_words, deputy_for_chief, title_absent
from qa.span import aligned_norm, anchor_strength, scored_spans_of, short_answer, span_evidence
from qa.span_en import english_short_answer
from qa.types import Answer, Citation, Hit
from qa.whois import subjects, title_of

if TYPE_CHECKING:
    from qa.index import Index

MAX_QUESTION_CHARS = 1000
CANDIDATE_PASSAGES = 5
MAX_SENTENCES = 3
RERANK = 5
# Of the five, a sentence whose first score trails the best's by more than this is not re-ranked by its spans
# (cutting them is most of the answer step). None trailing by more than 1.5 led after re-ranking on CMRC trial
# or DRCD test; at 5 the quotes beside the best stay the same too (1 of 4,493 changed), at 3 they did not.
RERANK_GAP = 5.0
FOLLOWER_SHARE = 0.1  # a second or third sentence must have this share of the best one's probability
# ...and, from another article, this share of the question-term weight the best one holds: a sentence
# that repeats none of the question is not quoted beside the answer. (On CMRC trial, DRCD and the seed
# set this took no gold answer out of the answers.)
FOLLOWER_OVERLAP = 0.5
NOT_FOUND = {"zh": "语料中没有找到答案。", "en": "No answer found in the corpus."}


def clean_question(question: str) -> str:
    """Control characters to spaces, whitespace collapsed; empty, wordless or huge questions are refused."""
    if not isinstance(question, str):
        raise BadQuestionError("the question must be text")
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c for c in question)
    text = " ".join(text.split())
    if not text:
        raise BadQuestionError('the question is empty; ask something, e.g. qa ask "二七区有几家三甲医院？"')
    if not any(unicodedata.category(c)[0] in "LN" for c in text):
        raise BadQuestionError(f"the question {text[:20]!r} has no words, only punctuation or symbols; ask "
                               'something, e.g. qa ask "二七区有几家三甲医院？"')
    if len(text) > MAX_QUESTION_CHARS:
        raise BadQuestionError(
            f"the question is {len(text):,} characters long; the limit is {MAX_QUESTION_CHARS:,}: shorten it"
        )
    return text


@dataclass
class Candidate:
    """A sentence of a retrieved passage: its span in the article, its features and learned score."""

    hit: Hit
    span: Span  # trimmed, in article coordinates
    text: str
    first: bool = False
    tokens: set[str] = field(default_factory=set)
    overlap: float = 0.0
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    prob: float = 0.0
    date: str | None = None  # the article's, to find the earliest of wire copies
    subject: frozenset[str] = frozenset()  # tokens of the article's title: what the article is about
    byline: bool = False  # leads as the byline a question about the article's reporter asks for
    title: str = ""  # the article's
    dense: float = 0.0  # cosine of its e5 vector and the question's


@dataclass
class Evidence:
    """Everything the answer step derived for one question: reused by training and by ``compose``."""

    question: Question
    lang: str
    weights: dict[str, float]
    candidates: list[Candidate]
    unmapped: tuple[str, ...] = ()  # an English question's words the bridge found no Chinese term for
    cross: bool = False  # the question is matched to the passages through the cross-lingual bridge

    @property
    def over_english(self) -> bool:
        """The sentences are English: an English question over English articles, or a Chinese one asked again
        in their words (its ``question`` is then the English one)."""
        return not self.question.chinese and not self.cross


def candidates(hits: list[Hit], index: Index) -> list[Candidate]:
    """The full sentences the top passages touch, trimmed, in passage-rank then reading order.

    A sentence may run past its chunk's edge (chunks also break at semicolons): it is quoted whole
    from the article, once, under the best-ranked passage that touches it.
    """
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    subjects: dict[str, frozenset[str]] = {}
    for hit in hits[:CANDIDATE_PASSAGES]:
        article = index.article(hit.article_id)
        text = article.text
        if hit.article_id not in subjects:
            subjects[hit.article_id] = frozenset(lexical_tokens(article.title))
        for i, span in enumerate(passage_sentences(text, hit.chunk.start, hit.chunk.end)):
            key = (hit.article_id, span.start)
            if span.end > span.start and key not in seen:
                seen.add(key)
                piece = text[span.start : span.end]
                out.append(Candidate(hit, span, piece, i == 0, set(lexical_tokens(piece)), date=article.date,
                                     subject=subjects[hit.article_id], title=article.title))
    return out


def gather(question: str, hits: list[Hit], index: Index, over_chinese: bool | None = None,
           dense: bool | None = None) -> Evidence:
    """Analyse the question, weigh its terms, and score every candidate sentence of the passages in one
    language: Chinese ones (``over_chinese``), English ones, or by default those of the best passage's.
    ``dense``: compare the sentences' vectors with the question's (default: when the sentence model reads
    them; training asks for them always)."""
    q = analyse(question)
    lang = "zh" if q.chinese else "en"
    asked = question  # e5 reads it in any language: it is compared with the sentences as asked
    found = candidates(hits, index)
    # A question is matched in one language: an English one through its Chinese terms over Chinese, by its
    # own words over English; a Chinese one by its own words over Chinese, and over English asked again in the
    # English articles' words (ReverseBridge). Sentences of passages in the other language are dropped (in a
    # mixed archive they would only be scored by words they cannot share).
    passages = {id(c.hit): c.hit for c in found}  # a few passages, many sentences
    chinese = {key: _passage_chinese(hit) for key, hit in passages.items()}
    if over_chinese is None:
        over_chinese = chinese[id(found[0].hit)] if found else q.chinese
    cross = not q.chinese and over_chinese
    weighed, unmapped = question, ()  # the words the sentences are weighed by; those not found in English
    reverse = index.bridge.reverse
    if q.chinese and not over_chinese:
        if not reverse.reads(question):
            found = []  # nothing of the question can be asked in the English articles' words
        weighed = reverse.expand(question)  # not the wh-words it is asked with (how much money)
        unmapped = tuple(reverse.unmapped(question))
        question = reverse.english_question(q)
        q = analyse(question)
    found = [c for c in found if chinese[id(c.hit)] == over_chinese]
    # The cosines are learned from Chinese questions over Chinese articles only: across languages e5's are on
    # another, flatter scale, and no English question over English articles is in the training sets. Other
    # questions leave every candidate at 0.0, which the features read as a tie (nothing told apart).
    chinese_over_chinese = q.chinese and over_chinese
    if found and chinese_over_chinese and (dense if dense is not None else reads("sentence", "dense")):
        closeness = index.embed_sentences([c.text for c in found]) @ index.query_vector(asked)
        for c, cosine in zip(found, closeness.tolist(), strict=True):
            c.dense = cosine
    terms = index.bridge.expand(question) if cross else question
    if cross:
        counted = index.bridge.expand(" ".join(counted_words(question))).split()
        q = replace(q, terms=tuple(terms.split()), places=index.bridge.places(question),
                    counted=tuple(t for t in counted if len(t) >= 2 and CJK_CHAR.match(t)))
    unmapped = tuple(index.bridge.unmapped(question)) if cross else unmapped
    if q.chinese or cross:
        idf = idf_weights(index.lexical.token_document_frequency(content_tokens(terms)), len(index.chunks))
    else:
        idf = stem_weights(weighed, found, index)
    evidence = Evidence(q, lang, idf, found, unmapped, cross)
    score_sentences(evidence)
    return evidence


def score_sentences(evidence: Evidence) -> None:
    """Features, learned score and softmax probability of each candidate sentence."""
    cands, idf = evidence.candidates, evidence.weights
    local_idf = local_weights(idf, [c.tokens for c in cands])
    local = [overlap(local_idf, c.tokens) for c in cands]
    for c in cands:
        c.overlap = overlap(idf, c.tokens)
    best = max((c.overlap for c in cands), default=0.0)
    best_local = max(local, default=0.0)
    asked = [asked_about(idf, local_idf, c.tokens, c.subject) for c in cands]
    best_asked = (max((a[0] for a in asked), default=0.0), max((a[1] for a in asked), default=0.0))
    closeness = dense_features(evidence.question, [c.dense for c in cands])
    for i, c in enumerate(cands):
        has_before = i > 0 and cands[i - 1].hit is c.hit
        has_after = i + 1 < len(cands) and cands[i + 1].hit is c.hit
        before = cands[i - 1].overlap if has_before else 0.0
        after = cands[i + 1].overlap if has_after else 0.0
        near = (local[i - 1] if has_before else 0.0, local[i + 1] if has_after else 0.0)
        c.features = sentence_features(
            evidence.question, c.text, own=c.overlap, bigram=overlap(idf, c.tokens, bigrams_only=True),
            before=before, after=after, best=best, rank=c.hit.rank, score=c.hit.score, first=c.first,
            local=(local[i], *near, best_local))
        norm = aligned_norm(c.text)
        c.features |= alignment_features(evidence.question, norm, anchor_strength(norm, evidence.question))
        c.features |= word_cues(evidence.question, norm)
        c.features |= asked_features(evidence.question, asked, best_asked, i, has_before, has_after)
        c.features |= closeness[i]
    for c, score in zip(cands, scores("sentence", [c.features for c in cands]), strict=True):
        c.score = score
    rerank(evidence)
    _uncontradicted_first(evidence)
    _chief_first(evidence)
    _stated_first(evidence)
    _byline_first(evidence)
    _titled_first(evidence)
    top = max((c.score for c in cands), default=0.0)
    total = sum(math.exp(c.score - top) for c in cands)
    for c in cands:
        c.prob = math.exp(c.score - top) / total


SIDE_OVERLAP = 0.8  # of the question's weighted terms the best holds, the share a sentence that takes its place holds


def _uncontradicted_first(evidence: Evidence) -> None:
    """When the best sentence speaks of the other side of what is asked (女子 for 男子) or of another year
    (今年 for 去年) or of another district or city (台中市 for 高雄市), the next of the top three that names
    what is asked, most of what else the best shares with the question and every number of the question it
    holds, leads instead (去年藝文季吸引12.8萬人次 names 去年 but not the 市集攤位 asked about). Without one,
    the best stays, and the rule-out declines it (``qa.ruleouts``)."""
    top = sorted(evidence.candidates, key=lambda c: -c.score)[:3]
    asked = asked_instead(evidence.question, top[0].text, top[0].title) if len(top) > 1 else ""
    if not asked:
        return
    numbers = [n for n in re.findall(r"\d+", evidence.question.norm) if n in aligned_norm(top[0].text)]
    rest = {t: w for t, w in evidence.weights.items() if t not in asked}  # what else the question asks
    for c in top[1:]:
        if (asked in aligned_norm(c.text + c.title)
                and overlap(rest, c.tokens) >= SIDE_OVERLAP * overlap(rest, top[0].tokens)
                and all(n in aligned_norm(c.text) for n in numbers)
                and not asked_instead(evidence.question, c.text, c.title)):
            c.score = top[0].score + 0.5
            return


def _chief_first(evidence: Evidence) -> None:
    """When the best sentence names a deputy for the chief asked (副局长马晓婷 for 局长叫什么), the next of the
    top three that names the chief and most of what else the best shares with the question leads instead
    (市水务局局长郭振华介绍…). Without one, the best stays, and the rule-out declines it."""
    question = evidence.question
    _lead_instead(evidence, lambda c: deputy_for_chief(question, c.text),
                  lambda c: chief_named(question, c.text) and not deputy_for_chief(question, c.text))


def _stated_first(evidence: Evidence) -> None:
    """When the best sentence lacks what the question's form asks for — an amount of the kind asked (多少钱, and
    it states no sum) or the title asked about (审判长是谁, and it names no 审判长) —, the next of the top three
    that holds it leads instead, if it is of the best one's article (总投资1.35亿元 for 石桥镇明清古街修缮工程一共投了
    多少钱: news names its subject once, early) or shares most of what the best shares with the question. Without
    one, the best stays, and the rule-out declines it."""
    question = evidence.question
    if not question.quantity and question.kind != "person":
        return

    def lacks(c: Candidate) -> bool:
        return not states_quantity(question.quantity, c.text) or title_absent(question, c.text)

    _lead_instead(evidence, lacks, lambda c: not lacks(c), same_article=True)


def _lead_instead(evidence: Evidence, wrong: Callable[[Candidate], bool], right: Callable[[Candidate], bool],
                  same_article: bool = False) -> None:
    """When the best sentence is ``wrong``, the next of the top three that is ``right`` and holds most of what the
    best shares with the question (or, with ``same_article``, is of its article) leads instead."""
    top = sorted(evidence.candidates, key=lambda c: -c.score)[:3]
    if len(top) < 2 or not wrong(top[0]):
        return
    for c in top[1:]:
        if right(c) and (same_article and c.hit.article_id == top[0].hit.article_id
                         or overlap(evidence.weights, c.tokens) >= SIDE_OVERLAP * overlap(evidence.weights,
                                                                                          top[0].tokens)):
            c.score = top[0].score + 0.5
            return


def _byline_first(evidence: Evidence) -> None:
    """For a question about an article's reporter, lead with the byline of the best-ranked passage that
    has one naming the role asked about (any role when the question names none of the byline's)."""
    for c in evidence.candidates:
        c.byline = False
    asked = ASKS_BYLINE.search(evidence.question.norm)
    if not asked:  # a bare byline (记者 朱翔宇) answers nothing else: it goes last
        bare = [c for c in evidence.candidates if _byline_line(c.text)]
        lowest = min((c.score for c in evidence.candidates), default=0.0)
        for c in bare:
            c.score = lowest - 1.0
        return
    from qa.bylines import is_byline  # its patterns take ~30 ms to compile: only for byline questions

    bylines = [c for c in evidence.candidates if is_byline(c.text)]
    if not bylines:
        return
    role = [c for c in bylines if asked.group() in normalize(c.text)]
    best = min(role or bylines, key=lambda c: c.hit.rank)
    best.score = max(c.score for c in evidence.candidates) + 1.0
    best.byline = True


def _titled_first(evidence: Evidence) -> None:
    """For who someone named is (樊惠林是谁？), lead with the best sentence that gives them a title (二七区委书记
    樊惠林…, or a byline: 记者 朱翔宇), not one where they only speak (樊惠林提出…)."""
    if not subjects(evidence.question) or not evidence.candidates:
        return
    ranked = sorted(evidence.candidates, key=lambda c: -c.score)
    titled = next((c for c in ranked if title_of(evidence.question, c.text) is not None), None)
    if titled is not None and titled is not ranked[0]:
        titled.score = ranked[0].score + 1.0


def rerank(evidence: Evidence) -> None:
    """Re-score the best few sentences with how well they hold a span of the kind asked for.

    Cutting spans costs about a millisecond a sentence, so only the top ``RERANK`` are looked at, and of
    those only the ones within ``RERANK_GAP`` of the best's first score: the spans of one further behind are
    not cut, and its first score is re-weighed alone. English sentences keep their first score: the span
    model learned Chinese ones only (``span_en`` answers in them).
    """
    model = weights("rerank")
    if not model or evidence.over_english or not evidence.candidates:
        return
    best = sorted(evidence.candidates, key=lambda c: -c.score)[:RERANK]
    cut = best[0].score - RERANK_GAP
    scored_spans_of(evidence.question, [c.text for c in best if c.score >= cut])  # one call of the span model
    for c in best:
        c.features["stage1"] = c.score
        held = span_evidence(evidence.question, c.text) if c.score >= cut else {}
        c.score = linear(model, {"stage1": c.score, **held})
    # The rest follow the re-scored few, as far behind the last of them as they were: left on the first
    # score's scale, one could pass them all (the span scores of a cross-lingual question run low).
    floor, last = min(c.score for c in best), best[-1].features["stage1"]
    for c in evidence.candidates:
        if "stage1" not in c.features:
            c.score = floor - (last - c.score)


def compose(question: str, hits: list[Hit], index: Index, passages: int = 5) -> Answer:
    """Choose up to three sentences and a short answer, quote and cite them; abstain when the evidence is weak."""
    question = clean_question(question)
    evidence, chosen, confidence = _likeliest_reading(question, hits, index)
    shown = hits[:passages]
    if not chosen:
        return Answer(question, False, NOT_FOUND[evidence.lang], None, 0.0, [], shown)
    if confidence < decline_threshold(evidence):
        return Answer(question, False, NOT_FOUND[evidence.lang], None, confidence, [], shown)
    citations = [_cite(n, c, index) for n, c in enumerate(chosen, start=1)]
    # The span scorer knows Chinese sentences only: an English quote gets a typed span at most (21 stations).
    if not _chinese(chosen[0].text):
        short = None if evidence.question.chinese else english_short_answer(evidence.question, chosen[0].text)
    elif subjects(evidence.question):  # who is someone named: the title given them, never another name
        short = title_of(evidence.question, chosen[0].text)
    else:
        short = short_answer(evidence.question, chosen[0].text, evidence.weights, chosen[0].date)
    short_text = None
    if short is not None:
        short_text = chosen[0].text[short.start : short.end]
        assert short_text in citations[0].quote, "the short answer is part of the first quote"
    text = _joined(citations)
    return Answer(question, True, text, short_text, confidence, citations, shown)


def _likeliest_reading(question: str, hits: list[Hit], index: Index) -> tuple[Evidence, list[Candidate], float]:
    """An English question read over the passages of each language among the hits (in a mixed archive: by its
    own words over English articles, and through the bridge over Chinese ones), the most confident reading kept:
    the best passage's language is a weak guide, the dense side favouring passages in the question's own. A
    Chinese question is read in its best passage's language: asked again in English words (ReverseBridge), it
    would often seem to be answered by English text that merely shares a few of them."""
    languages = dict.fromkeys(_passage_chinese(h) for h in hits) if cjk_share(question) < 0.3 else {}
    read = index.bridge.acronyms_read(question)  # GDP, in an archive that writes only 地区生产总值
    readings = []
    for over_chinese in languages or (None,):
        evidence = gather(read, hits, index, over_chinese)
        chosen = choose(evidence) if evidence.candidates else []
        confidence = calibrated(confidence_features(evidence, chosen[0], index)) if chosen else 0.0
        readings.append((evidence, chosen, confidence))
    return max(readings, key=lambda r: r[2] - decline_threshold(r[0]))


def _joined(citations: list[Citation]) -> str:
    """The quotes with their marks, as one text: Chinese sentences run on, others are spaced
    (``…bottles.[1] About 200…``, not ``bottles.[1]About``)."""
    return "".join(f"{c.quote}[{c.n}]" + ("" if _chinese(c.quote) else " ") for c in citations).rstrip()


def _chinese(text: str) -> bool:
    return cjk_share(text) >= 0.3


def _passage_chinese(hit: Hit) -> bool:
    return written_in_chinese(hit.chunk.text)


def _cite(n: int, c: Candidate, index: Index) -> Citation:
    article = index.article(c.hit.article_id)
    quote = article.text[c.span.start : c.span.end]
    assert quote == c.text, "a quote must be the article's text at its span"
    return Citation(n, article.id, article.title, article.date, article.source, c.span.start, c.span.end, quote)


def choose(evidence: Evidence) -> list[Candidate]:
    """The best sentence, plus up to two more that score close to it and share its subject; no near-duplicates."""
    ranked = sorted(evidence.candidates, key=lambda c: -c.score)
    best = ranked[0]
    chosen = [best]
    share = FOLLOWER_SHARE / 2 if evidence.question.kind == "list" else FOLLOWER_SHARE
    for c in ranked[1:]:
        if len(chosen) >= MAX_SENTENCES or c.prob < share * best.prob:
            break
        if not _on_subject(c, best) or (not best.byline and _byline_line(c.text)):
            continue
        if asked_instead(evidence.question, c.text, c.title):  # of another place, side or year: not a follower
            continue
        if all(_similar(c.tokens, o.tokens) < 0.8 for o in chosen):
            chosen.append(c)
    originals: list[Candidate] = []
    for c in chosen:
        original = _original(c, evidence.candidates)
        if all(original is not o for o in originals):
            originals.append(original)
    chosen = originals
    # The best sentence leads (it is the answer); the others follow in reading order.
    return [chosen[0]] + sorted(chosen[1:], key=lambda c: (c.hit.article_id, c.span.start))


def _byline_line(text: str) -> bool:
    """Is the sentence a bare byline (记者 朱翔宇, By Anna Clarke)? It is quoted only to say who reported."""
    if len(text) > 40 or not (ASKS_BYLINE.search(text) or text.startswith("By ")):
        return False
    from qa.bylines import is_byline  # its patterns take ~30 ms to compile: only for byline-like lines

    return is_byline(text)


def _on_subject(follower: Candidate, best: Candidate) -> bool:
    """Is a follower from the best sentence's article, or does it hold enough of the question's terms?"""
    if follower.hit.article_id == best.hit.article_id:
        return True
    return follower.overlap > 0 and follower.overlap >= FOLLOWER_OVERLAP * best.overlap


def _original(chosen: Candidate, candidates: list[Candidate]) -> Candidate:
    """Among copies of the sentence (wire copies carry it word for word), the earliest dated and most complete.

    A copy must hold every token of the chosen sentence, so the quote loses nothing; undated articles
    and month-day dates without a year (``--01-12``) cannot be ordered and do not replace a copy.
    """
    def key(c: Candidate) -> tuple[str, int]:
        return (c.date if c.date and not c.date.startswith("--") else "~"), -len(c.text)

    copies = [c for c in candidates if chosen.tokens <= c.tokens and _similar(c.tokens, chosen.tokens) >= 0.8]
    earliest = min(copies, key=key, default=chosen)
    return earliest if key(earliest)[0] != "~" else chosen


def _similar(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(min(len(a), len(b)), 1)
