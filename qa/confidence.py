"""Answer confidence: a calibrated probability that the chosen evidence answers the question.

A logistic model (weights in ``answer_model.json``, trained on answerable questions and on near
misses made by hiding the answering article) over how much of the question's rare content the best
sentence, its neighbours and its article's title cover, which of the question's numbers and Latin
terms (a year, GDP) the evidence lacks, how sure the sentence scorer is, and, for English questions,
how many words found no Chinese counterpart, whether it states the kind of amount asked for (a sum of
money, an age, a share), and whether a byline answers a question about the reporter. Below the
language's threshold the answer is declined.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.crosslingual import english_words
from qa.dates import chinese_numeral_text
from qa.features import CUES, focus_bigrams, overlap
from qa.learned import linear, sigmoid, weights
from qa.normalize import char_pairs, lexical_tokens, normalize
from qa.question import Question, states_quantity
from qa.ruleouts import RULE_OUTS, rule_outs, years_meant
from qa.span import short_answer, span_evidence
from qa.span_en import asks_typed, english_short_answer

if TYPE_CHECKING:
    from qa.answer import Candidate, Evidence
    from qa.index import Index

# Used only when the shipped model has no threshold (e.g. while it is being retrained).
DEFAULT_THRESHOLD = {"zh": 0.5, "en": 0.5}
MISSING_LITERAL_FACTOR = 0.05
ENGLISH_COVERAGE_FLOOR = 0.2
# Rule-outs read from the evidence as a whole (its languages, the index's bridge, the short answer), beside
# ``qa.ruleouts``' of the best sentence and its article.
EVIDENCE_RULE_OUTS = ("unsupported_english", "body_unnamed", "no_time_answer")

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+\b")


def evidence_window(evidence: Evidence, best: Candidate, index: Index) -> set[str]:
    """Tokens of the best sentence, its neighbours in the same passage, and its article's title."""
    cands = evidence.candidates
    i = cands.index(best)
    near = [c for c in cands[max(i - 1, 0) : i + 2] if c.hit is best.hit]
    tokens = set(lexical_tokens(index.article(best.hit.article_id).title))
    for c in near:
        tokens |= c.tokens
    return tokens


def confidence_features(evidence: Evidence, best: Candidate, index: Index) -> dict[str, float]:
    """Named features of the evidence for the confidence model."""
    idf = evidence.weights
    article = index.article(best.hit.article_id)
    window = evidence_window(evidence, best, index)
    missing = [t for t in idf if t not in window and not _written_otherwise(t, best, window)]
    literal = [t for t in missing if t.isascii() and t.replace(".", "").isalnum()]
    if evidence.over_english:
        # English over English: only numbers are literal, not the word pairs holding one (7has of "Line 7 has"),
        # and the names the archive never writes (the United States, over articles that never name it)
        literal = [t for t in literal if _NUMBER.fullmatch(t)] + unknown_names(evidence.question.text, index)
    elif evidence.cross:
        # English over Chinese: numbers and the acronyms written in capitals (GDP, MAH), not the English words
        # an archive with English articles too passes through (new, head, Zhengzhou)
        acronyms = {w.lower() for w in _ACRONYM.findall(evidence.question.text)}
        literal = [t for t in literal if _NUMBER.fullmatch(t) or t in acronyms]
    top = max(idf.values(), default=0.0)
    kind = evidence.question.kind
    coverage = overlap(idf, window)
    return {
        "coverage": coverage,
        "coverage_bigram": overlap(idf, window, bigrams_only=True),
        "sentence_overlap": best.overlap,
        "missing_literal": float(len(literal)),
        "missing_quantity": float(not states_quantity(evidence.question.quantity, best.text)),
        **focus_features(evidence.question, window),
        **{f"{k}_in_sentence": v for k, v in focus_features(evidence.question, best.tokens).items()},
        "local": best.features.get("local", 0.0),
        "local_gap_second": _margin(evidence, best),
        "top_term_missing": float(bool(top) and any(idf[t] >= top for t in missing)),
        "anchor": best.features.get("anchor", 0.0),
        "common_run": best.features.get("common_run", 0.0),
        **span_evidence(evidence.question, best.text),
        "best_prob": best.prob,
        f"{kind}×has_kind_cue": float(kind in CUES and CUES[kind].search(best.text) is not None),
        "lang_en": float(evidence.cross),  # named for the English questions over Chinese it was trained on
        "unmapped": float(len(evidence.unmapped)),
        "no_terms": float(not idf),
        # A question about who reported is answered by the byline, which shares few of its words.
        "byline": float(best.byline),
        "unsupported_english": float(evidence.lang == "en" and evidence.over_english
                                     and unsupported_english(evidence.question, best.text, coverage)),
        "body_unnamed": float(evidence.cross and body_unnamed(evidence.question, window, index)),
        "no_time_answer": float(no_time_answer(evidence.question, best.text, evidence.weights, best.date)),
        **rule_outs(evidence.question, best.text, best.byline, evidence.unmapped, article.title, best.date,
                    article.text),
    }


