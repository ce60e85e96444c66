"""Gradient-boosted ranking trees (LightGBM lambdarank) for the sentence and span rankers, exported to
the flat arrays ``qa.learned.Forest`` evaluates, so the shipped model needs neither LightGBM nor pickle.

Training only: ``pip install -e '.[train]'``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

PARAMS = {
    "objective": "lambdarank",
    "lambdarank_truncation_level": 10,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "use_missing": False,  # an absent feature is 0 at query time, as in the matrices here
    "deterministic": True,
    "seed": 0,
    "num_threads": 2,
    "verbose": -1,
}


def train_ranker(mats: list[np.ndarray], labels: list[np.ndarray], names: list[str], rounds: int,
                 learning_rate: float, base: np.ndarray | None = None, **params: Any) -> dict[str, Any]:
    """Fit a lambdarank forest over question groups (rows = candidates, labels = relevance 0/1…), boosting
    from ``base`` (raw weights of a linear model over the same columns) when given."""
    import lightgbm as lgb  # training-only dependency

    x = np.vstack(mats)
    data = lgb.Dataset(x, np.concatenate(labels), group=[len(m) for m in mats],
                       init_score=None if base is None else x @ base,
                       feature_name=[f"f{i}" for i in range(len(names))], free_raw_data=False)
    booster = lgb.train(PARAMS | {"learning_rate": learning_rate} | params, data, num_boost_round=rounds)
    spec = flatten(booster.dump_model(), names)
    check(spec, booster, np.vstack(mats[:200]), names)
    return spec


def flatten(dump: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """LightGBM's nested trees to node arrays (a leaf is its own child); features no split uses are dropped."""
    nodes: list[tuple[int, float, int, int, float]] = []  # (feature, threshold, left, right, leaf value)
    roots: list[int] = []
    depths: list[int] = []

    def add(node: dict[str, Any], level: int) -> int:
        me = len(nodes)
        nodes.append((-1, 0.0, me, me, float(node.get("leaf_value", 0.0))))
        if "leaf_value" in node:
            depths[-1] = max(depths[-1], level)
            return me
        if node["decision_type"] != "<=" or node.get("missing_type", "None") != "None":
            raise ValueError(f"unsupported split {node['decision_type']} / {node.get('missing_type')}")
        left = add(node["left_child"], level + 1)
        right = add(node["right_child"], level + 1)
        nodes[me] = (int(node["split_feature"]), float(node["threshold"]), left, right, 0.0)
        return me

    for tree in dump["tree_info"]:
        depths.append(0)
        roots.append(add(tree["tree_structure"], 0))
    used = sorted({n[0] for n in nodes if n[0] >= 0})
    column = {old: new for new, old in enumerate(used)}
    return {
        "features": [names[i] for i in used],
        "feature": [column.get(n[0], 0) for n in nodes],  # a leaf reads column 0 and stays where it is
        "threshold": [n[1] for n in nodes],
        "left": [n[2] for n in nodes],
        "right": [n[3] for n in nodes],
        "value": [round(n[4], 7) for n in nodes],
        "roots": roots,
        "tree_depth": depths,
        "depth": max(depths, default=0),
    }


def check(spec: dict[str, Any], booster: Any, x: np.ndarray, names: list[str]) -> None:
    """The exported forest must score like LightGBM itself (leaf values are rounded to 7 digits)."""
    from qa.learned import Forest

    rows = [{names[j]: v for j, v in enumerate(r) if v} for r in x]
    gap = float(np.abs(Forest(spec).predict(rows) - booster.predict(x)).max())
    if gap > 1e-6 * max(len(spec["roots"]), 1):
        raise AssertionError(f"the exported forest differs from LightGBM by {gap}")
