"""Guided answers: assemble a coach's reply from the curated guidance.

For a message read as one of the articles' situations, the reply is built the
way a good coach answers: a sentence that reflects the person's situation (or,
for a general question that tells no story, one that acknowledges the topic),
the advice that fits it (the most important point first), one concrete thing
to try, and something to say. Every line comes from ``knowledge/guidance``
(each traceable to the articles), so nothing is made up and the sources are
exactly the sections the lines come from. Among a situation's lines, the ones
closest in meaning to the message are chosen, and the small connecting
phrases vary from message to message.

When a situation has no curated entry, the top retrieved section's guidance
is used if it has one; otherwise this module returns None and the caller
falls back to the extractive ``coach.respond.compose``. It reads no message and
retrieves nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from coach.knowledge.guidance import Guidance, Line
from coach.models.embeddings import MiniLMEmbeddings
from coach.pronouns import adapt, as_article_wording
from coach.respond import prompts
from coach.text import word_count

MAX_WORDS = 130
MIN_WORDS = 60
# a message with none of these tells no story of its own ("Are big surprises the best way
# to build trust?"): it gets a reflection that acknowledges the topic and presumes nothing
FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|i'd|me|my|mine|myself|we|we're|we've|our|us|ourselves)\b",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Composed:
    """A composed answer and the sections (keys) its lines come from, in order."""

    text: str
    sections: tuple[str, ...]
    situation: str = ""
    brief: str = ""  # the advice, something to try and something to say, as a model is given them


def _pick(seed: str, options: list[str] | tuple[str, ...]) -> str:
    """A stable choice among equivalent phrasings, varied from message to message."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return options[digest[0] % len(options)]


def say_it(seed: str, line: str) -> str:
    """Something to say, introduced by one of several leads; the line keeps its own punctuation."""
    lead = _pick(seed, prompts.SAY_LEADS)
    line = line.strip()
    if lead.endswith("\u201d") and line[-1:] not in ".?!":
        line += "."
    elif not lead.endswith("\u201d"):
        line = line.rstrip(".")
    return lead.format(say=line)


class GuidedComposer:
    def __init__(self, guidance: Guidance, embeddings: MiniLMEmbeddings) -> None:
        self.guidance = guidance
        self.embeddings = embeddings

    def _ranked(self, query: np.ndarray, texts: list[str], seed: str) -> list[int]:
        """Indices of ``texts`` by closeness to the query; a small stable jitter breaks near-ties."""
        if not texts:
            return []
        sims = self.embeddings.encode_cached([as_article_wording(t) for t in texts]) @ query
        jitter = np.array([int(hashlib.sha256(f"{seed}|{t}".encode()).hexdigest()[:4], 16) for t in texts])
        sims = sims + 0.02 * jitter / 65535.0
        return [int(i) for i in np.argsort(-sims)]

    def _best(self, query: np.ndarray, lines: tuple[Line, ...], seed: str) -> Line | None:
        order = self._ranked(query, [ln.text for ln in lines], seed)
        return lines[order[0]] if order else None

    def covers(self, name: str) -> bool:
        """Whether a situation has the curated lines a composed answer needs."""
        guide = self.guidance.situations.get(name)
        return guide is not None and bool(guide.advice) and bool(guide.reflect)

    def situation(self, name: str, message: str, key: str, pronoun: str) -> Composed | None:
        """Reflect, advise, one thing to try, something to say, for a named situation."""
        if not self.covers(name):
            return None
        guide = self.guidance.situations[name]
        seed = message
        query = self.embeddings.vector(as_article_wording(key or message))
        own_story = bool(FIRST_PERSON.search(message.replace("’", "'")))
        reflections = list(guide.reflect if own_story or not guide.general else guide.general)
        reflect = reflections[self._ranked(query, reflections, seed)[0]]
        advice = [guide.advice[0]]
        rest = guide.advice[1:]
        try_line = self._best(query, guide.try_, seed)
        say_line = self._best(query, guide.say, seed)
        tail = [ln for ln in (try_line, say_line) if ln]

        def words(parts: list[Line]) -> int:
            return word_count(reflect) + sum(word_count(p.text) for p in parts) + 6

        for extra in (rest[i] for i in self._ranked(query, [r.text for r in rest], seed)):
            if words(advice + [extra] + tail) <= MAX_WORDS or words(advice + tail) < MIN_WORDS:
                advice.append(extra)
                break
        while tail and words(advice + tail) > MAX_WORDS and len(tail) > 1:
            tail.pop(0)  # keep something to say over something to try when space is short
        paragraphs = [" ".join([reflect] + [a.text for a in advice])]
        if try_line in tail:
            paragraphs.append(try_line.text)
        if say_line in tail:
            paragraphs.append(say_it(seed, say_line.text))
        used = [ln.section for ln in advice + tail]
        brief = prompts.adapter_guidance([a.text for a in advice], try_line.text if try_line in tail else "",
                                         say_line.text if say_line in tail else "")
        return Composed(adapt("\n\n".join(paragraphs), pronoun), tuple(dict.fromkeys(used)), name,
                        adapt(brief, pronoun))

    def alternative(self, name: str, message: str, pronoun: str) -> Composed | None:
        """The honest alternative to a refused request: the situation's key advice and something to say."""
        if not self.covers(name):
            return None
        guide = self.guidance.situations[name]
        query = self.embeddings.vector(as_article_wording(message))
        say = self._best(query, guide.say, message)
        lines = [guide.advice[0]] + ([say] if say else [])
        text = guide.advice[0].text + (f"\n\n{say_it(message, say.text)}" if say else "")
        return Composed(adapt(text, pronoun), tuple(dict.fromkeys(ln.section for ln in lines)), name)

    def section(self, key: str, message: str, pronoun: str) -> Composed | None:
        """The gist, a step and something to say from one section's guidance (no situation entry)."""
        guide = self.guidance.usable(key)
        if guide is None:
            return None
        query = self.embeddings.vector(as_article_wording(message))
        parts = [guide.gist.text]
        step = self._best(query, guide.steps, message)
        if step:
            parts.append(step.text)
        text = " ".join(parts)
        say = self._best(query, guide.say, message)
        if say:
            text += "\n\n" + say_it(message, say.text)
        return Composed(adapt(text, pronoun), (key,))
