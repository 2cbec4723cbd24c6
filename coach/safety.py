"""Safety: decide a message's route before any model writes a word.

Routes: ``crisis`` (self-harm, partner violence or threats, stalking, sexual
coercion), ``refusal`` (requests to manipulate, control or deceive a partner),
``off_topic`` (outside relationships, or attempts to override instructions)
and ``answer``. Word-aware patterns (``coach.safety_rules``) catch explicit
phrasings; nearest-neighbour similarity to labelled exemplars
(``safety_examples.yaml``) catches indirect ones. A victim's words are checked
for crisis before anything else, so "he's stalking me" is never a refusal.
Crisis and off-topic replies are fixed text; nothing here calls a model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from . import safety_rules as rules
from .classifier import SoftmaxClassifier
from .embeddings import MiniLMEmbeddings
from .reply import Reply
from .resources import crisis_reply

EXAMPLES_PATH = Path(__file__).resolve().parent / "safety_examples.yaml"
TECHNIQUE_EXAMPLES = Path(__file__).resolve().parent / "technique_examples.yaml"
LABELS = ("crisis", "refusal", "off_topic", "answer")
# similarity to the nearest exemplar needed to route by meaning alone, and the
# lead it needs over the nearest everyday ("answer") exemplar
MIN_SIMILARITY = {"crisis": 0.50, "refusal": 0.58, "off_topic": 0.40}
LEAD = {"crisis": 0.02, "refusal": 0.04, "off_topic": 0.05}
NEIGHBOURS = 3
MIN_WORDS_FOR_MEANING = 3
IN_SCOPE_SIMILARITY = 0.45  # a message the articles cover this well is in scope
# the classifier routes to crisis on a low bar (missing a crisis costs far more
# than a careful reply to someone who is fine); refusal needs an actor framing
CRISIS_PROBABILITY = 0.55
REFUSAL_PROBABILITY = 0.65
CRISIS_AGREEMENT = 0.30
REFUSAL_AGREEMENT = 0.25  # the nearest crisis exemplars must agree a little
# with no relationship words and nothing close to an everyday coaching message,
# a message is outside what the coach does
FAR_FROM_COACHING = 0.25
ON_TOPIC_WORDS = rules.re.compile(
    r"\b(partner|boyfriend|girlfriend|husband|wife|spouse|relationship|marriage|married|dating|"
    r"love|feelings?|emotion\w*|he|she|him|her|us|we|our|couple|connect\w*|close|intimacy|trust|date|"
    r"anniversary|romantic|argue|argument|fight|fighting|plan|together|apologi[sz]e|lonely)\b"
)


@dataclass(frozen=True)
class Decision:
    route: str
    reason: str  # what matched (a pattern's words, or the nearest exemplar)
    kind: str = ""  # e.g. refusal kind, for the reply
    retrieval_query: str | None = None


class SafetyRouter:
    def __init__(
        self, embeddings: MiniLMEmbeddings, country: str = "US", relevance: Callable[[str], float] | None = None
    ) -> None:
        self.embeddings = embeddings
        self.country = country
        # how well the articles cover a message; a well-covered one is never "off topic"
        self.relevance = relevance
        self.crisis_rules = rules.compile_rules(rules.CRISIS)
        self.refusal_rules = rules.compile_rules(rules.REFUSAL)
        self.injection = [rules.re.compile(rx) for rx in rules.INJECTION]
        self.off_topic = [rules.re.compile(rx) for rx in rules.OFF_TOPIC]
        data = yaml.safe_load(EXAMPLES_PATH.read_text(encoding="utf-8"))
        self.examples = [(label, text) for label in LABELS for text in data[label]]
        self.honest = data["honest_alternatives"]
        self._vecs = embeddings.encode([t for _, t in self.examples])
        self._labels = np.array([label for label, _ in self.examples])
        # everyday things people say to a partner (the practice exemplars) teach the
        # classifier that a complaint or a hard feeling is not a crisis
        everyday = [t for texts in yaml.safe_load(TECHNIQUE_EXAMPLES.read_text(encoding="utf-8")).values() for t in texts]
        train_x = np.vstack([self._vecs, embeddings.encode(everyday)])
        train_y = list(self._labels) + ["answer"] * len(everyday)
        self.classifier = SoftmaxClassifier(list(LABELS)).fit(train_x, train_y)

    def nearest(self, text: str) -> dict[str, tuple[float, str]]:
        """For each label, the mean similarity of its 3 nearest exemplars, and the nearest."""
        sims = self._vecs @ self.embeddings.vector(text)
        out = {}
        for label in LABELS:
            idx = np.flatnonzero(self._labels == label)
            top = idx[np.argsort(-sims[idx])[:NEIGHBOURS]]
            out[label] = (float(sims[top].mean()), self.examples[top[0]][1])
        return out

    def _by_meaning(self, label: str, near: dict[str, tuple[float, str]]) -> bool:
        sim = near[label][0]
        return sim >= MIN_SIMILARITY[label] and sim >= near["answer"][0] + LEAD[label]

    def route(self, message: str) -> Decision:
        text = rules.normalise(message)
        for rx in self.injection:
            if m := rx.search(text):
                return Decision("off_topic", f"instruction override: {m.group(0)!r}", "injection")
        plain = rules.strip_idioms(text)
        if hit := rules.first_match(plain, self.crisis_rules):
            return Decision("crisis", f"pattern: {hit!r}")
        hit = rules.first_match(plain, self.refusal_rules, rules.NOT_DOING)
        # meaning-based checks read the text with idioms removed ("murder a pizza")
        meaning = " ".join(plain.split()) or text
        near = self.nearest(meaning)
        proba = self.classifier.proba(self.embeddings.vector(meaning))
        actor = bool(rules.ACTOR_TOWARD_PARTNER.search(plain))
        denied = rules.negated_match(plain, self.crisis_rules)
        # a word or two ("ok", "yes") embeds too noisily to judge by meaning
        enough = len(meaning.split()) >= MIN_WORDS_FOR_MEANING
        involved = bool(rules.SPEAKER_INVOLVED.search(plain))
        if not hit and not actor and not denied and enough and involved:
            if self._by_meaning("crisis", near):
                return Decision("crisis", f"close to: {near['crisis'][1]!r} ({near['crisis'][0]:.2f})")
            if proba["crisis"] >= CRISIS_PROBABILITY and near["crisis"][0] >= CRISIS_AGREEMENT:
                return Decision("crisis", f"classifier p(crisis)={proba['crisis']:.2f}")
        # by meaning, a refusal needs the user acting on the partner and both signals to agree
        by_meaning = actor and self._by_meaning("refusal", near) and proba["refusal"] >= REFUSAL_AGREEMENT
        by_meaning = by_meaning or (actor and proba["refusal"] >= REFUSAL_PROBABILITY)
        if hit or (by_meaning and enough and not rules.WANTS_TO_CHANGE.search(plain)):
            kind = self._refusal_kind(plain)
            why = f"pattern: {hit!r}" if hit else f"close to: {near['refusal'][1]!r}"
            return Decision("refusal", why, kind, self.honest[kind]["query"])
        on_topic = bool(ON_TOPIC_WORDS.search(plain))
        if not on_topic and self.relevance is not None:
            on_topic = self.relevance(message) >= IN_SCOPE_SIMILARITY
        if not on_topic and any(rx.search(plain) for rx in self.off_topic):
            return Decision("off_topic", "outside relationships", "scope")
        # scope is judged on the message as written ("this week is killing me" is everyday talk)
        near_raw = near if meaning == text else self.nearest(message)
        far = near_raw["answer"][0] < FAR_FROM_COACHING and proba["off_topic"] >= proba["crisis"]
        if not on_topic and (self._by_meaning("off_topic", near_raw) or far):
            return Decision("off_topic", f"close to: {near['off_topic'][1]!r}", "scope")
        return Decision("answer", "no safety or scope signal")

    def _refusal_kind(self, text: str) -> str:
        for kind, spec in self.honest.items():
            if rules.re.search(spec["cue"], text):
                return kind
        return "general"

    def reply(self, decision: Decision, hits: list, backend: str, alternative: str = "") -> Reply:
        if decision.route == "crisis":
            return Reply("crisis", crisis_reply(self.country), [], backend, "fixed")
        if decision.route == "refusal":
            spec = self.honest.get(decision.kind, self.honest["general"])
            text = f"{spec['decline']} {alternative}".strip()
            return Reply("refusal", text, [h.as_source() for h in hits], backend, "articles")
        from .prompts import OFF_TOPIC

        return Reply("off_topic", OFF_TOPIC, [], backend, "fixed")
