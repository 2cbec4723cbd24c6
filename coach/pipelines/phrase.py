"""Phrase: read a message once, then offer gentler ways to say it, as a ``Phrasing``.

    Request -> Reader.read -> (routed reply | intent -> the person's words that do not sting
            -> grounded variants [+ a capable model's variants, checked]) -> sources -> Phrasing

A message to rephrase is read like any other: one that describes harm gets the
crisis reply, never variants. Nothing here builds models or checks input.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.knowledge.retrieve import Retriever
from coach.pipelines.ask import AskPipeline
from coach.pipelines.request import Request
from coach.reading import Reader
from coach.reading.intents import IntentReader
from coach.reading.stings import StingReader
from coach.respond.model_variants import merge, parse_model_variants
from coach.respond.phrasing import LABEL_QUERIES, Phrasing, avoid_notes, grounded_variants, read_meaning
from coach.respond.prompts import adapter_prompt, phrase_prompt

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


def model_labels(grounded: list[dict[str, str]]) -> list[str]:
    """The approaches a model is asked to write, one variant each: the first three labels of
    the grounded variants (what the message's intent offers). Training asks for the same."""
    return list(dict.fromkeys(v["label"] for v in grounded))[:3]


@dataclass
class PhrasePipeline:
    reader: Reader
    intents: Callable[[], IntentReader]
    retriever: Retriever
    routes: AskPipeline  # the routed replies are the same in every mode
    chat_model: Callable[[], BaseChatModel] | None  # None: the model writes no variants (the bundled one)
    adapter: bool = False  # the bundled model with the coach's adapter: one variant per label, its own prompt
    stings: Callable[[], StingReader] | None = None  # None: only the listed stings keep words out

    def run(self, request: Request) -> Phrasing:
        message = request.text
        reading = self.reader.read(message, "phrase")
        if reading.route != "answer":
            reply = self.routes.routed(reading)
            return Phrasing(reply.route, sources=reply.sources, reply=reply.answer)
        grounded = self.grounded(message)
        labels = model_labels(grounded)
        variants = merge(self.model_variants(message, labels), grounded)
        sources, seen = [], set()
        for v in variants:
            query = LABEL_QUERIES.get(v["label"], LABEL_QUERIES["I statement"])
            for hit in self.retriever.search(query, k=1):
                if hit.section.id not in seen:
                    seen.add(hit.section.id)
                    sources.append(hit.as_source())
        return Phrasing("answer", variants, avoid_notes(message), sources)

    def grounded(self, message: str) -> list[dict[str, str]]:
        """The variants written from the message's own clean words (the templates): its intent,
        then the slots filled with words that do not sting."""
        meaning = read_meaning(message, self.intents().read(message))
        if self.stings is not None and (own := meaning.own_words()):
            stinging = self.stings().stinging(list(own.values()))
            meaning = meaning.without({name for name, stings in zip(own, stinging) if stings})
        return grounded_variants(meaning)

    def model_variants(self, message: str, labels: list[str]) -> list[dict[str, str]]:
        """The model's variants (unchecked here: ``merge`` checks them), or none."""
        if self.chat_model is None:
            return []
        try:
            if self.adapter:
                out = []
                for label in labels:
                    raw = self.chat_model().invoke(adapter_prompt("phrase").format_messages(label=label, message=message),
                                                   max_tokens=64)
                    out.append({"label": label, "text": str(raw.content).strip().strip('"')})
                return out
            raw = self.chat_model().invoke(phrase_prompt().format_messages(message=message))
        except Exception as exc:  # any model failure leaves the grounded variants
            log.info("phrasing model failed (%s); using grounded variants", type(exc).__name__)
            return []
        return parse_model_variants(str(raw.content))
