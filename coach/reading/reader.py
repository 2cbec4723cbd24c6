"""Reader: what a message is, read once, before anything answers it.

``Reader.read`` runs a short, named sequence of steps and returns a typed
``Reading``:

1. ``language``: a message not in English gets a kind note (and crisis lines).
2. ``injection``: attempts to override the coach's instructions (rules.yaml).
3. ``crisis``: every unit of the message (sentences, windows, the whole) is
   scored by a logistic regression; one crisis unit anywhere decides the route,
   however the message ends. Its kind (self-harm, partner violence, ...) is a
   second classifier's.
4. ``refusal``: the same for requests to manipulate, spy on or coerce a partner.
5. ``scope``: off-topic messages (nothing to do with relationships).
6. ``situation``: which of the articles' situations the message is about (a
   classifier, joined by the votes of the nearest labelled messages), and its key
   sentence, which becomes the query retrieval searches with.

Models are scikit-learn's, trained by ``coach.reading.train`` and loaded from
``weights.npz``; thresholds come from ``thresholds.yaml`` (chosen on the dev
split by ``coach.reading.tuning``), rules from ``rules.yaml``. This module retrieves nothing and writes no
reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from coach.datafile import load_yaml
from coach.models.embeddings import MiniLMEmbeddings
from coach.reading import language, weights
from coach.reading.features import Featurizer, normalise
from coach.reading.units import Unit, position_features, units

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

HERE = Path(__file__).resolve().parent
THRESHOLDS_PATH = HERE / "thresholds.yaml"
RULES_PATH = HERE / "rules.yaml"
MESSAGE_FEATURE_ROUTES = ("crisis", "refusal", "off_topic")
NEIGHBOURS = 3
CRISIS_RECALL_TARGET = 0.98
SITUATION_NEIGHBOURS = 25
STEPS = ("language", "injection", "crisis", "refusal", "scope", "situation")
DEFAULTS = {"crisis": 0.5, "refusal": 0.5, "off_topic": 0.5, "situation_blend": 0.5, "situation_neighbours": 0.0,
            "language": 0.9}


@dataclass(frozen=True)
class Reading:
    """The coach's reading of one message."""

    message: str
    mode: str
    route: str  # answer | crisis | refusal | off_topic | language
    kind: str = ""  # crisis or refusal kind; "injection" or "scope" for off_topic; the language code
    situation: str = ""  # best situation (answer route)
    situations: tuple[tuple[str, float], ...] = ()  # (situation, probability), best first
    key: str = ""  # the sentence that decided the route, or the question asked
    step: str = ""  # which step decided
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def query(self) -> str:
        """What retrieval should search with: the key sentence, or the message."""
        return self.key or self.message


def load_thresholds(path: Path = THRESHOLDS_PATH) -> dict[str, float]:
    try:
        data = load_yaml(path) or {}
    except OSError:
        data = {}
    return {**DEFAULTS, **(data.get("thresholds") or {})}


def load_rules(path: Path = RULES_PATH) -> dict[str, list[re.Pattern]]:
    data = load_yaml(path) or {}
    return {name: [re.compile(rx, re.IGNORECASE) for rx in patterns] for name, patterns in data.items()}


