"""Service: the coach as one object that every front end (CLI, page, evals) calls.

``Coach`` wires settings, the models from ``coach.models``, the index and the
safety router together, keeps the index in step with ``knowledge/``, and
answers questions. It holds no conversation state: callers pass the history.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from . import prompts
from .answer import Answerer
from .compose import Composer
from .embeddings import MiniLMEmbeddings
from .followup import is_acknowledgement, retrieval_query
from .guidance import Guidance, GuidanceError, load_guidance, section_texts, trace_problems
from .guided import GuidedComposer
from .index import SyncStats, open_index, sync
from .ingest import IngestReport, ingest_dir
from .llamacpp_chat import LlamaCppChat
from .models import build_chat_model, build_embeddings, is_small_model
from .personas import Persona, load_personas
from .phrasing import LABEL_QUERIES, Phrasing, avoid_notes, grounded_variants, merge, parse_model_variants, read_meaning
from .prompts import PHRASE_PROMPT
from .pronouns import partner_pronoun
from .reading import Reader, Reading
from .reading.intents import IntentReader
from .reply import Reply, validate_message
from .respond import Prepared, Responder
from .retrieve import Found, Hit, Retriever, load_situations
from .roleplay import RolePlay, partner_writer
from .routed import refusal_query, routed_reply
from .settings import Settings, load_settings
from .techniques import TechniqueDetector
from .text import sentences

log = logging.getLogger(__name__)
HISTORY_TURNS = 6


@dataclass
class IndexStatus:
    report: IngestReport
    stats: SyncStats
    notice: str | None


class Coach:
    def __init__(
        self,
        settings: Settings,
        chat_model: BaseChatModel | None = None,
        embeddings: MiniLMEmbeddings | None = None,
    ) -> None:
        self.settings = settings
        self.embeddings = embeddings or build_embeddings(settings)
        self._chat_model = chat_model
        self._lock = threading.Lock()
        self.store, notice = open_index(self.embeddings, settings.chroma_dir, settings.chroma_url)
        self.status = self._sync(notice)
        self.retriever = Retriever(self.store, self.embeddings)
        self.reader = Reader(self.embeddings)
        self.situations = load_situations(settings.knowledge_dir)
        self.composer = Composer(self.embeddings)
        self.guidance = self._load_guidance()
        self.guided = GuidedComposer(self.guidance, self.embeddings)
        self._answerer: Answerer | None = None
        self.responder = Responder(self.guided, self.composer, self.retriever, lambda: self.answerer,
                                   self.model_writes_answers)
        self._detector: TechniqueDetector | None = None
        self._intents: IntentReader | None = None

    @classmethod
    def from_env(cls) -> Coach:
        return cls(load_settings())

    # -- index -----------------------------------------------------------------
    def _sync(self, notice: str | None = None) -> IndexStatus:
        report = ingest_dir(self.settings.knowledge_dir)
        for name, problem in report.problems:
            log.warning("skipped article %s: %s", name, problem)
        return IndexStatus(report, sync(self.store, report.sections), notice)

    def ensure_index(self) -> IndexStatus:
        """Ingest ``knowledge/`` if the index is stale (a no-op otherwise) and reload the sections."""
        self.status = self._sync()
        if self.status.stats.changed:
            self.retriever.refresh()
        return self.status

    def _load_guidance(self) -> Guidance:
        try:
            return load_guidance(self.settings.knowledge_dir)
        except GuidanceError as exc:  # a broken guidance file leaves answers extractive, never down
            log.warning("curated guidance not used: %s", exc)
            return Guidance()

    def guidance_report(self) -> dict[str, list[str]]:
        """Sections with no curated guidance, and guidance lines whose trace to the articles fails."""
        texts = section_texts(self.status.report.sections)
        return {"uncurated": self.guidance.missing(list(texts)),
                "guidance_problems": trace_problems(self.guidance, texts)}

    # -- models ----------------------------------------------------------------
    @property
    def chat_model(self) -> BaseChatModel:
        with self._lock:
            if self._chat_model is None:
                self._chat_model = build_chat_model(self.settings)
            return self._chat_model

    def warm_up(self) -> None:
        """Load the chat model, run one token, and embed the articles' sentences once,
        so the first answer is as quick as the rest."""
        model = self.chat_model
        if isinstance(model, LlamaCppChat):
            model.warm_up()
        self.embeddings.encode_cached([s for sec in self.retriever.sections for s in sentences(sec.text)])
        self.embeddings.encode_cached([sec.text for sec in self.retriever.sections])

    @property
    def answerer(self) -> Answerer:
        if self._answerer is None:
            small = is_small_model(self.settings) and isinstance(self.chat_model, LlamaCppChat)
            self._answerer = Answerer(self.chat_model, self.embeddings, self.composer, small=small)
        return self._answerer

    @property
    def model_writes_answers(self) -> bool:
        """Whether ask-mode answers are written by the chat model (behind the gate).

        The bundled 135M model is not: on the sealed set too few of the answers it gets
        past the gate are right (README, "How it answers"), so the embedded default
        answers from the curated guidance and calls no model for an ordinary question.
        """
        return not is_small_model(self.settings)

    @property
    def backend(self) -> str:
        return self.settings.describe_backend()

    # -- ask -------------------------------------------------------------------
    def read(self, message: str, mode: str = "ask") -> Reading:
        """The reading of one message (route, kind, situation, key sentence)."""
        return self.reader.read(message, mode)

    def in_context(self, reading: Reading, history: list[dict[str, str]] | None = None) -> Reading:
        """A follow-up that leans on the conversation ("and if that doesn't work?") read again
        together with the previous question, for its situation; any other message as it is."""
        query = retrieval_query(reading.message, list(history or [])[-HISTORY_TURNS:])
        if query == reading.message:
            return reading
        joined = self.reader.read(query, reading.mode)
        return joined if joined.route == "answer" else reading

    def find(self, reading: Reading, history: list[dict[str, str]] | None = None) -> Found:
        """Sections for a message read as an ordinary question, and whether the articles cover it."""
        reading = self.in_context(reading, history)
        return self.retriever.find(reading.query, list(reading.situations), self.situations, k=self.settings.top_k)

    def retrieve(self, query: str) -> list[Hit]:
        """The top sections for a plain query (dense search; no reading)."""
        return self.retriever.search(query, k=self.settings.top_k)

    def prepare(self, raw: object, history: list[dict[str, str]] | None = None
                ) -> tuple[Reply | None, Prepared | None]:
        """Read and retrieve. Returns a finished Reply, or None and what generation needs."""
        message = validate_message(raw, self.settings.max_input_chars)
        history = list(history or [])[-HISTORY_TURNS:]
        pronoun = partner_pronoun([t["content"] for t in history if t.get("role") == "user"] + [message])
        if is_acknowledgement(message):
            return Reply("answer", prompts.ACKNOWLEDGEMENT, [], self.backend, "fixed"), None
        reading = self.read(message, "ask")
        # read in the conversation's context only where it can change the answer
        joined = self.in_context(reading, history) if reading.route == "answer" or reading.kind == "scope" else reading
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
            hits = self.retrieve(query)
            alternative = self.composer.alternative(query, hits, pronoun)
        reply = routed_reply(reading, self.settings.country, self.backend, hits, alternative)
        reply.reading = summary(reading)
        return reply

    def ask(self, raw: object, history: list[dict[str, str]] | None = None) -> Reply:
        """Answer one message. Raises InputError or BackendError with a clear message."""
        done, job = self.prepare(raw, history)
        if done is not None or job is None:
            return done
        drafted, hits = self.responder.draft(job)
        return self._reply(drafted, hits, job.reading)

    def ask_stream(self, raw: object, history: list[dict[str, str]] | None = None) -> Iterator[str | Reply]:
        """Yield model tokens as they come (when a model writes the answer), then the final Reply.

        The page shows the tokens while they arrive; if the gate rejects the
        model's answer the final Reply carries the guided one instead.
        """
        done, job = self.prepare(raw, history)
        if done is not None or job is None:
            yield done
            return
        for item in self.responder.stream(job):
            if isinstance(item, str):
                yield item
            else:
                yield self._reply(item[0], item[1], job.reading)

    # -- practice ------------------------------------------------------------------
    @property
    def detector(self) -> TechniqueDetector:
        if self._detector is None:
            self._detector = TechniqueDetector(self.embeddings)
        return self._detector

    @property
    def intents(self) -> IntentReader:
        if self._intents is None:
            self._intents = IntentReader(self.embeddings)
        return self._intents

    def personas(self) -> dict[str, Persona]:
        found, problems = load_personas(self.settings.knowledge_dir)
        for problem in problems:
            log.warning("skipped persona %s", problem)
        return found

    def roleplay(self, persona_name: str, seed: int | None = None) -> RolePlay:
        """A practice session with the named persona (KeyError lists the choices)."""
        personas = self.personas()
        if persona_name not in personas:
            raise KeyError(f"no persona {persona_name!r}; choose from: {', '.join(sorted(personas))}")
        writer = None if is_small_model(self.settings) else partner_writer(self.chat_model)
        return RolePlay(personas[persona_name], self.detector, self.reader, self.settings.country, seed=seed,
                        writer=writer)

    def phrase(self, raw: object) -> Phrasing:
        """Gentler ways to say ``raw``; safety-routed like every mode."""
        message = validate_message(raw, self.settings.max_input_chars)
        reading = self.read(message, "phrase")
        if reading.route != "answer":
            reply = self.routed(reading)
            return Phrasing(reply.route, sources=reply.sources, reply=reply.answer)
        grounded = grounded_variants(read_meaning(message, self.intents.read(message)))
        model_variants: list[dict[str, str]] = []
        if not is_small_model(self.settings):
            try:
                raw_reply = self.chat_model.invoke(PHRASE_PROMPT.format_messages(message=message))
                model_variants = parse_model_variants(str(raw_reply.content))
            except Exception as exc:
                log.info("phrasing model failed (%s); using grounded variants", type(exc).__name__)
        variants = merge(model_variants, grounded)
        sources = []
        seen = set()
        for v in variants:
            query = LABEL_QUERIES.get(v["label"], LABEL_QUERIES["I statement"])
            for hit in self.retriever.search(query, k=1):
                if hit.section.id not in seen:
                    seen.add(hit.section.id)
                    sources.append(hit.as_source())
        return Phrasing("answer", variants, avoid_notes(message), sources)

    def _reply(self, drafted, hits: list[Hit], reading: Reading) -> Reply:
        notices = [self.status.notice] if self.status.notice else []
        return Reply("answer", drafted.text, [h.as_source() for h in hits], self.backend, drafted.answered_by, notices,
                     summary(reading))


def summary(reading: Reading) -> dict[str, str]:
    """What the JSON contract says of a reading (never the user's words)."""
    return {"step": reading.step, "kind": reading.kind, "situation": reading.situation}