def unsupported_english(question: Question, sentence: str, coverage: float) -> bool:
    """Does an English sentence fail an English question that the model cannot judge? The model learned no
    English question over English articles, and there a sentence may lead by default, few competing with it.
    It fails when it shares under a fifth of the question's weighed words (over the seen sets, every right
    English answer shared 0.22 or more, 12 wrong ones less) or holds nothing of the kind asked: no name for
    who, no date for when (``qa.span_en``)."""
    if coverage < ENGLISH_COVERAGE_FLOOR:
        return True
    return asks_typed(question) and english_short_answer(question, sentence) is None


# What a short answer to a when-question holds: a figure, a unit of time, an age, an era, a dynasty or a war, a
# season, before or after something (四国征伐后)…
_TIME = re.compile(r"\d|[年月日号天时分秒旬季周初末底晚早春夏秋冬朝代纪今岁前后]|时期|期间|星期|凌晨|上午|下午"
                   r"|[汉唐宋元明清秦隋晋]|大战|战争")


def no_time_answer(question: Question, sentence: str, weights: dict[str, float], date: str | None) -> bool:
    """Is a Chinese when-question's short answer from the sentence no time at all (县里 of 县里将举办第二届直播节，
    具体时间另行公布; 下一步 of 下一步将筹建…班列)? The sentence tells of the event, not of when it is. (On DRCD this
    declines 5 of 507 answered when-questions, none with a right short answer; trial none.)"""
    if not question.chinese or question.kind != "date":
        return False
    span = short_answer(question, sentence, weights, date)
    return span is not None and _TIME.search(normalize(sentence[span.start : span.end])) is None


# The kind of office an English question names before "bureau" (forestry bureau, market regulation bureau).
_BODY = re.compile(r"\b((?:[a-z]+ )*?[a-z]+) (?:bureau|department|commission)\b")
_BODY_NOT_KIND = frozenset("the a an city municipal district county provincial town township local".split())


def body_unnamed(question: Question, window: set[str], index: Index) -> bool:
    """Does an English question about someone of a bureau of one kind (the director of the Zhexi County
    forestry bureau) meet evidence that names none of that kind's Chinese terms (市民政局局长郑晓岚: 民政, not
    林业)? Its title alone (局长) is any bureau's."""
    if question.kind != "person":
        return False
    found = _BODY.search(question.text)
    kind = [w for w in found.group(1).split() if w not in _BODY_NOT_KIND] if found else []
    terms = [t for t in index.bridge.expand(" ".join(kind)).split() if len(t) >= 2] if kind else []
    return bool(terms) and not any(char_pairs(t) & window for t in terms)


