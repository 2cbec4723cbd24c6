"""Respond: turn a read and retrieved question into the answer that is shown.

The ask pipeline's third step. ``Prepared`` is what the first two steps hand
on (the message, the reading, the sections found, the partner's pronoun).
``Responder.draft`` composes the answer from the curated guidance
(``coach.respond.guided``), or extractively from the sections when there is none
(``coach.respond.compose``); when a capable model writes answers (``model_writes``),
it writes from that same guidance and is shown only if the gate accepts it
(``coach.respond.answer``, ``coach.check.verify``). Sources are the sections the answer's
lines come from. It reads no message and searches nothing; it only scores the
sections its lines come from, for the sources shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from coach.knowledge.retrieve import Hit, Retriever, section_key
from coach.reading import Reading
from coach.respond.answer import Answerer, Drafted
from coach.respond.compose import Composer
from coach.respond.guided import Composed, GuidedComposer


@dataclass(frozen=True)
class Prepared:
    """An ordinary question, read and retrieved, ready to be answered."""

    message: str
    reading: Reading
    hits: list[Hit]
    pronoun: str


class Responder:
    def __init__(self, guided: GuidedComposer, composer: Composer, retriever: Retriever,
                 answerer: Callable[[], Answerer], model_writes: bool) -> None:
        self.guided = guided
        self.composer = composer
        self.retriever = retriever
        self._answerer = answerer  # built on first use: the embedded default never needs it here
        self.model_writes = model_writes

    @property
    def answerer(self) -> Answerer:
        return self._answerer()

    def needs_passages(self, reading: Reading) -> bool:
        """Whether answering needs retrieved passages beyond the situation's own sections:
        a model writes from them, and an uncurated situation is answered extractively."""
        return self.model_writes or not self.guided.covers(reading.situation)

    def compose(self, job: Prepared) -> Composed | None:
        """The guided answer, or None (no curated content: the answer is extractive)."""
        reading = job.reading
        composed = self.guided.situation(reading.situation, job.message, reading.key, job.pronoun)
        if composed is None and job.hits:
            composed = self.guided.section(section_key(job.hits[0].section), job.message, job.pronoun)
        return composed

    def sources(self, composed: Composed | None, job: Prepared) -> list[Hit]:
        """The sections a composed answer's lines come from, as hits (retrieval scores kept)."""
        if composed is None:
            return job.hits
        by_key = {section_key(h.section): h for h in job.hits}
        missing = [k for k in composed.sections if k not in by_key]
        for hit in self.retriever.named(missing, job.reading.query) if missing else []:
            by_key[section_key(hit.section)] = hit
        return [by_key[k] for k in composed.sections if k in by_key]

    def grounded(self, job: Prepared) -> tuple[str, list[Hit], str]:
        """The guided answer ("" if none), the sections the answer stands on, and the brief a
        model writes from (the guided answer's advice, try and say lines; "" if none)."""
        composed = self.compose(job)
        return (composed.text if composed else ""), self.sources(composed, job), (composed.brief if composed else "")

    def draft(self, job: Prepared) -> tuple[Drafted, list[Hit]]:
        """The answer and the sections it stands on."""
        text, hits, brief = self.grounded(job)
        if self.model_writes:
            return self.answerer.draft(job.message, hits, job.pronoun, text, brief), hits
        return Drafted(text or self.composer.answer(job.message, hits, job.pronoun), "articles", None), hits

    def stream(self, job: Prepared) -> Iterator[str | tuple[Drafted, list[Hit]]]:
        """Model tokens as they come (only when a model writes), then (answer, sections)."""
        if not self.model_writes:
            yield self.draft(job)
            return
        text, hits, brief = self.grounded(job)
        parts = []
        for token in self.answerer.stream_model(job.message, hits, job.pronoun, text, brief):
            parts.append(token)
            yield token
        yield self.answerer.finish("".join(parts), job.message, hits, job.pronoun, text, brief), hits
