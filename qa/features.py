"""Features of candidate sentences: what the learned sentence scorer sees.

A sentence answers when it shares the question's rare words (IDF-weighted, normalised view), or sits
next to one that does, and holds the kind of thing asked for (a number for 几/多少, a date for 何时, a
name for 谁, items in a list for 哪些…). Features are named so the weights in ``answer_model.json``
stay readable; ``kind×cue`` features let the scorer learn which cue matters for which question kind.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from qa.normalize import units
from qa.question import Question
from qa.words import words

# Characters and words that say what is asked, not what it is about.
QUESTION_CHARS = set("什么哪谁几多少吗呢么为何怎样如请问是的了有在和与及")
EN_STOP = set(
    "a an the of in on at to for from by with and or is are was were be been do does did how many much "
    "what which who whom whose when where why there their this that these those it its as about long old far "
    "often".split()
)
CUES: dict[str, re.Pattern[str]] = {
    "number": re.compile(r"\d|[一二三四五六七八九十百千万亿两]+[个家名位项次年月日天人元种所座条起%％岁倍]"),
    "count": re.compile(r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千两]+)\s*(?:多|余)?[万亿]?"
                        r"(?:[个家名位项次人元种所座条起岁倍米吨件台辆架艘只张篇期户间层%％]|公里|平方|千克|公斤|小时|分钟)"),
    "date": re.compile(r"\d{1,4}\s*[年月日]|[一二三四五六七八九十]+月|\d{4}|世纪|年代|时期|[朝代]初|元年"),
    "person": re.compile(r"[·•]|先生|女士|教授|主席|书记|总统|国王|皇帝|部长|区长|市长|导演|作者|演员|创办|发明|"
                         r"率领"),
    "place": re.compile(r"[省市县区国州镇村岛洲湾港]|位于|地处|境内|首都"),
    "list": re.compile(r"、|以及|分别|包括|等"),
    "reason": re.compile(r"因为|由于|因此|所以|为了|原因|导致|以便|以免|使得|目的"),
    "define": re.compile(r"是|指|称为|又称|简称|即|意为|一种"),
    "quote": re.compile(r"[《“「『][^》”」』]{1,30}[》”」』]"),
}


def idf_weights(df: dict[str, int], n_chunks: int) -> dict[str, float]:
    """IDF of each content token from its chunk frequency; tokens absent from the corpus get the largest."""
    n = max(n_chunks, 1)
    return {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in df}


def content_tokens(terms: str) -> list[str]:
    """The question's unigrams/bigrams that carry content: no wh-words, no English stop words, and no
    bigram with a stop word in it ("howmuch", "thelibrary")."""
    tokens: list[str] = []
    for run in units(terms):
        kept = [u if u not in EN_STOP else None for u in run]
        tokens += [u for u in kept if u]
        tokens += [a + b for a, b in zip(kept, kept[1:], strict=False) if a and b]
    return [t for t in dict.fromkeys(tokens) if not set(t) & QUESTION_CHARS]


def overlap(weights: dict[str, float], tokens: set[str], bigrams_only: bool = False) -> float:
    """Share of the question's IDF weight whose tokens the text holds."""
    items = {t: w for t, w in weights.items() if len(t) > 1 or not bigrams_only}
    total = sum(items.values())
    return sum(w for t, w in items.items() if t in tokens) / total if total > 0 else 0.0


def local_weights(weights: dict[str, float], token_sets: list[set[str]]) -> dict[str, float]:
    """Question tokens weighted by how few candidate sentences hold them (times their corpus IDF).

    The subject of a question (黄鳍紫鱼 in 黄鳍紫鱼体长多少) is rare in the corpus but in every sentence of
    its article; what is asked about it (体长) is what picks the answering sentence among them.
    """
    n = len(token_sets)
    return {t: w * math.log(1 + n / (1 + sum(t in s for s in token_sets))) for t, w in weights.items()}


def cue_features(question: Question, sentence: str) -> dict[str, float]:
    """Which answer cues the sentence holds, crossed with the question's kind."""
    out: dict[str, float] = {}
    for name, pattern in CUES.items():
        found = pattern.search(sentence) is not None
        out[f"cue:{name}"] = float(found)
        out[f"{question.kind}×{name}"] = float(found)
    out[f"kind:{question.kind}"] = 1.0
    out[f"{question.kind}×list_items"] = math.log1p(sentence.count("、"))
    return out


# Parts of speech that say what kind of thing a sentence names (jieba's tags, coarse: nrfg/nrt are nr).
_WORD_CUES = {"nr": "person", "ns": "place", "nt": "organisation", "nz": "proper", "m": "numeral", "t": "time"}


def word_cues(question: Question, norm_sentence: str) -> dict[str, float]:
    """Which kinds of word the sentence holds that the question does not (a person's name for 谁, a place
    for 哪里, a time for 何时), by the segmenter's parts of speech; crossed with the question's kind."""
    found = {_WORD_CUES[w.coarse] for w in words(norm_sentence)
             if w.coarse in _WORD_CUES and norm_sentence[w.start : w.end] not in question.norm}
    return {f"{question.kind}×word:{name}": 1.0 for name in found}


