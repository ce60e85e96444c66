"""Normalisation and chunking: the views used for matching, and spans that map back exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qa.chunking import chunk_article, chunk_spans, sentence_spans
from qa.normalize import cjk_share, lexical_tokens, normalize
from qa.types import Article

cjk_text = st.text(
    alphabet=st.sampled_from(list("二七区有家三甲医院工会代表大会。，！？；、“”\n 9aB.")), max_size=800
)


def test_normalize_folds_width_case_and_script():
    assert normalize("二七區ＧＤＰ") == "二七区gdp"
    assert normalize("「專精特新」『小巨人』") == "“专精特新”‘小巨人’"  # Taiwan's corner brackets quote like “”
    assert lexical_tokens("二七區") == lexical_tokens("二七区")


def test_lexical_tokens_are_unigrams_and_bigrams_within_runs():
    assert lexical_tokens("有9家，医院") == ["有", "9", "家", "有9", "9家", "医", "院", "医院"]


def test_decimal_numbers_stay_whole():
    assert "97.5" in lexical_tokens("成功率97.5%。")


def test_cjk_share():
    assert cjk_share("How many hospitals?") == 0.0
    assert cjk_share("二七区") == 1.0


@given(st.text(max_size=200))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(cjk_text)
def test_sentences_partition_the_text(text):
    spans = sentence_spans(text)
    assert "".join(text[s.start : s.end] for s in spans) == text
    assert all(s.end > s.start for s in spans)


@given(cjk_text, st.integers(min_value=5, max_value=300))
def test_chunks_partition_the_text_within_the_limit(text, max_chars):
    spans = chunk_spans(text, max_chars)
    assert "".join(text[s.start : s.end] for s in spans) == text
    assert all(0 < s.end - s.start <= max_chars for s in spans)


@given(cjk_text)
def test_chunk_text_is_the_article_text_at_its_span(text):
    article = Article("a", "t", text)
    for chunk in chunk_article(article, first_id=7):
        assert article.text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.strip()


def test_chunks_end_on_sentence_boundaries_when_possible():
    text = "第一句话很长很长。" * 20 + "结尾。"
    for s in chunk_spans(text, 40):
        assert text[s.start : s.end].endswith("。")


def test_full_sentences_end_only_at_full_stops_and_keep_abbreviated_names():
    text = "南加大现任校长是C.L. Max Nikias；他于2010年上任。Dr. Rufus B. von Kleinsmid came. Next"
    full = [text[s.start : s.end].strip() for s in sentence_spans(text, full=True)]
    assert full == ["南加大现任校长是C.L. Max Nikias；他于2010年上任。", "Dr. Rufus B. von Kleinsmid came.", "Next"]
    assert len(sentence_spans(text)) > len(full)  # chunking still breaks at the semicolon


def test_a_dateline_month_and_a_list_of_numbers_do_not_end_a_sentence():
    text = ("CHENGWAN, Sept. 2, 2025 — The bridge opened. Routes Nos. 18 and 26 use it from Oct. 1. "
            "He left in Aug. The end.")
    full = [text[s.start : s.end].strip() for s in sentence_spans(text, full=True)]
    assert full == ["CHENGWAN, Sept. 2, 2025 — The bridge opened.", "Routes Nos. 18 and 26 use it from Oct. 1.",
                    "He left in Aug.", "The end."]


@given(cjk_text)
def test_full_sentences_partition_the_text(text):
    spans = sentence_spans(text, full=True)
    assert "".join(text[s.start : s.end] for s in spans) == text


def test_content_tokens_keep_no_bigram_with_a_stop_word():
    from qa.features import content_tokens

    assert content_tokens("How much did the library cost?") == ["library", "cost", "librarycost"]
    assert "三甲" in content_tokens("二七区有几家三甲医院？")