def unknown_names(question: str, index: Index) -> list[str]:
    """The capitalised words of an English question, past its first, that no article of the index holds."""
    names = [w for w, capital in english_words(question)[1:] if capital]
    df = index.lexical.token_document_frequency(names) if names else {}
    return [w for w in names if not df.get(w)]


def _written_otherwise(literal: str, best: Candidate, window: set[str]) -> bool:
    """Is a number of the question there in another form: a small one as a Chinese numeral (3 of grade-3: 三等),
    a year as the sentence's 今年 or 去年 of its article's date (2024 in an article of 2024: 今年)?"""
    if not literal.isdigit():
        return False
    value = int(literal)
    if 0 < value <= 99:  # the window holds characters and character pairs
        numeral = chinese_numeral_text(value)
        return all(numeral[i : i + 2] in window for i in range(max(len(numeral) - 1, 1)))
    return value in years_meant(best.text, best.date)


def _margin(evidence: Evidence, best: Candidate) -> float:
    """How far the best sentence's local overlap stands above the next best's (a lone answer stands out)."""
    others = [c.features.get("local", 0.0) for c in evidence.candidates if c is not best]
    return best.features.get("local", 0.0) - max(others, default=0.0)


def focus_features(question: Question, window: set[str]) -> dict[str, float]:
    """Does the evidence name what the wh-word is about (所长 in 京广路司法所的所长是谁, 年纪 in 多大年纪)?"""
    focus = focus_bigrams(question)
    if not focus:
        return {"no_focus": 1.0}
    share = sum(t in window for t in focus) / len(focus)
    return {"focus": share, "focus_missing": float(share == 0)}


def calibrated(features: dict[str, float]) -> float:
    """The probability in [0, 1] that the evidence answers the question.

    Each number or Latin-script term of the question (a year, GDP) that the evidence lacks all but rules
    it out: "2022年的成功率" is not answered by the 2023 figure next to it. (On CMRC trial and DRCD 2–3%
    of answerable questions lack one; about half of those get a wrong sentence anyway.) So does a
    sentence with no amount of the kind asked for: no sum of money for 多少财政预算, no age for 多大年纪.
    (CMRC trial and DRCD: all 30 answerable questions that imply one and whose chosen sentence holds the
    answer state it there; 9 of the 12 simulated near misses that imply one lack it.) And so does each
    of ``qa.ruleouts``: a deputy for the chief, a title never named, no amount the question does not
    already give, another 第N批 than the one asked about, a count of another place's things or of a place
    other than the one asked, what the question sets aside (除了X), a sentence naming nothing of the kind
    asked for (哪个学院, and no 院), a person the sentence's article never names, an English count of
    something the archive has no word for, or an English question naming something the archive never names.
    An English sentence that shares little of an English question, or holds nothing of the kind it asks, is
    ruled out too (``unsupported_english``), and so is evidence naming another kind of bureau than the one an
    English question asks about (``body_unnamed``), and a when-question's sentence whose short answer is no
    time (``no_time_answer``).
    """
    model = weights("confidence")
    base = sigmoid(linear(model, features)) if model else features["coverage"]
    ruled_out = features["missing_literal"] + features["missing_quantity"]
    ruled_out += sum(features[name] for name in RULE_OUTS)
    ruled_out += sum(features.get(name, 0.0) for name in EVIDENCE_RULE_OUTS)
    return base * MISSING_LITERAL_FACTOR ** ruled_out


def decline_threshold(evidence: Evidence) -> float:
    """The cut for the question's language. The English one is tuned on English questions over Chinese
    articles; no training question is English over English, and those use it too rather than the
    Chinese cut, which is tuned for questions that share the articles' words."""
    return threshold("zh" if evidence.question.chinese else "en")


def threshold(lang: str) -> float:
    """Below this confidence the answer is declined (tuned per language by the training script)."""
    return weights("threshold").get(lang, DEFAULT_THRESHOLD.get(lang, 0.5))
