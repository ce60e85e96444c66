from __future__ import annotations

import pytest

from qa.fusion import best_of, linear_fusion, minmax, ranked, reciprocal_rank_fusion


def test_minmax_scales_to_unit_interval():
    assert minmax({1: 2.0, 2: 4.0, 3: 3.0}) == {1: 0.0, 2: 1.0, 3: 0.5}
    assert minmax({5: 3.0}) == {5: 1.0}


def test_linear_fusion_weights_each_side():
    fused = linear_fusion({1: 10.0, 2: 0.0}, {2: 0.9, 3: 0.1}, dense_weight=0.25)
    assert fused[1] == pytest.approx(0.75)
    assert fused[2] == pytest.approx(0.25)
    assert fused[3] == pytest.approx(0.0)


def test_linear_fusion_with_one_empty_side_keeps_the_other():
    assert linear_fusion({}, {4: 0.8, 5: 0.6}) == {4: 1.0, 5: 0.0}


def test_best_of_puts_each_run_on_its_own_scale():
    chinese, english = {1: 30.0, 2: 10.0, 3: 20.0}, {3: 1.0, 4: 7.0}  # BM25 sums differ in scale by language
    assert best_of(chinese, english) == {1: 1.0, 2: 0.0, 3: 0.5, 4: 1.0}
    assert best_of(chinese, {}) == minmax(chinese)


def test_rrf_matches_hand_computation():
    fused = reciprocal_rank_fusion([{1: 3.0, 2: 2.0}, {2: 0.9, 1: 0.1}], k=60)
    assert fused[1] == pytest.approx(1 / 61 + 1 / 62)
    assert fused[2] == pytest.approx(1 / 62 + 1 / 61)


def test_ranked_breaks_ties_by_row():
    assert ranked({3: 1.0, 1: 1.0, 2: 2.0}) == [(2, 2.0), (1, 1.0), (3, 1.0)]