def asked_about(weights: dict[str, float], local: dict[str, float], tokens: set[str],
                subject: frozenset[str]) -> tuple[float, float, float]:
    """How well a sentence holds what the question asks about its article's subject: the overlap and local
    overlap over the question terms the article's title lacks, and the title's share of the question.

    A title names what an article is about (西奥多·庞维勒); the question's other words say what is asked
    about it (第一部诗集). The answering sentence often leaves the subject out (1842年出版了第一部诗集…) and
    loses to the opening sentence that names it, unless the subject's words are set aside.
    """
    asked = {t: w for t, w in weights.items() if t not in subject}
    total = sum(weights.values())
    title_share = 1.0 - sum(asked.values()) / total if total > 0 else 0.0
    return overlap(asked, tokens), overlap({t: local[t] for t in asked}, tokens), title_share


def asked_features(question: Question, asked: list[tuple[float, float, float]], best: tuple[float, float], i: int,
                   has_before: bool, has_after: bool) -> dict[str, float]:
    """The :func:`asked_about` overlaps of candidate ``i``, beside the best of all (overlap, local overlap)
    and its neighbours'."""
    own, own_local, title_share = asked[i]
    before = asked[i - 1][0] if has_before else 0.0
    after = asked[i + 1][0] if has_after else 0.0
    return {
        "asked_overlap": own,
        "asked_local": own_local,
        "asked_gap": own - best[0],
        "asked_local_gap": own_local - best[1],
        "asked_neighbour": max(before, after),
        "title_share": title_share,
        f"{question.kind}×asked_local": own_local,
    }


def dense_features(question: Question, cosines: list[float]) -> list[dict[str, float]]:
    """How close each candidate's e5 vector is to the question's: the cosine, its gap to the closest
    candidate's and its rank among them (a question that paraphrases its answer shares few of its words)."""
    best = max(cosines, default=0.0)
    rank = [1 + sum(other > c for other in cosines) for c in cosines]  # ties share the better rank
    return [{"dense": c, "dense_gap": c - best, "dense_rank_inv": 1.0 / r, f"{question.kind}×dense_gap": c - best}
            for c, r in zip(cosines, rank, strict=True)]


def sentence_features(question: Question, sentence: str, own: float, bigram: float, before: float,
                      after: float, best: float, rank: int, score: float, first: bool,
                      local: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)) -> dict[str, float]:
    """The named features of one candidate sentence (overlaps are shares in [0, 1]); ``local`` is the
    overlap in local weights (:func:`local_weights`): own, sentence before, after, best of all."""
    own_local, before_local, after_local, best_local = local
    return {
        "local": own_local,
        "local_gap": own_local - best_local,
        "is_best_local": float(own_local >= best_local > 0),
        "local_neighbour": max(before_local, after_local),
        "local_neighbour_gap": max(before_local, after_local) - best_local,
        "overlap": own,
        "overlap_bigram": bigram,
        "overlap_gap": own - best,  # 0 for the best-matching sentence of the question
        "is_best_overlap": float(own >= best > 0),
        "before": before,
        "after": after,
        "neighbour_gap": max(before, after) - best,
        "passage_score": score,
        "passage_rank_inv": 1.0 / rank,
        "first_in_passage": float(first),
        "log_len": math.log1p(len(sentence)),
        **cue_features(question, sentence),
    }


@lru_cache(maxsize=64)
def focus_bigrams(question: Question) -> tuple[str, ...]:
    """The content bigrams around the wh-word, what it is about: 所长 of 京广路司法所的所长是谁 (computed
    once per question, read for every candidate sentence and by the confidence model)."""
    return tuple(t for t in content_tokens(question.left[-4:] + " " + question.right[:4]) if len(t) == 2)


def common_run(question: str, text: str) -> int:
    """Length of the longest run of characters the question and the text share (binary search on length)."""
    lo, hi = 0, min(len(question), len(text))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if any(question[i : i + mid] in text for i in range(len(question) - mid + 1)):
            lo = mid
        else:
            hi = mid - 1
    return lo


_NUMERAL = r"(?:\d+(?:[.,]\d+)*|[零〇一二三四五六七八九十百千万亿两]+)(?:多|余)?[万亿]?"


def has_measure(question: Question, norm_text: str) -> bool:
    """Does the text count in the unit asked for (多少名代表 → 190名)?"""
    return bool(question.measure) and re.search(_NUMERAL + re.escape(question.measure), norm_text) is not None


def alignment_features(question: Question, norm_sentence: str, anchor: float) -> dict[str, float]:
    """How closely the sentence repeats the question's wording: the longest shared run, the wh-anchors,
    and whether it counts in the unit the question asks for."""
    core = question.left + question.right if question.chinese else ""
    run = common_run(core, norm_sentence) if core else 0
    near = [w for w in (question.left[-2:], question.right[:2]) if len(w) == 2]
    wh_near = sum(w in norm_sentence for w in near) / len(near) if near else 0.0
    wide = focus_bigrams(question)
    wh_wide = sum(t in norm_sentence for t in wide) / len(wide) if wide else 0.0
    return {"common_run": run / max(len(core), 1), "common_run_log": math.log1p(run), "anchor": anchor,
            f"{question.kind}×anchor": anchor, "measure_match": float(has_measure(question, norm_sentence)),
            "wh_near": wh_near, f"{question.kind}×wh_near": wh_near, "wh_wide": wh_wide}
