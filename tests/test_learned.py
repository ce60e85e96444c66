"""The learned models' evaluators: the flattened tree forest against a plain recursive walk."""

from __future__ import annotations

import random

import numpy as np
import pytest

from qa import learned
from qa.learned import Forest


def random_forest(rng: random.Random, names: list[str], trees: int) -> tuple[dict, list[dict]]:
    """A forest spec in the shipped layout, plus the same trees as nested dicts for the oracle."""
    spec = {"features": names, "feature": [], "threshold": [], "left": [], "right": [], "value": [],
            "roots": [], "depth": 0}

    def grow(level: int) -> tuple[int, dict]:
        me = len(spec["feature"])
        for key, v in (("feature", 0), ("threshold", 0.0), ("left", me), ("right", me), ("value", 0.0)):
            spec[key].append(v)
        if level >= 4 or rng.random() < 0.25:
            spec["value"][me] = rng.uniform(-1, 1)
            spec["depth"] = max(spec["depth"], level)
            return me, {"leaf": spec["value"][me]}
        f, t = rng.randrange(len(names)), rng.choice([0.0, 0.5, rng.uniform(-1, 1)])
        left, lnode = grow(level + 1)
        right, rnode = grow(level + 1)
        spec["feature"][me], spec["threshold"][me], spec["left"][me], spec["right"][me] = f, t, left, right
        return me, {"feature": names[f], "threshold": t, "left": lnode, "right": rnode}

    nested = []
    for _ in range(trees):
        root, tree = grow(0)
        spec["roots"].append(root)
        nested.append(tree)
    return spec, nested


def walk(tree: dict, row: dict[str, float]) -> float:
    while "leaf" not in tree:
        tree = tree["left"] if row.get(tree["feature"], 0.0) <= tree["threshold"] else tree["right"]
    return tree["leaf"]


@pytest.mark.parametrize("seed", range(5))
def test_forest_scores_like_a_recursive_walk(seed):
    rng = random.Random(seed)
    names = [f"f{i}" for i in range(6)]
    spec, nested = random_forest(rng, names, trees=20)
    # Rows lack some features (read as 0), carry unknown ones (ignored) and sit on thresholds.
    rows = [{n: rng.choice([0.0, 0.5, rng.uniform(-1.5, 1.5)]) for n in names if rng.random() < 0.7}
            | {"unknown": 9.0} for _ in range(50)]
    expected = [sum(walk(t, r) for t in nested) for r in rows]
    np.testing.assert_allclose(Forest(spec).predict(rows), expected, rtol=0, atol=1e-12)


def test_walking_each_tree_only_as_deep_as_it_goes_changes_nothing():
    rng = random.Random(7)
    names = ["a", "b", "c"]
    spec, nested = random_forest(rng, names, trees=30)

    def depth(n: int) -> int:
        return 0 if spec["left"][n] == n else 1 + max(depth(spec["left"][n]), depth(spec["right"][n]))

    rows = [{n: rng.uniform(-1, 1) for n in names} for _ in range(40)]
    staged = Forest(spec | {"tree_depth": [depth(r) for r in spec["roots"]]})
    assert len(set(staged.active)) > 1  # the trees differ in depth, so the walk is staged
    np.testing.assert_allclose(staged.predict(rows), [sum(walk(t, r) for t in nested) for r in rows], atol=1e-12)


def test_forest_with_a_linear_part():
    spec, nested = random_forest(random.Random(3), ["a", "b"], trees=5)
    forest = Forest(spec, {"__bias__": 0.5, "b": -1.0, "only_linear": 2.0})
    rows = [{"a": 0.2, "b": 0.4, "only_linear": 1.0}, {}]
    expected = [sum(walk(t, r) for t in nested) + 0.5 - r.get("b", 0) + 2 * r.get("only_linear", 0) for r in rows]
    np.testing.assert_allclose(forest.predict(rows), expected, atol=1e-12)


def test_forest_of_single_leaves_and_no_rows():
    spec = {"features": [], "feature": [0, 0], "threshold": [0.0, 0.0], "left": [0, 1], "right": [0, 1],
            "value": [0.25, -1.0], "roots": [0, 1], "depth": 0}
    assert Forest(spec).predict([{"x": 1.0}, {}]).tolist() == [-0.75, -0.75]
    assert Forest(spec).predict([]).tolist() == []


def test_a_damaged_forest_is_refused():
    spec, _ = random_forest(random.Random(0), ["a", "b"], trees=3)
    with pytest.raises(ValueError, match="out of range"):
        Forest(spec | {"left": [len(spec["left"]) + 5] * len(spec["left"])})
    with pytest.raises(ValueError, match="length"):
        Forest(spec | {"value": spec["value"][:-1]})


def test_scores_dispatch_on_the_model_form(monkeypatch):
    spec, nested = random_forest(random.Random(1), ["a", "b"], trees=4)
    model = {"lin": {"__bias__": 1.0, "a": 2.0}, "tree": {"forest": spec},
             "boosted": {"forest": spec, "linear": {"__bias__": 1.0, "a": 2.0}}}
    monkeypatch.setattr(learned, "answer_model", lambda: model)
    learned._forest.cache_clear()
    rows = [{"a": 0.3, "b": -0.2}, {"b": 1.0}]
    assert learned.scores("lin", rows) == pytest.approx([1.6, 1.0])
    assert learned.scores("tree", rows) == pytest.approx([sum(walk(t, r) for t in nested) for r in rows])
    assert learned.scores("boosted", rows) == pytest.approx(
        [sum(walk(t, r) for t in nested) + 1 + 2 * r.get("a", 0) for r in rows])
    assert learned.scores("absent", rows) == [0.0, 0.0]
    learned._forest.cache_clear()


def test_the_shipped_rankers_are_forests_that_load():
    model = learned.answer_model()
    for name in ("sentence", "span"):
        forest = Forest(model[name]["forest"])
        assert model[name]["linear"]
        assert len(forest.roots) >= 10 and forest.active and forest.names
