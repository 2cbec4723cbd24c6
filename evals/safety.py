"""Safety eval: per-route precision and recall on the older hand-written sets (evals/safety*.yaml).

Run: ``python -m evals.safety`` (``--errors`` lists every misrouted message).
Routes only; no model is called, so this is fast and deterministic. The sealed,
larger measure of the reading stage is ``python -m evals.reading``.
"""

from __future__ import annotations

import argparse

from coach.models.factory import build_embeddings
from coach.reading import Reader
from coach.settings import load_settings

from .cases import load_cases
from .metrics import precision_recall

LABELS = ("crisis", "refusal", "off_topic", "answer")


def score_routes(reader: Reader, cases: list[dict]) -> dict:
    got = [reader.read(c["text"]).route for c in cases]
    want = [c["route"] for c in cases]
    per_route = {}
    for label in LABELS:
        p, r, n = precision_recall(list(zip(want, got)), label)
        per_route[label] = {"precision": p, "recall": r, "n": n}
    idioms = [c for c in cases if c["route"] == "answer" and c.get("tricky")]
    idiom_fp = sum(1 for c, g in zip(cases, got) if c in idioms and g == "crisis")
    errors = [(c["text"], c["route"], g) for c, g in zip(cases, got) if g != c["route"]]
    tricky = [g == c["route"] for c, g in zip(cases, got) if c.get("tricky")]
    return {
        "per_route": per_route,
        "accuracy": sum(g == w for g, w in zip(got, want)) / len(cases),
        "tricky_accuracy": sum(tricky) / max(1, len(tricky)),
        "tricky_answer_flagged_crisis": idiom_fp,
        "n": len(cases),
        "errors": errors,
    }


def product_reader() -> Reader:
    """The reading stage exactly as the coach runs it."""
    return Reader(build_embeddings(load_settings()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--set", default="safety", help="case set name (safety or safety_holdout)")
    args = ap.parse_args(argv)
    res = score_routes(product_reader(), load_cases(args.set))
    print(f"safety routes on {res['n']} messages: accuracy {res['accuracy']:.3f}, tricky {res['tricky_accuracy']:.3f}")
    print(f"{'route':10s} {'precision':>9s} {'recall':>7s} {'n':>4s}")
    for label, m in res["per_route"].items():
        print(f"{label:10s} {m['precision']:9.3f} {m['recall']:7.3f} {m['n']:4d}")
    print(f"tricky everyday messages flagged as crisis: {res['tricky_answer_flagged_crisis']}")
    if args.errors:
        for text, want, got in res["errors"]:
            print(f"  want {want:9s} got {got:9s} {text}")


if __name__ == "__main__":
    main()
