"""Train the reading classifiers from the labelled messages; choose thresholds on dev.

    python -m coach.reading.train            # writes weights.npz and thresholds.yaml here
    python -m coach.reading.train --report   # also prints dev figures per setting tried

Training data (``coach.reading.trainset``): the ``train`` split of ``evals/messages``
plus extra text by route (exemplars, older hand-labelled sets, personas' lines,
practice turns). Each train writer's messages are also scored by models fitted
without that writer (``heldout.npz``), an estimate for new voices. The ``dev`` split
chooses the thresholds (recall first for crisis). The ``test`` split is never read
here. Runs offline in 30-50 minutes on 2 cores; the app only loads what this writes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import yaml
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from coach.models.embeddings import MiniLMEmbeddings
from coach.models.factory import build_embeddings
from coach.reading import weights
from coach.reading.features import Featurizer
from coach.reading.reader import MESSAGE_FEATURE_ROUTES, Reader, neighbour_features, summary_features
from coach.reading.trainset import load_exemplars, training_fingerprint
from coach.reading.units import Unit, overlap, position_features, units
from coach.settings import load_settings

HERE = Path(__file__).resolve().parent
THRESHOLDS = HERE / "thresholds.yaml"
ROUTE_LABELS = ("answer", "crisis", "refusal", "off_topic")
KEY_OVERLAP = 0.6  # a unit covering this much of the labelled key sentence carries the label
C_ROUTE, C_MESSAGE, C_KIND, C_SITUATION, C_KEY = 16.0, 0.3, 4.0, 4.0, 2.0


def fit(x, y, c: float, balanced: bool = True) -> LogisticRegression:
    """A logistic regression, class-balanced as every reading classifier is (``balanced=False``
    only to compare a recipe without class weights)."""
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balanced else None).fit(x, y)


def situation_banks(x: sparse.csr_matrix, labels: list[str], dims: int) -> dict[str, np.ndarray]:
    """The neighbours' votes' bank: each situation's labelled texts as embeddings (the first
    ``dims`` columns of their feature rows ``x``), keyed ``situation:<name>``."""
    vecs, owned = x[:, :dims].toarray(), np.array(labels)
    return {f"situation:{s}": vecs[owned == s] for s in sorted(set(labels))}


def key_span(text: str, key: str) -> tuple[int, int]:
    start = text.find(key)
    return (start, start + len(key)) if start >= 0 else (0, len(text))


def unit_examples(messages, answer_kinds: tuple[str, ...] | None = None) -> tuple[list[str], list[str]]:
    """Route-labelled units: a crisis or refusal message lends its label only to units
    that carry its key sentence (its other sentences are context, left out); every
    unit of an answer or off-topic message carries that message's route."""
    texts, labels = [], []
    for m in messages:
        if m.lang != "en":
            continue
        start, end = key_span(m.text, m.key)
        for u in units(m.text):
            if m.route in ("crisis", "refusal"):
                share_of_unit = overlap(Unit(m.text[start:end], start, end, "key"), u.start, u.end)
                if overlap(u, start, end) >= KEY_OVERLAP and share_of_unit >= 0.3:
                    texts.append(u.text)
                    labels.append(m.route)
            elif m.route == "off_topic" and u.kind in ("sentence", "whole") and overlap(u, start, end) < KEY_OVERLAP:
                continue  # a friendly "hi" before an off-topic request is not off topic itself
            elif answer_kinds is not None and u.kind not in answer_kinds:
                continue
            else:
                texts.append(u.text)
                labels.append(m.route)
        if m.route in ("crisis", "refusal"):
            texts.append(m.key)
            labels.append(m.route)
    return texts, labels


def key_examples(messages) -> tuple[list[str], list[Unit], list[int]]:
    owners, found, labels = [], [], []
    for m in messages:
        if m.lang != "en" or m.route != "answer":
            continue
        sents = [u for u in units(m.text) if u.kind == "sentence"]
        if len(sents) < 2:
            continue
        start, end = key_span(m.text, m.key)
        for u in sents:
            owners.append(m.text)
            found.append(u)
            labels.append(int(overlap(u, start, end) >= 0.5))
    return owners, found, labels