class Reader:
    def __init__(
        self,
        embeddings: MiniLMEmbeddings,
        models: dict[str, LogisticRegression] | None = None,
        thresholds: dict[str, float] | None = None,
        banks: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.features = Featurizer(embeddings)
        if models is None or banks is None:
            stored_models, _, stored_banks = weights.load()
            models = stored_models if models is None else models
            banks = stored_banks if banks is None else banks
        self.models, self.banks = models, banks
        situations = [str(c) for c in models["situation"].classes_] if "situation" in models else []
        self.situation_bank = stack_situation_banks(banks, situations)  # stacked once, for the votes
        self.thresholds = {**DEFAULTS, **(thresholds if thresholds is not None else load_thresholds())}
        self.rules = load_rules()

    # -- the parts ---------------------------------------------------------------
    def _proba(self, name: str, x) -> tuple[np.ndarray, list[str]]:
        model = self.models[name]
        return model.predict_proba(x), [str(c) for c in model.classes_]

    def unit_scores(self, message: str) -> tuple[list[Unit], dict[str, np.ndarray], sparse.csr_matrix]:
        found = units(message)
        texts = [u.text for u in found]
        vectors = self.features.vectors(texts)
        x = self.features.transform(texts, vectors)
        p, classes = self._proba("route", x)
        return found, {c: p[:, i] for i, c in enumerate(classes)}, x

    def message_scores(self, message: str) -> tuple[list[Unit], dict[str, np.ndarray], sparse.csr_matrix,
                                                    dict[str, float]]:
        """Unit scores, then the message-level probability of each route (the second stage)."""
        found, scores, x = self.unit_scores(message)
        vectors = x[:, : self.features.embeddings.dimensions].toarray()
        row = np.concatenate([summary_features(found, scores), neighbour_features(self.banks, vectors)])
        p, classes = self._proba("message", row[None, :])
        return found, scores, x, {c: float(p[0, i]) for i, c in enumerate(classes)}

    def key_unit(self, message: str, found: list[Unit], x: sparse.csr_matrix) -> int:
        """Index of the unit most likely to be the ask (the last sentence when unsure)."""
        sents = [i for i, u in enumerate(found) if u.kind == "sentence"]
        if len(sents) < 2:
            return sents[0] if sents else 0
        pos = position_features(message, [found[i] for i in sents])
        p, classes = self._proba("key", sparse.hstack([x[sents], sparse.csr_matrix(pos)], format="csr"))
        return sents[int(np.argmax(p[:, classes.index("1")]))]

    def rows(self, texts: list[str], found: list[Unit] | None = None, x: sparse.csr_matrix | None = None
             ) -> sparse.csr_matrix:
        """Feature rows for ``texts``, reusing the rows of units already read (no second embedding)."""
        index = {u.text: i for i, u in enumerate(found or [])}
        if x is not None and all(t in index for t in texts):
            return x[[index[t] for t in texts]]
        return self.features.transform(texts)

    def kind_of(self, route: str, row: sparse.csr_matrix) -> str:
        """The crisis or refusal kind of one unit, from its feature row."""
        p, classes = self._proba(f"{route}_kind", row)
        return classes[int(np.argmax(p[0]))]

    def situations_of(self, message: str, key: str, found: list[Unit] | None = None,
                      x: sparse.csr_matrix | None = None) -> list[tuple[str, float]]:
        texts = [message] if key == message else [message, key]
        rows = self.rows(texts, found, x)
        p, classes = self._proba("situation", rows)
        share = self.thresholds["situation_neighbours"]
        if share > 0:  # the labelled messages nearest in meaning vote too
            vectors = rows[:, : self.features.embeddings.dimensions].toarray()
            p = (1 - share) * p + share * neighbour_situations(*self.situation_bank, len(classes), vectors)
        blend = self.thresholds["situation_blend"]
        mixed = p[0] if len(texts) == 1 else (1 - blend) * p[0] + blend * p[1]
        order = np.argsort(-mixed)
        return [(classes[i], float(mixed[i])) for i in order]

    def without_negated_harm(self, message: str) -> str:
        """The message with phrases like "he has never hit me" removed (rules.yaml)."""
        text = message.replace("’", "'")
        for rx in self.rules.get("negated_harm", []):
            text = rx.sub(" ", text)
        return re.sub(r"[ \t]{2,}", " ", text).strip() or message

    # -- the steps ---------------------------------------------------------------
    def read(self, message: str, mode: str = "ask") -> Reading:
        text = normalise(message)
        code, confidence = language.language_of(message)
        if code != "en" and confidence >= self.thresholds["language"]:
            return Reading(message, mode, "language", code, step="language", scores={"language": confidence})
        for rx in self.rules.get("injection", []):
            if m := rx.search(text):
                return Reading(message, mode, "off_topic", "injection", key=m.group(0), step="injection")
        read = self.without_negated_harm(message)  # units and positions refer to this text
        found, scores, x, routes = self.message_scores(read)
        best = {route: round(p, 4) for route, p in routes.items()}
        for route in ("crisis", "refusal"):
            if routes[route] >= self.thresholds[route]:
                i = int(np.argmax(scores[route]))
                return Reading(message, mode, route, self.kind_of(route, x[i]), key=found[i].text, step=route,
                               scores=best)
        key = found[self.key_unit(read, found, x)].text
        if routes["off_topic"] >= self.thresholds["off_topic"]:
            return Reading(message, mode, "off_topic", "scope", key=key, step="scope", scores=best)
        ranked = self.situations_of(message, key, found, x)
        return Reading(message, mode, "answer", "", ranked[0][0], tuple(ranked[:3]), key, "situation", best)

    @staticmethod
    def _whole_index(found: list[Unit]) -> int:
        """The unit that stands for the whole message: "whole" if present, else the longest sentence."""
        for i, u in enumerate(found):
            if u.kind == "whole":
                return i
        return max(range(len(found)), key=lambda i: len(found[i].text) if found[i].kind == "sentence" else -1)


def summary_features(found: list[Unit], scores: dict[str, np.ndarray]) -> np.ndarray:
    """What the message-level classifier sees: for each non-answer route, the best unit's
    probability, the mean of the best two, the mean over sentences and the whole
    message's, plus how many units there are."""
    sents = [i for i, u in enumerate(found) if u.kind == "sentence"] or [0]
    whole = Reader._whole_index(found)
    row: list[float] = []
    for route in MESSAGE_FEATURE_ROUTES:
        col = scores[route]
        top = np.sort(col)[::-1]
        row += [float(top[0]), float(top[:2].mean()), float(col[sents].mean()), float(col[whole])]
    row.append(float(np.log1p(len(found))))
    return np.array(row, dtype=np.float64)


def neighbour_features(banks: dict[str, np.ndarray], vectors: np.ndarray) -> np.ndarray:
    """How much closer the message's units come to known crisis (or refusal) units than to
    ordinary ones: the mean similarity of the three nearest of each, best unit."""
    out: list[float] = []
    answer = np.sort(vectors @ banks["answer"].T, axis=1)[:, -NEIGHBOURS:].mean(axis=1)
    for route in ("crisis", "refusal"):
        near = np.sort(vectors @ banks[route].T, axis=1)[:, -NEIGHBOURS:].mean(axis=1)
        out += [float((near - answer).max()), float(near.max())]
    return np.array(out, dtype=np.float64)


def stack_situation_banks(banks: dict[str, np.ndarray], classes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The ``situation:<name>`` banks as one matrix, and each row's index in ``classes``
    (an empty matrix when the weights carry no such banks)."""
    names = [c for c in classes if f"situation:{c}" in banks]
    if not names:
        return np.zeros((0, 1), np.float32), np.zeros(0, int)
    owner = np.array([classes.index(c) for c in names for _ in range(len(banks[f"situation:{c}"]))], dtype=int)
    return np.vstack([banks[f"situation:{c}"] for c in names]), owner


def neighbour_situations(bank: np.ndarray, owner: np.ndarray, n_classes: int, vectors: np.ndarray,
                         k: int = SITUATION_NEIGHBOURS, sharpness: float = 10.0) -> np.ndarray:
    """For each vector, the situations (``owner``) of its ``k`` nearest rows of ``bank``,
    each vote weighted by exp(sharpness * similarity), as a probability over the
    ``n_classes`` classes. Rows are uniform when the bank is empty."""
    out = np.full((len(vectors), n_classes), 1 / max(1, n_classes))
    if not len(bank):
        return out
    sims = vectors @ bank.T
    near = np.argsort(-sims, axis=1)[:, :k]
    for i, idx in enumerate(near):
        votes = np.zeros(n_classes)
        np.add.at(votes, owner[idx], np.exp(sharpness * (sims[i, idx] - sims[i, idx].max())))
        out[i] = votes / votes.sum()
    return out
