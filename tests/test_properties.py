"""Property-based tests: chunk spans, citations, normalisation and fingerprints hold for generated input."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.chunking import chunk_article, chunk_spans
from qa.errors import BadQuestionError
from qa.index import Index
from qa.index import _fingerprint as corpus_fingerprint
from qa.ingest import load_articles
from qa.normalize import normalize
from qa.types import Article

# Chinese news-like text: CJK, digits, Latin words, full-width forms, every sentence and clause mark, and
# line breaks and spaces in odd places.
_PIECES = st.sampled_from(
    ["二七区", "三甲医院", "郑州", "9家", "723", "AI", "GDP", "。", "，", "、", "：", "；", "！", "？", "…", "...",
     ". ", "”", "“", "（", "）", "\n", "\n\n", " ", "\u3000", "ＡＢＣ", "２０２４年", "醫院", "𠮷", "\t"]
)
TEXT = st.one_of(
    st.lists(_PIECES, min_size=1, max_size=120).map("".join),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400),
)
LONG_TEXT = st.lists(_PIECES, min_size=50, max_size=400).map("".join)
# Building an index costs ~0.5 s (mostly the English bridge), so index-level properties get few examples.
FEW = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXT, LONG_TEXT), st.integers(min_value=5, max_value=300))
def test_chunk_spans_partition_the_text(text, max_chars):
    spans = chunk_spans(text, max_chars)
    assert spans[0].start == 0 and spans[-1].end == len(text)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end == b.start  # consecutive and gap-free: every character in exactly one span
    assert all(0 < s.end - s.start <= max_chars for s in spans)


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXT, LONG_TEXT))
def test_every_chunk_maps_back_and_every_non_space_character_is_in_one(text):
    chunks = chunk_article(Article("a", "t", text), first_id=7)
    covered = [0] * len(text)
    for n, c in enumerate(chunks):
        assert c.id == 7 + n and c.text == text[c.start : c.end] and c.text.strip()
        for i in range(c.start, c.end):
            covered[i] += 1
    assert all(count == 1 or text[i].isspace() and count == 0 for i, count in enumerate(covered))


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, st.text(min_size=0, max_size=50)))
def test_normalisation_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


_ARTICLE = st.fixed_dictionaries({"title": st.sampled_from(["", "二七区新闻", "醫院"]), "text": LONG_TEXT})
_CORPUS = st.lists(_ARTICLE, min_size=1, max_size=4)
_QUESTION = st.one_of(st.sampled_from(["二七区有几家三甲医院？", "郑州GDP是多少？", "醫院在哪裡？", "AI"]), TEXT)


def _write(folder: Path, corpus: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{"id": f"g{n}", **a} for n, a in enumerate(corpus)]
    (folder / "gen.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return folder


@FEW
@given(_CORPUS, st.lists(_QUESTION, min_size=1, max_size=3))
def test_every_citation_quotes_the_article_text_at_its_span(corpus, questions):
    with tempfile.TemporaryDirectory() as tmp:
        index = Index.build([_write(Path(tmp), corpus)], folder=None, model="fake")
        for chunk in index.chunks:
            assert index.article(chunk.article_id).text[chunk.start : chunk.end] == chunk.text
        for question in questions:
            try:
                answer = index.ask(question)
            except BadQuestionError:  # empty once control characters are dropped: refused, tested elsewhere
                continue
            assert 0.0 <= answer.confidence <= 1.0
            assert answer.answered or not answer.citations
            for c in answer.citations:
                assert index.article(c.article_id).text[c.start : c.end] == c.quote


@settings(max_examples=25, deadline=None)
@given(_CORPUS)
def test_ingesting_the_same_corpus_twice_gives_the_same_fingerprint(corpus):
    with tempfile.TemporaryDirectory() as tmp:
        first = load_articles(_write(Path(tmp) / "a", corpus)).articles
        again = load_articles(_write(Path(tmp) / "a", corpus)).articles
        assert first == again and corpus_fingerprint(first) == corpus_fingerprint(again)


def test_the_manifest_records_that_fingerprint(tmp_path):
    folder = _write(tmp_path / "a", [{"title": "二七区新闻", "text": "二七区已有9家三甲医院。"}])
    index = Index.build([folder], folder=None, model="fake")
    assert index.manifest["corpus_fingerprint"] == corpus_fingerprint(load_articles(folder).articles)


@given(LONG_TEXT, st.integers(min_value=20, max_value=300))
def test_quoted_sentences_are_trimmed_article_text_touching_their_chunk(text, max_chars):
    """Every candidate quote of every chunk: inside the article, trimmed, overlapping the chunk, in order."""
    from qa.answer import passage_sentences

    for span in chunk_spans(text, max_chars):
        found = passage_sentences(text, span.start, span.end)
        for s in found:
            piece = text[s.start : s.end]
            assert 0 <= s.start < s.end <= len(text) and piece == piece.strip()
            assert s.start < span.end and s.end > span.start
        assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
        assert found or not text[span.start : span.end].strip(), "a chunk with text yields a sentence"
