"""Weights: store and load the reading classifiers (scikit-learn logistic regressions).

A fitted ``LogisticRegression`` is saved as its public fitted attributes
(``classes_``, ``coef_``, ``intercept_``) in one compressed ``.npz`` file, not
a pickle, so loading runs no code and works across scikit-learn versions. The
same file holds the neighbour banks (unit vectors by route, stored as int8
at 1/127 steps) that the message-level stage compares a message with.
Coefficients are stored as float16.
Loading gives back a ``LogisticRegression`` whose ``predict_proba`` is the
library's own. This module neither trains nor decides.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

WEIGHTS_PATH = Path(__file__).resolve().parent / "weights.npz"
HELDOUT_PATH = Path(__file__).resolve().parent / "heldout.npz"  # training's held-out scores, reported by tuning


class WeightsMissing(RuntimeError):
    """The reading classifiers' weights file is missing or unreadable."""


def save(models: dict[str, LogisticRegression], meta: dict, banks: dict[str, np.ndarray],
         path: Path = WEIGHTS_PATH) -> None:
    arrays: dict[str, np.ndarray] = {"meta": np.array(json.dumps(meta, sort_keys=True))}
    for route, vecs in banks.items():
        arrays[f"bank.{route}"] = np.clip(np.rint(vecs * 127), -127, 127).astype(np.int8)
    for name, model in models.items():
        arrays[f"{name}.classes"] = np.asarray(model.classes_).astype(str)
        arrays[f"{name}.coef"] = model.coef_.astype(np.float16)
        arrays[f"{name}.intercept"] = model.intercept_.astype(np.float32)
    np.savez_compressed(path, **arrays)


def load(path: Path = WEIGHTS_PATH) -> tuple[dict[str, LogisticRegression], dict, dict[str, np.ndarray]]:
    """The stored models by name, the metadata saved with them, and the neighbour banks."""
    from sklearn.linear_model import LogisticRegression

    try:
        data = np.load(path, allow_pickle=False)
        meta = json.loads(str(data["meta"]))
        banks = {k.split(".", 1)[1]: data[k].astype(np.float32) / 127 for k in data.files if k.startswith("bank.")}
        names = sorted({k.split(".")[0] for k in data.files if k != "meta" and not k.startswith("bank.")})
        models = {}
        for name in names:
            model = LogisticRegression()
            model.classes_ = data[f"{name}.classes"].astype(object)
            model.coef_ = data[f"{name}.coef"].astype(np.float64)
            model.intercept_ = data[f"{name}.intercept"].astype(np.float64)
            model.n_features_in_ = model.coef_.shape[1]
            models[name] = model
    except (OSError, KeyError, ValueError) as exc:
        raise WeightsMissing(f"cannot read the reading weights at {path}: {exc}") from None
    return models, meta, banks


def save_heldout(scores: dict[str, np.ndarray], path: Path = HELDOUT_PATH) -> None:
    """The train writers' held-out message scores (probabilities as float16, routes, writers),
    kept so choosing thresholds again (without retraining) can report them. The app never reads them."""
    np.savez_compressed(path, **{k: v.astype(np.float16) if v.dtype.kind == "f" else v for k, v in scores.items()})


def load_heldout(path: Path = HELDOUT_PATH) -> dict[str, np.ndarray]:
    """The held-out scores training saved, or an empty dict when there are none."""
    try:
        data = np.load(path, allow_pickle=False)
    except OSError:
        return {}
    return {k: data[k].astype(np.float64) if data[k].dtype.kind == "f" else data[k] for k in data.files}
