"""The bridge's other direction: a Chinese question → the English words of the archive's English articles.

A Chinese question over an English article (海城上半年PM2.5平均浓度是多少？ over a wire story on Haicheng) shares
no word with it: the dense side finds the passage, but BM25 and the answer step see nothing in common. This
maps the question's words to the English those articles use, from two sources, both restricted to the
vocabulary of the archive's English passages (an archive without English articles gets an empty map):

- CC-CEDICT glosses and the news glossary, Chinese headword → English phrase (上半年 → first half,
  浓度 → concentration, 三甲医院 → grade a tertiary hospital);
- readings, for names the dictionary lacks: a word of the English text that is toneless pinyin and no
  English word (Haicheng, Qinghe, Haifeng) is found from the readings of the question's characters (海城,
  青禾, 海峰), and surnames by their own entries (王 → Wang).

Built with the bridge from the CEDICT entries it already parsed; querying is table look-ups.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from qa.features import QUESTION_CHARS
from qa.normalize import normalize
from qa.question import Question

# Recorded in an index's manifest: an index whose reverse map was made otherwise gets a new bridge from the
# next `qa index` (its vectors reused). v1: the words of English articles (not English chunks of Chinese ones).
FORMAT = "qa-reverse-v1"
MAX_KEY = 6  # longest headword looked up, in characters
_TERMS_PER_KEY = 4
_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[a-z0-9]+(?:\.\d+)?")  # as the lexical side reads it: pm2.5 is one word
# The English wh-phrase a Chinese question's kind (and implied amount) is asked with.
_WH = {"date": "when", "person": "who", "place": "where", "list": "which", "reason": "why", "how": "how",
       "yesno": "is"}
_NOUN_TAGS = frozenset({"n", "ns", "nr", "nt", "nz"})
_AMOUNT = {"percent": "what percentage", "money": "how much money", "age": "how old"}


class ReverseBridge:
    """Chinese → the archive's English words; empty (and false) for an archive without English passages.

    >>> bridge = ReverseBridge.build(entries, {}, english_words("Haicheng, first half"), set())  # doctest: +SKIP
    >>> bridge.translate("海城上半年")  # doctest: +SKIP
    [('haicheng', 0.8), ('first half', 1.0)]
    """

    def __init__(self, terms: dict[str, str], readings: dict[str, str], names: Iterable[str]) -> None:
        self.terms = terms  # 上半年 → "first_half 1 …", best first
        self.readings = readings  # syllable → the characters read so (only the syllables of names)
        self.names = frozenset(names)  # the pinyin words of the English text: haicheng
        self._syllables: dict[str, list[str]] = defaultdict(list)  # character → its readings among those
        for syllable, chars in readings.items():
            for ch in chars:
                self._syllables[ch].append(syllable)

    def __bool__(self) -> bool:
        return bool(self.terms or self.names)

    # ---- building ----
    @classmethod
    def build(cls, entries: list[tuple[str, str, list[str]]], glossary: dict[str, tuple[str, ...]],
              words: Iterable[tuple[str, bool]], known: set[str]) -> ReverseBridge:
        """The maps over the English passages' words (``words``: lower case, and whether written with a
        capital); ``known`` are English dictionary words, which no name is taken for (long, made, china)."""
        from qa.crosslingual import (
            _STOP,
            english_stem,
            english_words,
            gloss_keys,
            lemma_candidates,
            segmentations,
            toneless,
        )

        english: Counter[str] = Counter()
        capitalised: set[str] = set()
        for word, capital in words:
            english[word] += 1
            if capital:
                capitalised.add(word)
        if not english:
            return cls({}, {}, ())
        # A gloss's word is taken in the form the English text uses most (export → exports), so BM25 matches it.
        stem = lru_cache(maxsize=None)(english_stem)  # glosses repeat their words across 120k entries
        written: dict[str, str] = {}
        for word, _ in english.most_common():
            written.setdefault(stem(word), word)
        found: dict[str, dict[str, float]] = defaultdict(dict)

        def add(headword: str, words: list[str], score: float, proper: bool = False) -> None:
            forms = [written.get(stem(w)) for w in words]
            if len(words) > 1 and not all(forms) and forms[-1] and words[-1] not in _STOP and not proper:
                # rail station: a station; but a name's gloss is no class (Haicheng … city: not "city")
                words, forms, score = words[-1:], forms[-1:], score * 0.6
            if words and all(forms) and not all(w in _STOP for w in words):
                phrase = "_".join(forms)
                found[headword][phrase] = max(score, found[headword].get(phrase, 0.0))

        for simp, py, glosses in entries:
            proper = py[:1].isupper()
            for position, gloss in enumerate(glosses):
                for words, quality in gloss_keys(gloss, proper):
                    add(simp, words, quality / (1 + 0.1 * position), proper)
            reading = toneless(py) if proper else None
            if reading and reading not in known:  # a surname or a place the English text spells (Wang, Haicheng)
                add(simp, [reading], 0.8)
        for phrase, headwords in glossary.items():
            for headword in headwords:
                add(headword, [w for w, _ in english_words(phrase)], 1.0)
        terms = {
            key: " ".join(f"{p} {s:.3g}" for p, s in sorted(ranked.items(), key=lambda ps: -ps[1])[:_TERMS_PER_KEY])
            for key, ranked in found.items()
        }
        names = sorted(w for w in capitalised if len(w) >= 4 and w.isalpha() and w not in _STOP
                       and not known.intersection(lemma_candidates(w)) and any(len(s) >= 2 for s in segmentations(w)))
        wanted = {s for w in names for split in segmentations(w) for s in split}
        readings: dict[str, set[str]] = defaultdict(set)
        for simp, py, _ in entries:
            reading = toneless(py) if len(simp) == 1 else None
            if reading in wanted:
                readings[reading].add(simp)
        return cls(terms, {s: "".join(sorted(chars)) for s, chars in sorted(readings.items())}, names)

    def to_json(self) -> dict:
        return {"terms": self.terms, "readings": self.readings, "names": sorted(self.names)}

    @classmethod
    def from_json(cls, data: dict | None) -> ReverseBridge:
        """From ``to_json``'s dict; an index built before the reverse direction existed has none: empty."""
        if not data:
            return cls({}, {}, ())
        return cls(dict(data["terms"]), dict(data["readings"]), data["names"])

    # ---- querying ----
    def translate(self, text: str) -> list[tuple[str, float]]:
        """English phrases for the Chinese text's words, in the text's order, with a weight; the Latin words
        the text already holds (PM2.5, GDP) come through as they are.

        The segmenter gives the words (一共/要设/多少/座/车站, not 座车 and 站); a word the map lacks is looked
        up by its longest known pieces. A character alone counts half, and only as a noun: 站 is a station,
        要 is no demand.
        """
        return list(self._analyse(text)[0])  # a copy: the analysis is cached

    def unmapped(self, text: str) -> list[str]:
        """The text's nouns that found no English word, whole or piece by piece (博物馆 over articles that never
        name a museum; 绿河 is found as green river)."""
        return list(self._analyse(text)[1])

    def reads(self, text: str) -> bool:
        """Can the text be asked in the English articles' words: some word maps, and at least half its nouns?
        A question about a museum over articles about a library is not (博物馆有多少件藏品: 馆 is a building,
        but 博 and 物 are nothing there)."""
        terms, unmapped, nouns = self._analyse(text)
        return bool(terms) and 2 * len(unmapped) <= nouns

    @lru_cache(maxsize=64)  # noqa: B019 - a bridge lives as long as its index; the cache is small
    def _analyse(self, text: str) -> tuple[list[tuple[str, float]], list[str], int]:
        from qa.crosslingual import _STOP
        from qa.words import words

        norm = normalize(text)
        out: dict[str, float] = {}
        unmapped: list[str] = []
        nouns = 0
        for word in _LATIN.findall(_CJK_RUN.sub(" ", norm)):
            if word not in _STOP:
                out.setdefault(word, 1.0)

        def emit(found: list[tuple[str, float]], scale: float = 1.0) -> bool:
            for phrase, w in found:
                out[phrase] = max(out.get(phrase, 0.0), w * scale)
            return bool(found)

        for w in words(norm):
            piece = norm[w.start : w.end]
            if not _CJK_RUN.fullmatch(piece) or not set(piece) - QUESTION_CHARS:
                continue
            noun = w.coarse in _NOUN_TAGS
            nouns += noun
            if len(piece) == 1:
                if noun and not emit(self._lookup(piece), 0.5):
                    unmapped.append(piece)
                continue
            if emit(self._lookup(piece) or self._read(piece)) or not noun:
                continue
            i, mapped = 0, True
            while i < len(piece):  # a noun the map lacks: its longest known pieces, mapped if they all are
                n = next((n for n in range(min(MAX_KEY, len(piece) - i), 1, -1)
                          if self._lookup(piece[i : i + n]) or self._read(piece[i : i + n])), 1)
                part = piece[i : i + n]
                mapped = emit(self._lookup(part) or self._read(part), 1.0 if n > 1 else 0.5) and mapped
                i += n
            if not mapped:
                unmapped.append(piece)
        return list(out.items()), unmapped, nouns

    def expand(self, text: str) -> str:
        """The English words for BM25 beside the Chinese question; "" when nothing maps."""
        return " ".join(phrase for phrase, _ in self.translate(text))

    def english_question(self, question: Question) -> str:
        """The Chinese question asked in the archive's English words, for the English-over-English answer
        step: its kind's wh-phrase, what it asks about (right of the wh-word), then the rest: 二七区有几家三甲医院
        → "how many grade a tertiary hospital erqi district"."""
        if question.kind == "number":
            wh = _AMOUNT.get(question.quantity, "how many")  # 浓度是多少 too: the one plain number of the sentence
        else:
            wh = _WH.get(question.kind, "what")
        parts = [self.expand(question.right), self.expand(question.left)] if question.left or question.right \
            else [self.expand(question.text)]
        return " ".join([wh, *(p for p in parts if p)]) + "?"

    def _lookup(self, key: str) -> list[tuple[str, float]]:
        parts = self.terms.get(key, "").split()
        return [(p.replace("_", " "), float(s)) for p, s in zip(parts[::2], parts[1::2], strict=True)]

    def _read(self, chars: str) -> list[tuple[str, float]]:
        """The English text's pinyin name that the characters read as (青禾 → qinghe), if any."""
        options = [self._syllables.get(ch) for ch in chars]
        if not all(options):
            return []
        for combo in itertools.islice(itertools.product(*options), 64):
            if "".join(combo) in self.names:
                return [("".join(combo), 0.8)]
        return []
