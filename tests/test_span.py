"""Short answers: hand-made sentences of each kind, and the verbatim guarantee of the span."""

from __future__ import annotations

import pytest

from qa.question import analyse, question_kind
from qa.span import aligned_norm, covered, short_answer, span_candidates


def answer(question: str, sentence: str) -> str | None:
    span = short_answer(analyse(question), sentence)
    return None if span is None else sentence[span.start : span.end]


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("二七区有几家三甲医院？", "二七区拥有优质的医疗资源，已有9家三甲医院、723家医疗机构。", "9家"),  # number
        ("会议于何时举行？", "会议于2024年1月10日在北京举行。", "2024年1月10日"),  # date
        ("二七区宣传工作会议在哪一天举行？", "1月10日，二七区宣传思想文化工作会议在区行政中心举行。", "1月10日"),
        ("谁宣布解散政府？", "2009年3月17日，马克·拉瓦卢马纳纳宣布解散政府。", "马克·拉瓦卢马纳纳"),  # name
        ("该公司去年营收多少？", "该公司去年营收达到3.5亿元，同比增长12%。", "3.5亿"),
    ],
)
def test_short_answer_of_each_kind(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_traditional_question_over_simplified_sentence_keeps_the_article_script():
    assert answer("二七區目前有幾間三甲醫院？", "二七区已有9家三甲医院、723家医疗机构。") == "9家"


def test_list_items_are_a_candidate():
    question = analyse("郑州市有哪些签约企业？")
    sentence = "签约企业包括甲公司、乙公司和丙公司。"
    norm = aligned_norm(sentence)
    texts = {sentence[c.start : c.end] for c in span_candidates(sentence, norm, question, covered(norm, question))}
    assert "甲公司、乙公司和丙公司" in texts
    found = answer("郑州市有哪些签约企业？", sentence)
    assert found is None or found in sentence


@pytest.mark.parametrize(
    ("question", "kind"),
    [("二七区有几家三甲医院？", "number"), ("会议何时举行？", "date"), ("谁是区长？", "person"),
     ("公司有哪些产品？", "list"), ("为什么要改革？", "reason"), ("Who chaired the meeting?", "person"),
     ("How many hospitals are there?", "number"), ("When was it held?", "date")],
)
def test_question_kind(question, kind):
    assert question_kind(analyse(question).norm) == kind


def test_span_is_verbatim_and_never_the_whole_sentence():
    for question, sentence in [("这部小说的作者是谁？", "这部小说的作者是著名作家鲁迅。"),
                               ("为什么要改革？", "因为旧制度已经无法适应新的形势。")]:
        span = short_answer(analyse(question), sentence)
        if span is not None:
            assert 0 <= span.start < span.end <= len(sentence)
            assert sentence[span.start : span.end].strip() == sentence[span.start : span.end]
            assert (span.start, span.end) != (0, len(sentence.rstrip("。")))


def test_width_and_script_folding_keeps_offsets():
    sentence = "二七區有９家醫院。"
    assert len(aligned_norm(sentence)) == len(sentence)


def test_head_phrase_is_a_candidate():
    """哪一个频道 asks for a phrase ending in 频道: the whole name is a candidate, not just a fragment."""
    question = analyse("中央电视台高清影视频道自2008年起转型为哪一个频道？")
    sentence = "该频道于2008年起转型为中央电视台高清综合频道。"
    norm = aligned_norm(sentence)
    cands = span_candidates(sentence, norm, question, covered(norm, question))
    assert "中央电视台高清综合频道" in {sentence[c.start : c.end] for c in cands}


@pytest.mark.parametrize(
    ("question", "measure"),
    [("二七区有几家三甲医院？", "家"), ("工会代表大会有多少名代表参加？", "名"), ("二七區有幾間三甲醫院？", "间"),
     ("会议何时举行？", ""), ("How many hospitals are there?", "")],
)
def test_measure_word_of_a_count(question, measure):
    assert analyse(question).measure == measure


def test_measure_match_needs_a_numeral_before_the_unit():
    from qa.features import has_measure

    question = analyse("工会代表大会有多少名代表参加？")
    assert has_measure(question, "来自全区的190名代表参加会议。")
    assert has_measure(question, "共有三百余名代表。")
    assert not has_measure(question, "大会选举产生了新一届委员会，名单另发。")
