"""Words of a sentence, from a maintained segmenter (jieba-rs through ``rjieba``): where words begin and
end, and their part of speech.

The short answer uses them twice: word n-grams are span candidates (斯塔福德郡 of 在斯塔福德郡小海伍德村,
which no punctuation or question word delimits), and "does the span begin and end on a word boundary, and
what are its first and last words" are features of every candidate. The sentence ranker reads which kinds
of word (a name, a place, a time…) a sentence holds. rjieba loads its dictionary in ~0.1 s on first use,
so it is imported there, not when ``qa`` is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Parts of speech (jieba's tag set) that never open or close an answer: prepositions, conjunctions,
# particles, interjections, modal particles, and punctuation or symbols (x).
FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "uv", "ud", "ug", "e", "y", "o", "x"})
# Proper names: people, places, organisations, other proper nouns.
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    tag: str

    @property
    def coarse(self) -> str:
        """The tag at the grain features use: nouns keep their kind (nr, ns, nt, nz), others their letter."""
        if self.tag in NAME_TAGS:
            return self.tag[:2]
        return "eng" if self.tag == "eng" else self.tag[:1]


@lru_cache(maxsize=512)
def words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` with character offsets, covering it end to end.

    Segment the normalised (Simplified, lower-case) view: the dictionary is Simplified Chinese.

    >>> [(w.start, w.end, w.tag) for w in words("在九龙湾设置总部")][:2]
    [(0, 1, 'p'), (1, 4, 'ns')]
    """
    import rjieba

    out = []
    at = 0
    for piece, tag in rjieba.tag(text):
        out.append(Word(at, at + len(piece), tag))
        at += len(piece)
    if at != len(text):  # the segmenter dropped or changed characters: no word information rather than wrong
        return ()
    return tuple(out)

