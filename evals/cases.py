"""Case sets: load the labelled YAML files that live beside this module."""

from __future__ import annotations

from pathlib import Path

import yaml

EVALS_DIR = Path(__file__).resolve().parent


def load_cases(name: str) -> list[dict]:
    """The ``cases`` list of ``evals/NAME.yaml``."""
    data = yaml.safe_load((EVALS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    return list(data["cases"])
