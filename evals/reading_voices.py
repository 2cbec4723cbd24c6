"""Reading on new voices: the training recipe scored on train writers it did not learn from.

    python -m evals.reading_voices                    # the shipped recipe
    python -m evals.reading_voices --with-pending     # the pending writers join training
    python -m evals.reading_voices --c-route 1.0      # another first-stage regularisation

Each train writer in turn is left out: the unit classifier is fitted on the other
writers (plus the exemplars), the left-out writer's messages are scored with it,
and a second stage fitted on the other writers' held-out scores turns them into
route probabilities. Pooled over some 40 voices, that says how a recipe reads a
voice it has never seen, which dev's four writers are too few to tell. Figures
are threshold-free (average precision; recall at a precision, precision at a
recall) and at the shipped thresholds. Pending writers, when added, are scored
but reported apart, so two recipes are compared on the same voices. Dev and test
are never read here. Takes about 30 minutes on 2 cores (embeddings cached with
``--cache``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve

from coach.models.factory import build_embeddings
from coach.reading import train as training
from coach.reading.reader import load_thresholds
from coach.reading.trainset import load_exemplars
from coach.settings import load_settings
from evals.labelled import load


def at_precision(scores: np.ndarray, positive: np.ndarray, precision: float) -> float:
    """The highest recall any threshold reaches while keeping at least ``precision``."""
    prec, rec, _ = precision_recall_curve(positive, scores)
    return round(float(rec[prec >= precision].max()), 4)


def at_recall(scores: np.ndarray, positive: np.ndarray, recall: float) -> float:
    """The precision at the highest threshold that reaches ``recall``."""
    prec, rec, _ = precision_recall_curve(positive, scores)  # thresholds rise, recall falls
    return round(float(prec[np.flatnonzero(rec >= recall).max()]), 4)


def figures(held: dict[str, np.ndarray], keep: np.ndarray, thresholds: dict[str, float]) -> dict[str, float | None]:
    out: dict[str, float | None] = {"messages": int(keep.sum())}
    routes = held["route"][keep]
    for route in ("crisis", "refusal", "off_topic"):
        s, pos = held[route][keep], routes == route
        flagged = s >= thresholds[route]
        ranked = pos.any()  # with no message of the route there is nothing to rank
        out[f"{route}_ap"] = round(float(average_precision_score(pos, s)), 4) if ranked else None
        out[f"{route}_recall_at_p90"] = at_precision(s, pos, 0.90) if ranked else None
        out[f"{route}_precision_at_r95"] = at_recall(s, pos, 0.95) if ranked else None
        out[f"{route}_recall_shipped"] = round(float((flagged & pos).sum() / max(1, pos.sum())), 4)
        out[f"{route}_precision_shipped"] = round(float((flagged & pos).sum() / max(1, flagged.sum())), 4)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.reading_voices", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--with-pending", action="store_true", help="the pending writers join training")
    ap.add_argument("--c-route", type=float, default=training.C_ROUTE)
    ap.add_argument("--c-message", type=float, default=training.C_MESSAGE)
    ap.add_argument("--cache", type=Path, help="an .npz of text embeddings to reuse and extend")
    ap.add_argument("--save", type=Path, help="also write the held-out scores to this .npz")
    args = ap.parse_args(argv)
    msgs = load("train")
    own = {m.writer for m in msgs}
    if args.with_pending:
        msgs += load("pending")
    trainer = training.Trainer(build_embeddings(load_settings()), c_route=args.c_route, c_message=args.c_message)
    if args.cache:
        trainer.load_cache(args.cache)
    _, held = trainer.message_model(msgs, load_exemplars())
    if args.cache:
        trainer.save_cache(args.cache)
    if args.save:
        np.savez_compressed(args.save, **held)
    thresholds = load_thresholds()
    own_rows = np.isin(held["writer"], sorted(own))
    report = {"recipe": {"with_pending": args.with_pending, "c_route": args.c_route, "c_message": args.c_message},
              "train_voices": figures(held, own_rows, thresholds)}
    if args.with_pending:
        report["pending_voices"] = figures(held, ~own_rows, thresholds)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
