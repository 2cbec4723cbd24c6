"""Stings: whether a piece of the person's own words would hurt or put a partner on the defensive.

A gentler version of a message keeps some of the person's words (what happened,
what they ask for) only when those words carry no sting. The list in
``coach/respond/phrasing.yaml`` names the stings the train writers labelled; this
classifier judges words no list names ("you're so inconsiderate", "like a child").
A scikit-learn ``LogisticRegression`` over the reading features (embedding, word
and character n-grams) of a clause, trained on the clauses of the train writers'
phrasing messages (``evals/messages/phrase_train.jsonl``) and of drafts written
for it (``phrase_stings.jsonl``: sarcasm, contempt, guilt trips, labels, digs
inside apologies, beside clean drafts on the same topics): a clause stings when it
carries a span its writer labelled as stinging. The threshold is chosen on the
train writers in folds (each clause scored by a model fitted without its writer):
the lowest at which at most ``HELD_BACK`` of the clean clauses would be held back.
Dev and test writers are never read here. Weights and threshold ship in
``stings.npz``.

    python -m coach.reading.stings    # retrain, print the held-out figures, write stings.npz

This module judges words; leaving them out of a rephrasing is ``coach.respond.phrasing``'s job.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from coach.models.embeddings import MiniLMEmbeddings
from coach.reading import weights
from coach.reading.features import Featurizer, normalise

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

STINGS_PATH = Path(__file__).resolve().parent / "stings.npz"
C_STINGS = 2.0  # chosen on the train writers in folds (0.5 and 2 tried)
HELD_BACK = 0.05  # at most this share of the clean clauses may be held back
_BREAKS = re.compile(r"\s*(?:[,;:.!?]+|\s-\s|\sbut\b|\sbecause\b|\sbc\b|\swhich\b|\swhile\b)\s*", re.IGNORECASE)


class StingReader:
    def __init__(self, embeddings: MiniLMEmbeddings, model: LogisticRegression | None = None,
                 threshold: float | None = None) -> None:
        self.features = Featurizer(embeddings)
        if model is None:
            models, meta, _ = weights.load(STINGS_PATH)
            model, threshold = models["stings"], meta["threshold"]
        self.model, self.threshold = model, float(threshold if threshold is not None else 0.5)

    def scores(self, texts: list[str]) -> list[float]:
        """The probability that each text stings."""
        if not texts:
            return []
        return [float(p) for p in self.model.predict_proba(self.features.transform(texts))[:, 1]]

    def stinging(self, texts: list[str]) -> list[bool]:
        return [p >= self.threshold for p in self.scores(texts)]


def clauses(text: str) -> list[str]:
    """The clauses of a message (two words or more), as a rephrasing might keep them."""
    return list(dict.fromkeys(c.strip() for c in _BREAKS.split(text) if c and len(c.split()) >= 2))


def examples(rows: list[dict]) -> tuple[list[str], list[int], list[str]]:
    """(clause, stings?, group) for each clause of each labelled phrasing message: a clause
    stings when it carries one of the spans its writer labelled (or lies inside one). The
    group is the writer (older rows without one: blocks of 25, as they were written)."""
    texts, labels, groups = [], [], []
    for i, row in enumerate(rows):
        spans = [normalise(s) for s in row["sting"] if s.strip()]
        for clause in clauses(row["text"]):
            c = normalise(clause)
            texts.append(clause)
            labels.append(int(any(s in c or (len(c) > 3 and c in s) for s in spans)))
            groups.append(row.get("writer") or f"block{i // 25}")
    return texts, labels, groups


def heldout_threshold(scores: np.ndarray, labels: np.ndarray, held_back: float = HELD_BACK) -> float:
    """The lowest threshold at which at most ``held_back`` of the clean clauses score at or above it."""
    clean = np.sort(scores[labels == 0])
    if not len(clean):
        return 0.5
    allowed = int(np.floor(held_back * len(clean)))  # how many clean clauses may be held back
    return float(np.nextafter(clean[len(clean) - allowed - 1], np.inf))


def main(argv: list[str] | None = None) -> int:
    from sklearn.model_selection import GroupKFold

    from coach.models.factory import build_embeddings
    from coach.reading.train import fit
    from coach.settings import load_settings
    from evals.labelled import MESSAGES_DIR, phrase_labels, read_jsonl

    ap = argparse.ArgumentParser(prog="python -m coach.reading.stings", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--c", type=float, default=C_STINGS)
    args = ap.parse_args(argv)
    features = Featurizer(build_embeddings(load_settings()))
    texts, labels, groups = examples(phrase_labels("train") + read_jsonl(MESSAGES_DIR / "phrase_stings.jsonl"))
    x, y, g = features.transform(texts), np.array(labels), np.array(groups)
    held = np.zeros(len(y))
    for fit_idx, held_idx in GroupKFold(6).split(x, y, g):
        held[held_idx] = fit(x[fit_idx], y[fit_idx], args.c).predict_proba(x[held_idx])[:, 1]
    threshold = heldout_threshold(held, y)
    flagged = held >= threshold
    print(f"{len(y)} clauses of {len(set(groups))} writers, {int(y.sum())} stinging; C {args.c}, "
          f"threshold {threshold:.3f}")
    print(f"held out by writer: stinging clauses caught {flagged[y == 1].mean():.3f}, "
          f"clean clauses held back {flagged[y == 0].mean():.3f}")
    model = fit(x, y, args.c)
    weights.save({"stings": model}, {"clauses": len(y), "threshold": threshold, "c": args.c}, {}, STINGS_PATH)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
