"""Technique detector eval: accuracy per technique on evals/techniques.yaml.

Run: ``python -m evals.techniques`` (``--errors`` lists misread turns).
"""

from __future__ import annotations

import argparse
from collections import Counter

from coach.models.factory import build_embeddings
from coach.reading.techniques import TECHNIQUES, TechniqueDetector
from coach.settings import load_settings

from .cases import load_cases


def score_techniques(detector: TechniqueDetector, cases: list[dict]) -> dict:
    total, right = Counter(), Counter()
    errors = []
    for c in cases:
        got = detector.detect(c["text"])
        total[c["move"]] += 1
        if got == c["move"]:
            right[c["move"]] += 1
        else:
            errors.append((c["text"], c["move"], got))
    per = {k: right[k] / total[k] for k in TECHNIQUES if total[k]}
    return {"n": len(cases), "accuracy": sum(right.values()) / len(cases), "per_technique": per,
            "counts": dict(total), "errors": errors}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args(argv)
    res = score_techniques(TechniqueDetector(build_embeddings(load_settings())), load_cases("techniques"))
    print(f"technique detector on {res['n']} turns: accuracy {res['accuracy']:.3f}")
    for k, v in res["per_technique"].items():
        print(f"  {k:14s} {v:.3f}  (n={res['counts'][k]})")
    if args.errors:
        for text, want, got in res["errors"]:
            print(f"  want {want:13s} got {got:13s} {text}")


if __name__ == "__main__":
    main()
