"""Intents: what a message to be rephrased is meant to do.

complaint, request, apology, feeling, talk, appreciation, boundary or support
(comfort or encouragement about the partner's own life). A
scikit-learn ``LogisticRegression`` over the reading features decides,
trained on the phrasing messages of the ``train`` writers
(``evals/messages/phrase_train.jsonl``); the dev writers of
``phrase_heldout.jsonl`` choose its regularisation; the test writers are never
read here. Weights ship in ``intents.npz``.

    python -m coach.reading.intents    # retrain, print dev accuracy, write intents.npz

This module names the intent; the gentler wording is ``coach.respond.phrasing``'s job.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from coach.models.embeddings import MiniLMEmbeddings
from coach.models.factory import build_embeddings
from coach.reading import weights
from coach.reading.features import Featurizer
from coach.settings import load_settings

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

HERE = Path(__file__).resolve().parent
INTENTS_PATH = HERE / "intents.npz"
C_INTENTS = 1.0  # chosen on dev (250 messages with w66-w67: 0.25 0.820, 0.5 0.828, 1 0.840, 2 0.832)


class IntentReader:
    def __init__(self, embeddings: MiniLMEmbeddings, model: LogisticRegression | None = None) -> None:
        self.features = Featurizer(embeddings)
        self.model = model if model is not None else weights.load(INTENTS_PATH)[0]["intents"]

    def read(self, message: str) -> str:
        return str(self.model.predict(self.features.transform([message.strip() or "."]))[0])


def examples(split: str) -> tuple[list[str], list[str]]:
    """(message, intent) pairs of a split (``evals.labelled.phrase_labels``)."""
    from evals.labelled import phrase_labels

    rows = phrase_labels(split)
    return [r["text"] for r in rows], [r["intent"] for r in rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m coach.reading.intents", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--c", type=float, default=C_INTENTS)
    args = ap.parse_args(argv)
    embeddings = build_embeddings(load_settings())
    features = Featurizer(embeddings)
    texts, labels = examples("train")
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=args.c, max_iter=3000, class_weight="balanced").fit(features.transform(texts), labels)
    dev_t, dev_y = examples("dev")
    got = model.predict(features.transform(dev_t))
    print(f"dev intent accuracy {np.mean(got == np.array(dev_y)):.3f} (n={len(dev_y)}, C={args.c})")
    weights.save({"intents": model}, {"train_messages": len(texts)}, {}, INTENTS_PATH)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
