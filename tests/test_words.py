"""Words from the segmenter: offsets that cover the text, parts of speech, and boundary features."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qa.span import SpanCandidate, word_features
from qa.words import NAME_TAGS, words


def test_words_have_offsets_and_tags():
    text = "部份香港政府机关在九龙湾设置总部"
    ws = words(text)
    assert "".join(text[w.start : w.end] for w in ws) == text
    by_text = {text[w.start : w.end]: w for w in ws}
    assert by_text["在"].tag == "p"
    assert by_text["九龙湾"].tag in NAME_TAGS and by_text["九龙湾"].coarse == "ns"


@given(st.text(max_size=40))
def test_words_cover_any_text_end_to_end(text):
    ws = words(text)
    assert ws or text == ""
    if ws:
        assert ws[0].start == 0 and ws[-1].end == len(text)
        assert all(a.end == b.start for a, b in zip(ws, ws[1:], strict=False))


def test_a_span_cut_inside_a_word_is_marked():
    text = "花垣县是湘西土家族苗族自治州下辖的一个县"
    ws = words(text)
    by_start, by_end = {w.start: w for w in ws}, {w.end: w for w in ws}
    whole = SpanCandidate(4, text.index("下辖"), "words")
    cut = SpanCandidate(4, whole.end - 1, "run")
    assert whole.end in by_end and cut.end not in by_end
    features = word_features(whole, "which", by_start, by_end)
    assert features["word_start"] == features["word_end"] == 1.0
    assert features[f"which×last_word:{by_end[whole.end].coarse}"] == 1.0
    cut_features = word_features(cut, "which", by_start, by_end)
    assert cut_features["word_end"] == 0.0
    assert not any(k.startswith("which×last_word:") for k in cut_features)


def test_word_cues_name_the_kinds_of_word_new_to_the_question():
    from qa.features import word_cues
    from qa.question import analyse

    question = analyse("谁在九龙湾设置总部？")
    cues = word_cues(question, "香港政府在九龙湾设置总部，由李四负责。")
    assert cues.get("person×word:person") == 1.0  # 李四, a name the question lacks
    assert "person×word:place" not in cues  # 九龙湾 is in the question: no news
    assert word_cues(question, "总部设在那里。") == {}
