"""Tests for qa.metrics. Expected values are worked out by hand in the comments, following the rules of
the official CMRC 2018 evaluation script (cmrc2018_evaluate.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.metrics import bootstrap_ci, em, f1, mrr_at, normalize_answer_segments, percentile, recall_at

# --- segmentation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        # every CJK char is one segment; the digit run "9" is flushed by 家
        ("9家三甲医院", ["9", "家", "三", "甲", "医", "院"]),
        # lower-cased; the space ends nothing but vanishes in the word split
        ("MAH 制度", ["mah", "制", "度"]),
        # ASCII "," and "!" are not in the list: kept, and split off as words (as nltk does)
        ("Hello, World! 2018年", ["hello", ",", "world", "!", "2018", "年"]),
        # "," before a digit and "." inside a number stay in the word; "%" is its own token
        ("1,000万", ["1,000", "万"]),
        ("3.5%", ["3.5", "%"]),
        # "/" is removed *without* ending the run: km/h -> kmh
        ("100km/h", ["100kmh"]),
        # listed punctuation, full-width and ASCII, disappears: 《》“”：－～
        ("《红楼梦》", ["红", "楼", "梦"]),
        ("“a：b－c～d”", ["abcd"]),
        # "……" is one list item but chars are tested one at a time, so … is kept (attached, like nltk)
        ("红楼梦……", ["红", "楼", "梦", "……"]),
        # CJK is exactly U+4E00..U+9FA5: U+9FA6 joins a run like a Latin letter
        ("\u9fa6\u9fa6", ["\u9fa6\u9fa6"]),
        ("don't", ["do", "n't"]),
        ("", []),
        ("《》、", []),
    ],
)
def test_segments(text: str, segments: list[str]) -> None:
    assert normalize_answer_segments(text) == segments


# --- EM -----------------------------------------------------------------------------------------------


def test_em_punctuation_difference() -> None:
    # "《红楼梦》" -> remove 《 》 -> "红楼梦" == "红楼梦"
    assert em("《红楼梦》", ["红楼梦"]) == 1.0
    assert f1("《红楼梦》", ["红楼梦"]) == 1.0


def test_em_is_case_insensitive_but_keeps_inner_spaces() -> None:
    # "MAH制度".lower() == "mah制度"
    assert em("MAH制度", ["mah制度"]) == 1.0
    # "mah 制度" != "mah制度": EM keeps inner whitespace...
    assert em("MAH 制度", ["MAH制度"]) == 0.0
    # ...but both segment to ["mah", "制", "度"], so F1 is 1
    assert f1("MAH 制度", ["MAH制度"]) == 1.0


def test_em_strips_before_removing_punctuation() -> None:
    # strip("《 红楼梦 》") changes nothing, removal leaves " 红楼梦 " != "红楼梦"; segments are equal
    assert em("《 红楼梦 》", ["红楼梦"]) == 0.0
    assert f1("《 红楼梦 》", ["红楼梦"]) == 1.0
    # outer whitespace is stripped first
    assert em("  红楼梦\n", ["红楼梦"]) == 1.0


def test_full_width_vs_ascii_punctuation() -> None:
    # both ":" and "：" are listed: "9:30" -> "930", "9：30" -> "930"
    assert em("9:30", ["9：30"]) == 1.0
    # "-" and "－" (U+FF0D), "~" and "～" are all listed
    assert em("1-2", ["1－2"]) == 1.0
    assert em("1~2", ["1～2"]) == 1.0
    # “” are listed, ASCII " is not: '"红楼梦"' stays as is
    assert em("“红楼梦”", ["红楼梦"]) == 1.0
    assert em('"红楼梦"', ["红楼梦"]) == 0.0
    # ’ is listed but ‘ is not: "‘红楼梦’" -> "‘红楼梦"
    assert em("‘红楼梦’", ["红楼梦"]) == 0.0
    # … is never removed (see test_segments)
    assert em("红楼梦……", ["红楼梦"]) == 0.0
    # （） are listed, ASCII () are not. pred "(一)" -> segs ["(", "一", ")"] (3), gold "（一）" -> ["一"] (1)
    # LCS 1, P = 1/3, R = 1, F1 = 2*(1/3)/(4/3) = 0.5
    assert em("(一)", ["（一）"]) == 0.0
    assert f1("(一)", ["（一）"]) == pytest.approx(0.5)


# --- F1 -----------------------------------------------------------------------------------------------


def test_f1_partial_overlap() -> None:
    # pred ["9","家","三","甲","医","院"] (6), gold ["9","家"] (2), LCS = 2
    # P = 2/6 = 1/3, R = 2/2 = 1, F1 = 2*(1/3)*1 / (4/3) = 0.5
    assert em("9家三甲医院", ["9家"]) == 0.0
    assert f1("9家三甲医院", ["9家"]) == pytest.approx(0.5)


def test_f1_mixed_chinese_english() -> None:
    # pred ["mah","制","度"] (3), gold ["mah"] (1), LCS 1: P = 1/3, R = 1, F1 = 0.5
    assert f1("MAH制度", ["mah"]) == pytest.approx(0.5)
    # pred ["mah"] (1), gold ["mah","制","度"] (3): P = 1, R = 1/3, F1 = 0.5
    assert f1("mah", ["MAH制度"]) == pytest.approx(0.5)
    # "mahjong" is one word, never equal to "mah": F1 0
    assert f1("mahjong", ["MAH"]) == 0.0


def test_f1_numbers_with_units() -> None:
    # pred ["3.5","亿","元"] (3), gold ["3.5","亿"] (2), LCS 2: P = 2/3, R = 1, F1 = (4/3)/(5/3) = 0.8
    assert f1("3.5亿元", ["3.5亿"]) == pytest.approx(0.8)
    # pred ["3","亿"], gold ["3.5","亿"]: only 亿 matches, LCS 1: P = R = 1/2, F1 = 0.5
    assert f1("3亿", ["3.5亿"]) == pytest.approx(0.5)
    # pred ["50","%"] (2), gold ["50"] (1), LCS 1: P = 1/2, R = 1, F1 = 1/(3/2) = 2/3
    assert f1("50%", ["50"]) == pytest.approx(2 / 3)
    # "/" removed without a split: ["100kmh"] vs ["100","kmh"] share no segment -> 0
    assert f1("100km/h", ["100 km/h"]) == 0.0


def test_f1_lcs_is_contiguous() -> None:
    # pred ["甲","乙","丙","丁"] (4), gold ["甲","丙"] (2): longest common *substring* is 1 (not 2)
    # P = 1/4, R = 1/2, F1 = 2*(1/8)/(3/4) = 1/3
    assert f1("甲乙丙丁", ["甲丙"]) == pytest.approx(1 / 3)


def test_several_golds_best_taken() -> None:
    golds = ["上海", "北京", "北京市政府"]
    # vs 上海: LCS 0 -> 0
    # vs 北京: pred 3 segs, gold 2, LCS 2: P = 2/3, R = 1, F1 = 0.8
    # vs 北京市政府: gold 5 segs, LCS 3: P = 1, R = 3/5, F1 = 1.2/1.6 = 0.75  -> best 0.8
    assert f1("北京市", golds) == pytest.approx(0.8)
    assert em("北京市", golds) == 0.0
    assert em("北京", golds) == 1.0
    assert f1("北京", golds) == 1.0


@pytest.mark.parametrize("prediction", [None, "", "   "])
def test_empty_prediction_scores_zero(prediction: str | None) -> None:
    assert em(prediction, ["红楼梦"]) == 0.0
    assert f1(prediction, ["红楼梦"]) == 0.0
    # even against an answer that normalises to nothing
    assert em(prediction, ["《》"]) == 0.0


def test_punctuation_only_prediction() -> None:
    # "《》" has no segments: LCS 0 -> F1 0; "" != "红楼梦" -> EM 0
    assert f1("《》", ["红楼梦"]) == 0.0
    assert em("《》", ["红楼梦"]) == 0.0


def test_no_golds() -> None:
    assert em("红楼梦", []) == 0.0
    assert f1("红楼梦", []) == 0.0


@given(st.text(max_size=20), st.lists(st.text(max_size=20), min_size=1, max_size=3))
@settings(max_examples=200, deadline=None)
def test_scores_in_range_and_em_implies_f1(pred: str, golds: list[str]) -> None:
    e, f = em(pred, golds), f1(pred, golds)
    assert e in (0.0, 1.0)
    assert 0.0 <= f <= 1.0
    if e == 1.0 and normalize_answer_segments(pred):
        assert f == pytest.approx(1.0)


# --- retrieval ----------------------------------------------------------------------------------------

RANKS = [1, 3, None, 2, 10]


@pytest.mark.parametrize(
    ("k", "recall", "mrr"),
    [
        # k=1: only rank 1 hits -> 1/5; RR sum 1 -> 1/5
        (1, 20.0, 20.0),
        # k=3: ranks 1,3,2 -> 3/5; RR sum 1 + 1/3 + 1/2 = 11/6 -> 11/30
        (3, 60.0, 100 * 11 / 30),
        # k=10: ranks 1,3,2,10 -> 4/5; RR sum 11/6 + 1/10 = 58/30 -> 58/150
        (10, 80.0, 100 * 58 / 150),
    ],
)
def test_retrieval_metrics(k: int, recall: float, mrr: float) -> None:
    assert recall_at(RANKS, k) == pytest.approx(recall)
    assert mrr_at(RANKS, k) == pytest.approx(mrr)


def test_retrieval_empty_and_bad_k() -> None:
    assert recall_at([], 5) == 0.0
    assert mrr_at([], 5) == 0.0
    assert recall_at([None, None], 5) == 0.0
    with pytest.raises(ValueError):
        recall_at(RANKS, 0)
    with pytest.raises(ValueError):
        mrr_at(RANKS, 0)


# --- helpers ------------------------------------------------------------------------------------------


def test_percentile_matches_numpy() -> None:
    rng = np.random.default_rng(42)
    for size in (1, 2, 7, 100):
        data = rng.normal(size=size).tolist()
        for q in (0, 5, 25, 50, 90, 99.5, 100):
            assert percentile(data, q) == pytest.approx(float(np.percentile(data, q)))


def test_percentile_hand_values_and_edges() -> None:
    # sorted [1,2,3,4]: position (4-1)*0.5 = 1.5 -> 2 + 0.5*(3-2) = 2.5
    assert percentile([4, 1, 3, 2], 50) == 2.5
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_bootstrap_deterministic_and_contains_mean() -> None:
    rng = np.random.default_rng(7)
    values = rng.normal(loc=0.3, scale=1.0, size=200).tolist()
    lo, hi = bootstrap_ci(values, n=500, seed=1)
    assert (lo, hi) == bootstrap_ci(values, n=500, seed=1)
    assert lo < float(np.mean(values)) < hi
    assert bootstrap_ci(values, n=500, seed=2) != (lo, hi)
    # a wider confidence level gives a wider interval from the same resamples
    lo99, hi99 = bootstrap_ci(values, n=500, alpha=0.01, seed=1)
    assert lo99 <= lo and hi <= hi99


def test_bootstrap_edges() -> None:
    assert all(math.isnan(x) for x in bootstrap_ci([]))
    # constant data: every resample mean is the constant
    assert bootstrap_ci([2.0, 2.0, 2.0]) == (2.0, 2.0)
