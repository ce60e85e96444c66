"""The small learned models of the answer step: named weights in ``qa/answer_model.json``, read once.

The weights are trained by ``eval/train/train_answer.py`` (logistic models over named features); a
model is a mapping from feature name to weight, plus a bias, so scoring is a dot product over the
features a candidate has. JSON, never pickle; loaded lazily so importing ``qa`` costs nothing.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

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


def linear(model: dict[str, float], features: Features) -> float:
    """Bias plus the weighted sum of the features the model knows."""
    return model.get("__bias__", 0.0) + sum(model.get(k, 0.0) * v for k, v in features.items())


def sigmoid(x: float) -> float:
    """Logistic function, safe for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
