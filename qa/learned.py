"""The small learned models of the answer step, in ``qa/answer_model.json``, read once.

The models are trained by ``eval/train/train_answer.py`` over named features, in one of two forms:

* linear: a mapping from feature name to weight, plus a bias; the score is a dot product over the
  features a candidate has (the re-ranker and the confidence model);
* boosted: a linear model plus gradient-boosted regression trees fitted to what it misses (LightGBM's,
  flattened to arrays, see :class:`Forest`); the score is the dot product plus one leaf per tree. The
  sentence and span rankers, where features interact (a number matters for 多少, a name for 谁); the
  linear part keeps questions unlike the training data (English ones) on sensible ground.

JSON, never pickle; loaded lazily so importing ``qa`` costs nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_FILE = Path(__file__).with_name("answer_model.json")
Features = dict[str, float]


@lru_cache(maxsize=1)
def answer_model() -> dict[str, Any]:
    """The shipped model file (an empty model when it is missing, so untrained code still runs)."""
    if not MODEL_FILE.is_file():
        return {}
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def weights(name: str) -> dict[str, float]:
    """The weights of one model in the file (``sentence``, ``span``, ``confidence``…); {} when absent."""
    return answer_model().get(name, {})


def reads(name: str, feature: str) -> bool:
    """Whether the model in force uses ``feature`` (one it was never trained with need not be computed)."""
    model = weights(name)
    if "forest" in model:
        return feature in model.get("linear", {}) or feature in model["forest"].get("features", [])
    return feature in model


def linear(model: dict[str, float], features: Features) -> float:
    """Bias plus the weighted sum of the features the model knows."""
    return model.get("__bias__", 0.0) + sum(model.get(k, 0.0) * v for k, v in features.items())


def sigmoid(x: float) -> float:
    """Logistic function, safe for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class Forest:
    """A sum of regression trees over named features (plus an optional linear part), evaluated for many
    candidates at once.

    The trees are flattened into arrays over all their nodes: ``feature`` (column of the split),
    ``threshold`` (go left when the value is <= it), ``left``/``right`` (child node numbers) and
    ``value`` (a leaf's output, 0 elsewhere). A leaf is its own left and right child, so a candidate
    that walks as many steps as its tree is deep ends on a leaf; features a candidate lacks are 0, as in
    training. With ``tree_depth`` (one per tree) the trees are walked deepest first, each only as far as
    it goes (most are shallow); without it, every tree walks ``depth`` steps.
    """

    def __init__(self, spec: dict[str, Any], linear: dict[str, float] | None = None) -> None:
        linear = dict(linear or {})
        self.bias = linear.pop("__bias__", 0.0)
        self.names: list[str] = list(spec["features"]) + [n for n in linear if n not in spec["features"]]
        self.column = {n: i for i, n in enumerate(self.names)}
        self.weights = np.array([linear.get(n, 0.0) for n in self.names])
        self.feature = np.asarray(spec["feature"], dtype=np.intp)
        self.threshold = np.asarray(spec["threshold"], dtype=np.float64)
        self.left = np.asarray(spec["left"], dtype=np.intp)
        self.right = np.asarray(spec["right"], dtype=np.intp)
        self.value = np.asarray(spec["value"], dtype=np.float64)
        n = len(self.feature)
        if not all(len(a) == n for a in (self.threshold, self.left, self.right, self.value)):
            raise ValueError("forest arrays differ in length")
        roots = np.asarray(spec["roots"], dtype=np.intp)
        depths = np.asarray(spec.get("tree_depth", [spec["depth"]] * len(roots)), dtype=np.intp)
        if len(depths) != len(roots):
            raise ValueError("forest arrays differ in length")
        links = np.concatenate([self.left, self.right, roots])
        if n and (links.min() < 0 or links.max() >= n or self.feature.min() < 0
                  or self.feature.max() >= max(len(spec["features"]), 1)):
            raise ValueError("forest node or feature number out of range")
        # The walk keeps node n as the number 2n, so the child it steps to is ``step[2n + goes_left]``, one
        # lookup: the arrays it reads are laid out twice over, every entry at 2n and 2n + 1.
        self.step = np.stack([2 * self.right, 2 * self.left], axis=1).ravel()
        self.step_feature = np.repeat(self.feature, 2)
        self.step_threshold = np.repeat(self.threshold, 2)
        self.step_value = np.repeat(self.value, 2)
        order = np.argsort(-depths, kind="stable")
        self.roots = roots[order]
        # active[d]: how many trees (deepest first) still have a step to take at level d
        self.active = [int((depths > d).sum()) for d in range(int(depths.max(initial=0)))]

    def matrix(self, rows: list[Features]) -> np.ndarray:
        """The rows as a dense matrix over the model's features (unknown names are ignored)."""
        x = np.zeros((len(rows), max(len(self.names), 1)))
        column = self.column.get
        for line, features in zip(x, rows, strict=True):  # a row view each: cheaper than x[r, j] per feature
            for name, v in features.items():
                j = column(name)
                if j is not None:
                    line[j] = v
        return x

    def predict(self, rows: list[Features]) -> np.ndarray:
        """One score per row: the linear part plus, over trees, the leaf the row reaches."""
        if not rows:
            return np.zeros(0)
        x = self.matrix(rows)
        out = x[:, : len(self.weights)] @ self.weights + self.bias
        if not len(self.roots):
            return out
        # np.take on flat arrays: about a quarter faster than 2-D fancy indexing at these sizes
        node = np.tile(2 * self.roots, (len(rows), 1))
        values = x.ravel()
        row_start = (np.arange(len(rows)) * x.shape[1])[:, None]
        for k in self.active:
            sub = node if k == node.shape[1] else node[:, :k]
            value = np.take(values, row_start + np.take(self.step_feature, sub))
            goes_left = value <= np.take(self.step_threshold, sub)
            sub[...] = np.take(self.step, sub + goes_left)
        return out + np.take(self.step_value, node).sum(axis=1)


@lru_cache(maxsize=8)
def _forest(name: str) -> Forest:
    model = answer_model()[name]
    return Forest(model["forest"], model.get("linear"))


def scores(name: str, rows: list[Features]) -> list[float]:
    """The model's score of each row, whatever its form (linear, or linear plus forest); 0s when absent."""
    model = answer_model().get(name, {})
    if "forest" in model:
        return _forest(name).predict(rows).tolist()
    return [linear(model, f) for f in rows]


_generation = 0


def generation() -> int:
    """Changes whenever the models in force change: a key for caches of scores."""
    return _generation


def _changed() -> None:
    global _generation
    _generation += 1
    _forest.cache_clear()


def reload() -> None:
    """Forget the loaded models (after the training script rewrote the file)."""
    answer_model.cache_clear()
    _changed()


@contextmanager
def overridden(models: dict[str, Any]) -> Iterator[None]:
    """Score with ``models`` in place of the shipped file's for a while (the training script scores each
    fold of its questions with models that never saw them)."""
    live = answer_model()
    saved = dict(live)
    live.clear()
    live.update(models)
    _changed()
    try:
        yield
    finally:
        live.clear()
        live.update(saved)
        _changed()
