"""English questions over English passages: words are matched by their stems.

The lexical index keeps words as written; the answer step compares a question with its candidate
sentences by Snowball stems (and irregular base forms), so "What did the volunteers remove?" finds
"They removed about 8 tonnes". English questions over Chinese passages go through the cross-lingual
bridge instead (``qa/crosslingual.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.crosslingual import english_stem
from qa.features import EN_STOP, idf_weights
from qa.normalize import units

if TYPE_CHECKING:
    from qa.answer import Candidate
    from qa.index import Index


def stem_weights(question: str, found: list[Candidate], index: Index) -> dict[str, float]:
    """English words matched by stem (remove finds removed, take finds took): the question's terms
    become stems (and stem bigrams) weighted by the IDF of their written form, and each sentence's
    tokens gain its own stems."""
    def stems(run: list[str]) -> list[str]:
        return [english_stem(u) if u.isascii() and u.isalpha() else u for u in run]

    for c in found:
        for run in units(c.text):
            s = stems(run)
            c.tokens |= set(s) | {a + b for a, b in zip(s, s[1:], strict=False)}
    keys: dict[str, str] = {}  # written form → stem form
    for run in units(question):
        kept = [(u, k) if u not in EN_STOP else None for u, k in zip(run, stems(run), strict=True)]
        keys |= {p[0]: p[1] for p in kept if p}
        keys |= {a[0] + b[0]: a[1] + b[1] for a, b in zip(kept, kept[1:], strict=False) if a and b}
    idf = idf_weights(index.lexical.token_document_frequency(list(keys)), len(index.chunks))
    out: dict[str, float] = {}
    for written, w in idf.items():
        out[keys[written]] = max(w, out.get(keys[written], 0.0))
    return out
