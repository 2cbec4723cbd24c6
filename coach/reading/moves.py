"""Moves: name the conversational move one practice turn makes.

The twelve moves of ``coach.reading.techniques`` (validation, open question, "I"
statement, appreciation, invitation, patience, apology; pressure, blame,
fixing, lecturing; neutral). A scikit-learn ``LogisticRegression`` over the
reading features (sentence embedding plus hashed word and character n-grams)
decides, trained on the ``train`` split of the labelled practice sessions
(``evals/sessions``) and the examples in ``coach/reading/technique_examples.yaml``;
its weights ship in ``moves.npz``. Word rules were measured against it on the
dev split and added nothing, so there are none.

    python -m coach.reading.moves      # retrain, print dev accuracy, write moves.npz

This module names moves; what the partner says back is ``coach.respond.roleplay``'s job.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from coach.datafile import load_yaml
from coach.models.embeddings import MiniLMEmbeddings
from coach.models.factory import build_embeddings
from coach.reading import weights
from coach.reading.features import Featurizer
from coach.settings import load_settings

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

HERE = Path(__file__).resolve().parent
MOVES_PATH = HERE / "moves.npz"
EXAMPLES_PATH = HERE / "technique_examples.yaml"
C_MOVES = 8.0  # chosen on dev (train: r1, r4-r12): C 4 0.895, 8 0.898, 16 0.895


class MoveReader:
    def __init__(self, embeddings: MiniLMEmbeddings, model: LogisticRegression | None = None) -> None:
        self.features = Featurizer(embeddings)
        self.model = model if model is not None else weights.load(MOVES_PATH)[0]["moves"]

    def read_all(self, turns: list[str]) -> list[str]:
        if not turns:
            return []
        return [str(m) for m in self.model.predict(self.features.transform([t.strip() or "." for t in turns]))]

    def read(self, turn: str) -> str:
        return self.read_all([turn])[0]


def examples(split: str) -> tuple[list[str], list[str]]:
    """(turn, move) pairs: the split's practice sessions; for train, also the technique examples."""
    from evals.sessions import load

    pairs = [(t["text"], t["act"]) for s in load(split) for t in s["turns"]]
    if split == "train":
        data = load_yaml(EXAMPLES_PATH) or {}
        pairs += [(text, move) for move, texts in data.items() for text in texts]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def train(embeddings: MiniLMEmbeddings, c: float = C_MOVES) -> LogisticRegression:
    features = Featurizer(embeddings)
    texts, labels = examples("train")
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(features.transform(texts), labels)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m coach.reading.moves", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--c", type=float, default=C_MOVES, help="inverse regularisation (chosen on dev)")
    args = ap.parse_args(argv)
    embeddings = build_embeddings(load_settings())
    model = train(embeddings, args.c)
    texts, labels = examples("dev")
    got = MoveReader(embeddings, model).read_all(texts)
    print(f"dev move accuracy {np.mean([g == y for g, y in zip(got, labels)]):.3f} (n={len(labels)}, C={args.c})")
    weights.save({"moves": model}, {"train_turns": len(examples("train")[0])}, {}, MOVES_PATH)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
