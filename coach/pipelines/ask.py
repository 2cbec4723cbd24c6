"""Ask: read a question once, retrieve for that reading, respond, return a ``Reply``.

    Request -> Reader.read -> (in the conversation's context) -> Retriever.find
            -> Responder.draft | stream -> Reply

A message that is not an ordinary question (crisis, refusal, off topic, another
language) gets its routed reply straight after the reading; a question the
articles do not cover says so. Nothing here builds models or checks input
(``coach.service`` does both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from coach.knowledge.retrieve import NOT_COVERED, Found, Hit, Retriever
from coach.pipelines.request import Request
from coach.present.reply import Reply
from coach.pronouns import partner_pronoun
from coach.reading import Reader, Reading
from coach.reading.followup import is_acknowledgement, retrieval_query
from coach.respond import prompts
from coach.respond.answer import Drafted
from coach.respond.compose import Composer
from coach.respond.responder import Prepared, Responder
from coach.respond.routed import refusal_query, refusal_sections, refusal_situation, routed_reply


def summary(reading: Reading) -> dict[str, str]:
    """What the JSON contract says of a reading (never the user's words)."""
    return {"step": reading.step, "kind": reading.kind, "situation": reading.situation}


@dataclass
class AskPipeline:
    reader: Reader
    retriever: Retriever
    responder: Responder
    composer: Composer
    situations: dict[str, list[str]]
    backend: str
    country: str
    top_k: int
    notices: Callable[[], list[str]]  # notices to show with an answer (a rebuilt index)

    def in_context(self, reading: Reading, history: tuple[dict[str, str], ...] = ()) -> Reading:
        """A follow-up that leans on the conversation ("and if that doesn't work?") read again
        together with the previous question, for its situation; any other message as it is."""
        query = retrieval_query(reading.message, list(history))
        if query == reading.message:
            return reading
        joined = self.reader.read(query, reading.mode)
        return joined if joined.route == "answer" else reading

    def find(self, reading: Reading, fill: bool | None = None) -> Found:
        """Sections for a message read as an ordinary question, and whether the articles cover it
        (``fill``: search beyond the situation's sections; by default only when answering needs it)."""
        if fill is None:  # a message read as not covered gets the "not covered" reply: nothing to fill
            fill = reading.situation != NOT_COVERED and self.responder.needs_passages(reading)
        return self.retriever.find(reading.query, list(reading.situations), self.situations, k=self.top_k, fill=fill)

    def prepare(self, request: Request) -> tuple[Reply | None, Prepared | None]:
        """Read and retrieve. Returns a finished Reply, or None and what responding needs."""
        message = request.text
        pronoun = partner_pronoun(request.user_turns + [message])
        if is_acknowledgement(message):
            return Reply("answer", prompts.ACKNOWLEDGEMENT, [], self.backend, "fixed"), None
        reading = self.reader.read(message, "ask")
        # read in the conversation's context only where it can change the answer
        joined = self.in_context(reading, request.history) if reading.route == "answer" or reading.kind == "scope" \
            else reading
        if reading.route == "off_topic" and reading.kind == "scope" and joined.route == "answer":
            reading = joined  # a short follow-up is about the conversation, not off topic
        if reading.route != "answer":
            return self.routed(reading, pronoun), None
        found = self.find(joined)
        if not found.covered:
            return Reply("answer", prompts.NOT_COVERED, [], self.backend, "fixed", reading=summary(reading)), None
        return None, Prepared(message, joined, found.hits, pronoun)

    def routed(self, reading: Reading, pronoun: str = "they") -> Reply:
        """The reply for a message that is not an ordinary question (crisis, refusal, off topic, language)."""
        hits, alternative = [], ""
        if reading.route == "refusal":
            query = refusal_query(reading)
            composed = self.responder.guided.alternative(refusal_situation(reading), reading.message, pronoun)
            if composed is not None:
                hits = self.retriever.named(list(composed.sections), query)
                alternative = composed.text
            else:  # no curated guidance: sentences of the named sections, or of the ones the query finds
                hits = self.retriever.named(refusal_sections(reading), query)[: self.top_k]
                hits = hits or self.retriever.search(query, k=self.top_k)
                alternative = self.composer.alternative(query, hits, pronoun)
        reply = routed_reply(reading, self.country, self.backend, hits, alternative)
        reply.reading = summary(reading)
        return reply

    def run(self, request: Request) -> Reply:
        done, job = self.prepare(request)
        if done is not None or job is None:
            return done
        drafted, hits = self.responder.draft(job)
        return self.reply(drafted, hits, job.reading)

    def stream(self, request: Request) -> Iterator[str | Reply]:
        """Model tokens as they come (when a model writes the answer), then the final Reply."""
        done, job = self.prepare(request)
        if done is not None or job is None:
            yield done
            return
        for item in self.responder.stream(job):
            if isinstance(item, str):
                yield item
            else:
                yield self.reply(item[0], item[1], job.reading)

    def reply(self, drafted: Drafted, hits: list[Hit], reading: Reading) -> Reply:
        return Reply("answer", drafted.text, [h.as_source() for h in hits], self.backend, drafted.answered_by,
                     self.notices(), summary(reading))
