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
6. ``situation``: which of the articles' situations the message is about, and
   its key sentence, which becomes the query retrieval searches with.

Models are scikit-learn's, trained by ``coach.reading.train`` and loaded from
``weights.npz``; thresholds come from ``thresholds.yaml`` (chosen on the dev
split), rules from ``rules.yaml``. This module retrieves nothing and writes no
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
STEPS = ("language", "injection", "crisis", "refusal", "scope", "situation")
DEFAULTS = {"crisis": 0.5, "refusal": 0.5, "off_topic": 0.5, "situation_blend": 0.5, "language": 0.9}


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
        p, classes = self._proba("situation", self.rows(texts, found, x))
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


# -- choosing thresholds on dev ---------------------------------------------------
def _recall_first(scores: list[float], positive: list[bool], target: float) -> float:
    """The highest threshold that keeps recall at or above ``target``."""
    pos = sorted((s for s, p in zip(scores, positive) if p), reverse=True)
    if not pos:
        return 0.5
    need = max(1, int(np.ceil(target * len(pos))))
    return float(pos[need - 1]) - 1e-6


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def _best_f1(scores: list[float], positive: list[bool]) -> float:
    """The threshold with the best F1; where several do equally well, the middle of
    that interval in log-odds, so the boundary sits as far as it can from both sides."""
    cuts = sorted(set(scores))
    f1s = []
    for t in cuts:
        tp = sum(s >= t and p for s, p in zip(scores, positive))
        fp = sum(s >= t and not p for s, p in zip(scores, positive))
        fn = sum(s < t and p for s, p in zip(scores, positive))
        f1s.append(2 * tp / max(1, 2 * tp + fp + fn))
    if not cuts:
        return 0.5
    best = max(f1s)
    tied = [i for i, f in enumerate(f1s) if f == best]
    low = cuts[tied[0] - 1] if tied[0] > 0 else 0.0  # the highest score left below the boundary
    high = cuts[tied[-1]]  # the lowest score the boundary must still let through
    mid = (_logit(low) + _logit(high)) / 2 if low > 0 else _logit(high) - 1.0
    return float(1 / (1 + np.exp(-mid)))


def choose_thresholds(reader: Reader, dev, verbose: bool = False) -> tuple[dict[str, float], dict[str, float]]:
    """Thresholds from the dev split: crisis is the highest that keeps recall >= 0.98 (recall
    first, at the target recall), refusal and off-topic maximise F1 on what is left."""
    english = [m for m in dev if m.lang == "en"]
    crisis_s, refusal_s, off_s, routes = [], [], [], []
    for m in english:
        _, _, _, p = reader.message_scores(reader.without_negated_harm(m.text))
        crisis_s.append(p["crisis"])
        refusal_s.append(p["refusal"])
        off_s.append(p["off_topic"])
        routes.append(m.route)
    t_crisis = _recall_first(crisis_s, [r == "crisis" for r in routes], CRISIS_RECALL_TARGET)
    not_crisis = [i for i, s in enumerate(crisis_s) if s < t_crisis]
    t_refusal = _best_f1([refusal_s[i] for i in not_crisis], [routes[i] == "refusal" for i in not_crisis])
    rest = [i for i in not_crisis if refusal_s[i] < t_refusal]
    t_off = _best_f1([off_s[i] for i in rest], [routes[i] == "off_topic" for i in rest])
    chosen = {"crisis": round(t_crisis, 4), "refusal": round(t_refusal, 4), "off_topic": round(t_off, 4),
              "situation_blend": reader.thresholds["situation_blend"], "language": reader.thresholds["language"]}
    reader.thresholds.update(chosen)
    sit = [m for m in english if m.route == "answer" and m.situation]
    read = []
    for m in sit:
        found, _, x = reader.unit_scores(m.text)
        read.append((m, found[reader.key_unit(m.text, found, x)].text, found, x))
    blends = {}
    for blend in (0.0, 0.25, 0.5, 0.75, 1.0):
        reader.thresholds["situation_blend"] = blend
        right = 0
        for m, key, found, x in read:
            right += reader.situations_of(m.text, key, found, x)[0][0] in m.situations
        blends[blend] = right / max(1, len(sit))
        if verbose:
            print(f"situation blend {blend}: dev accuracy {blends[blend]:.3f}")
    chosen["situation_blend"] = max(blends, key=lambda b: (blends[b], -abs(b - 0.5)))
    reader.thresholds.update(chosen)
    tp = sum(s >= t_crisis and r == "crisis" for s, r in zip(crisis_s, routes))
    flagged = sum(s >= t_crisis for s in crisis_s)
    figures = {"crisis_recall": round(tp / max(1, routes.count("crisis")), 4),
               "crisis_precision": round(tp / max(1, flagged), 4),
               "situation_accuracy": round(blends[chosen["situation_blend"]], 4)}
    return chosen, figures