def situation_examples(messages, completed: bool = False) -> tuple[list[str], list[str]]:
    """Situation-labelled text: each answer message and its key sentence, under its
    situation, under each situation it is equally about (``also``) and, when ``completed``,
    under the second reading's completions (``second``). Training uses the writers' labels:
    with the completions the held-out train writers read no better (``evals.situation_voices``)."""
    texts, labels = [], []
    for m in messages:
        if m.route != "answer" or m.lang != "en" or not m.situation:
            continue
        read = [m.text] + ([m.key] if m.key != m.text else [])
        for situation in dict.fromkeys(s for s in (m.situation, *m.also, *(m.second if completed else ())) if s):
            texts += read
            labels += [situation] * len(read)
    return texts, labels


class Trainer:
    def __init__(self, embeddings: MiniLMEmbeddings, c_route: float = C_ROUTE, c_message: float = C_MESSAGE) -> None:
        self.features = Featurizer(embeddings)
        self.c_route, self.c_message = c_route, c_message  # the two stages' regularisation
        self.cache: dict[str, np.ndarray] = {}
        self.heldout: dict[str, np.ndarray] = {}  # the train writers' held-out scores (message_model)

    def load_cache(self, path: Path) -> None:
        """Reuse the text embeddings saved by ``save_cache`` (nothing when ``path`` does not exist)."""
        if path.exists():
            data = np.load(path, allow_pickle=False)
            self.cache.update(zip(data["texts"].tolist(), data["vectors"], strict=True))

    def save_cache(self, path: Path) -> None:
        texts = list(self.cache)
        np.savez(path, texts=np.array(texts), vectors=np.array([self.cache[t] for t in texts]))

    def matrix(self, texts: list[str]) -> sparse.csr_matrix:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            self.cache.update(zip(missing, self.features.vectors(missing), strict=True))
        vecs = np.array([self.cache[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)
        return self.features.transform(texts, vecs)

    def key_matrix(self, owners: list[str], found: list[Unit]) -> sparse.csr_matrix:
        text_x = self.matrix([u.text for u in found])
        pos = np.vstack([position_features(o, [u]) for o, u in zip(owners, found)]) if found else np.zeros((0, 5))
        return sparse.hstack([text_x, sparse.csr_matrix(pos)], format="csr")

    def unit_model(self, msgs, extra: dict) -> LogisticRegression:
        texts, labels = unit_examples(msgs)
        for route in ROUTE_LABELS:
            texts += extra.get(route, [])
            labels += [route] * len(extra.get(route, []))
        return fit(self.matrix(texts), labels, self.c_route)

    def bank(self, msgs, extra: dict) -> dict[str, np.ndarray]:
        """Unit vectors by route for the neighbour features (ordinary text: sentences and wholes only)."""
        texts, labels = unit_examples(msgs, answer_kinds=("sentence", "whole"))
        for route in ("answer", "crisis", "refusal"):
            texts += extra.get(route, [])
            labels += [route] * len(extra.get(route, []))
        texts, labels = zip(*dict(zip(texts, labels)).items())  # one vector per distinct text
        vecs = self.matrix(list(texts))[:, : self.features.embeddings.dimensions].toarray()
        labels = np.array(labels)
        return {route: vecs[labels == route].astype(np.float16).astype(np.float32)
                for route in ("answer", "crisis", "refusal")}

    def summaries(self, model: LogisticRegression, msgs, bank: dict[str, np.ndarray]) -> np.ndarray:
        rows = []
        for m in msgs:
            found = units(m.text)
            x = self.matrix([u.text for u in found])
            p = model.predict_proba(x)
            scores = {str(c): p[:, i] for i, c in enumerate(model.classes_)}
            vectors = x[:, : self.features.embeddings.dimensions].toarray()
            rows.append(np.concatenate([summary_features(found, scores), neighbour_features(bank, vectors)]))
        return np.array(rows)

    def message_model(self, msgs, extra: dict) -> tuple[LogisticRegression, dict[str, np.ndarray]]:
        """The second stage, fitted on unit scores each writer's messages got from a unit
        model trained without that writer (so it learns how scores look on unseen voices).
        Also returns the held-out scores: each writer's messages scored by a second stage
        fitted without that writer, as if that voice were new (route probabilities, true route)."""
        english = [m for m in msgs if m.lang == "en"]
        xs, ys, groups = [], [], []
        for writer in sorted({m.writer for m in english}):
            held = [m for m in english if m.writer == writer]
            others = [m for m in english if m.writer != writer]
            fold = self.unit_model(others, extra)
            xs.append(self.summaries(fold, held, self.bank(others, extra)))
            ys += [m.route for m in held]
            groups += [writer] * len(held)
        x, y, g = np.vstack(xs), np.array(ys), np.array(groups)
        return fit(x, y, self.c_message), heldout_scores(x, y, g, self.c_message)

    def train(self, train_msgs, extra: dict[str, list[str]]) -> tuple[dict[str, LogisticRegression],
                                                                       dict[str, np.ndarray]]:
        models = {"route": self.unit_model(train_msgs, extra)}
        models["message"], self.heldout = self.message_model(train_msgs, extra)
        for route in ("crisis", "refusal"):
            rows = [m for m in train_msgs if m.route == route and m.lang == "en"]
            kt = [m.key for m in rows] + [m.text for m in rows if len(m.text.split()) <= 40]
            ky = [m.kind for m in rows] + [m.kind for m in rows if len(m.text.split()) <= 40]
            for kind, items in (extra.get(f"{route}_kinds") or {}).items():
                kt += items
                ky += [kind] * len(items)
            models[f"{route}_kind"] = fit(self.matrix(kt), ky, C_KIND)
        models["situation"], situation_bank = self.situation_model(train_msgs)
        owners, found, klabels = key_examples(train_msgs)
        models["key"] = fit(self.key_matrix(owners, found), klabels, C_KEY)
        banks = self.bank([m for m in train_msgs if m.lang == "en"], extra)
        banks.update(situation_bank)  # the nearest labelled messages vote
        return models, banks

    def situation_model(self, train_msgs) -> tuple[LogisticRegression, dict[str, np.ndarray]]:
        """The situation classifier and the neighbours' bank it votes with."""
        st, sy = situation_examples(train_msgs)
        sx = self.matrix(st)
        return fit(sx, sy, C_SITUATION), situation_banks(sx, sy, self.features.embeddings.dimensions)


def heldout_scores(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float = C_MESSAGE) -> dict[str, np.ndarray]:
    """Each writer's message-level route probabilities from a second stage (at ``c``) fitted
    on the other writers only (leave one writer out), with the true routes."""
    out = {route: np.zeros(len(y)) for route in MESSAGE_FEATURE_ROUTES}
    for writer in np.unique(groups):
        held = groups == writer
        fold = fit(x[~held], y[~held], c)
        p = fold.predict_proba(x[held])
        for i, route in enumerate(fold.classes_):
            if route in out:
                out[str(route)][held] = p[:, i]
    return {**out, "route": y.astype(str), "writer": groups.astype(str)}


def main(argv: list[str] | None = None) -> int:
    from coach.reading.tuning import choose_thresholds
    from evals.labelled import load

    ap = argparse.ArgumentParser(prog="python -m coach.reading.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--report", action="store_true")
    ap.add_argument("--thresholds-only", action="store_true", help="keep the weights; choose thresholds again")
    args = ap.parse_args(argv)
    embeddings = build_embeddings(load_settings())
    dev_msgs = load("dev")
    if not args.thresholds_only:
        train_msgs = load("train")
        trainer = Trainer(embeddings)
        models, banks = trainer.train(train_msgs, load_exemplars())
        meta = {"fingerprint": training_fingerprint(), "train_messages": len(train_msgs),
                "dev_messages": len(dev_msgs)}
        weights.save(models, meta, banks)
        weights.save_heldout(trainer.heldout)
    models, meta, banks = weights.load()  # thresholds are chosen on the weights exactly as they ship
    reader = Reader(embeddings, models=models, thresholds={}, banks=banks)
    chosen, figures = choose_thresholds(reader, dev_msgs, heldout=weights.load_heldout(), verbose=args.report)
    THRESHOLDS.write_text(
        "# Written by `python -m coach.reading.train`: crisis recall first on the dev split; refusal\n"
        "# and off-topic best F1 on dev with the train writers' held-out scores. Edit only by retraining.\n"
        + yaml.safe_dump({"thresholds": chosen, "dev": figures, "fingerprint": meta["fingerprint"]}, sort_keys=True),
        encoding="utf-8",
    )
    print(json.dumps({"thresholds": chosen, "dev": figures}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
