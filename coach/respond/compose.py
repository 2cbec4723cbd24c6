"""Compose: build a short, warm answer straight from the retrieved sections.

Used whenever a model's answer fails the checks (with the bundled 135M model,
most of the time). It picks an opener that fits the situation, the two or
three sentences of the retrieved sections closest to the question, and a
phrase the articles themselves suggest saying, then adapts pronouns to the
user's partner. Every word of advice comes from a retrieved section.
"""

from __future__ import annotations

import numpy as np

from coach.check.verify import META
from coach.knowledge.retrieve import Hit
from coach.models.embeddings import MiniLMEmbeddings
from coach.pronouns import adapt, as_article_wording
from coach.reading.reader import load_rules
from coach.respond import prompts
from coach.text import quotes, sentences, word_count

INJECTION = load_rules()["injection"]
MAX_POINT_WORDS = 75
MIN_SENTENCE_WORDS = 3


def looks_like_instructions(sentence: str) -> bool:
    """True for text aimed at the model (prompt injection), not at the reader."""
    text = sentence.lower().replace("’", "'")
    return any(rx.search(text) for rx in INJECTION) or bool(META.search(sentence))


class Composer:
    def __init__(self, embeddings: MiniLMEmbeddings) -> None:
        self.embeddings = embeddings
        self._opener_of = [i for i, (examples, _) in enumerate(prompts.OPENERS) for _ in examples]
        self._opener_vecs = embeddings.encode_cached([e for examples, _ in prompts.OPENERS for e in examples])

    def opener(self, question: str) -> str:
        sims = self._opener_vecs @ self.embeddings.vector(as_article_wording(question))
        best = int(np.argmax(sims))
        if sims[best] >= prompts.OPENER_MIN_SIMILARITY:
            return prompts.OPENERS[self._opener_of[best]][1]
        return prompts.OPENERS[-1][1]

    def _candidates(self, hits: list[Hit]) -> list[tuple[int, int, str, str]]:
        """(hit rank, position, sentence, kind) for usable advice sentences."""
        out = []
        for rank, hit in enumerate(hits):
            for pos, sent in enumerate(sentences(hit.section.text)):
                if word_count(sent) < MIN_SENTENCE_WORDS or "—" in sent[-60:] and "“" in sent:
                    continue  # too short to stand alone, or an attributed quotation
                if sent.startswith(("Emotional Style:", "What It Looks Like:")):
                    continue  # table labels read oddly on their own
                if looks_like_instructions(sent):
                    continue  # text in an article that tries to steer the coach
                out.append((rank, pos, sent, hit.section.kind))
        return out

    def key_points(self, question: str, hits: list[Hit], limit: int = 3) -> list[str]:
        cands = self._candidates(hits[:2])
        if not cands:
            return []
        q = self.embeddings.vector(question)
        vecs = self.embeddings.encode_cached([c[2] for c in cands])
        scores = vecs @ q - 0.04 * np.array([c[0] for c in cands])
        chosen: list[int] = []
        total = 0
        for i in np.argsort(-scores):
            n = word_count(cands[i][2])
            if total + n > MAX_POINT_WORDS and chosen:
                continue
            if any(float(vecs[i] @ vecs[j]) > 0.8 for j in chosen):
                continue  # near-duplicate of a chosen point
            chosen.append(int(i))
            total += n
            if len(chosen) == limit:
                break
        chosen.sort(key=lambda i: (cands[i][0], cands[i][1]))  # keep the articles' order
        points = []
        for i in chosen:
            sent = cands[i][2]
            if cands[i][3] == "case_study" and not points:
                sent = prompts.CASE_STUDY_PREFIX + sent[0].lower() + sent[1:]
            sent = sent.replace("How to Respond: ", "")
            points.append(sent)
        return points

    def phrase(self, question: str, hits: list[Hit], exclude: str = "") -> str | None:
        found = [p for h in hits for p in quotes(h.section.text) if p not in exclude and not looks_like_instructions(p)]
        if not found:
            return None
        q = self.embeddings.vector(question)
        vecs = self.embeddings.encode_cached(found)
        return found[int(np.argmax(vecs @ q))]

    def answer(self, question: str, hits: list[Hit], pronoun: str) -> str:
        """Opener, key points and a phrase to try, adapted to the partner's pronoun."""
        points = self.key_points(question, hits)
        body = " ".join(points)
        text = f"{self.opener(question)} {prompts.POINTS_INTRO} {body}"
        say = self.phrase(question, hits, exclude=body)
        if say:
            text += f"\n\n{prompts.SAY_INTRO} “{say.rstrip('.')}”"
        return adapt(text, pronoun)

    def alternative(self, query: str, hits: list[Hit], pronoun: str) -> str:
        """An honest alternative (for a refusal): one or two points and a phrase."""
        points = " ".join(self.key_points(query, hits, limit=2))
        say = self.phrase(query, hits, exclude=points)
        text = f"{prompts.POINTS_INTRO} {points}" if points else ""
        if say:
            text += f"\n\n{prompts.SAY_INTRO} “{say.rstrip('.')}”"
        return adapt(text, pronoun)
