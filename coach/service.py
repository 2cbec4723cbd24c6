"""Service: the coach as one object that every front end (CLI, page, evals) calls.

``Coach`` is a small builder: from settings it makes each part on first use
(the embeddings, the reader, the library and its index, the guidance, the chat
model) and hands them to one pipeline per mode (``coach.pipelines``). Every
mode's input is validated here, once, into a ``Request``. A command loads only
what it needs: listing personas loads no model, and an answer composed from the
guidance never builds the chat model. It holds no conversation state: callers
pass the history.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from coach.knowledge.guidance import Guidance, GuidanceError, load_guidance, section_texts, trace_problems
from coach.knowledge.library import IndexStatus, Library
from coach.knowledge.personas import Persona
from coach.knowledge.retrieve import Hit, Retriever, load_situations
from coach.models.embeddings import MiniLMEmbeddings
from coach.models.factory import adapter_tasks, build_chat_model, build_embeddings, is_small_model
from coach.pipelines.ask import AskPipeline
from coach.pipelines.phrase import PhrasePipeline
from coach.pipelines.practice import PracticePipeline
from coach.pipelines.request import Request
from coach.present.reply import Reply
from coach.reading import Reader, Reading
from coach.reading.intents import IntentReader
from coach.reading.stings import StingReader
from coach.reading.techniques import TechniqueDetector
from coach.respond.answer import Answerer
from coach.respond.compose import Composer
from coach.respond.guided import GuidedComposer
from coach.respond.phrasing import Phrasing
from coach.respond.responder import Responder
from coach.respond.roleplay import PartnerWriter, PracticeTurn, RolePlay, partner_writer
from coach.settings import Settings, load_settings
from coach.text import sentences

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


class Coach:
    def __init__(self, settings: Settings, chat_model: BaseChatModel | None = None,
                 embeddings: MiniLMEmbeddings | None = None) -> None:
        self.settings = settings
        self._chat_model = chat_model
        self._embeddings = embeddings
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls) -> Coach:
        return cls(load_settings())

    # -- parts, each built on first use ------------------------------------------------
    @cached_property
    def embeddings(self) -> MiniLMEmbeddings:
        return self._embeddings or build_embeddings(self.settings)

    @cached_property
    def library(self) -> Library:
        s = self.settings
        return Library(s.knowledge_dir, self.embeddings, s.chroma_dir, s.chroma_url)

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.library, self.embeddings)

    @cached_property
    def reader(self) -> Reader:
        return Reader(self.embeddings)

    @cached_property
    def composer(self) -> Composer:
        return Composer(self.embeddings)

    @cached_property
    def guidance(self) -> Guidance:
        try:
            return load_guidance(self.settings.knowledge_dir)
        except GuidanceError as exc:  # a broken guidance file leaves answers extractive, never down
            log.warning("curated guidance not used: %s", exc)
            return Guidance()

    @cached_property
    def responder(self) -> Responder:
        return Responder(GuidedComposer(self.guidance, self.embeddings), self.composer, self.retriever,
                         lambda: self.answerer, self.model_writes_answers)

    @cached_property
    def detector(self) -> TechniqueDetector:
        return TechniqueDetector(self.embeddings)

    @cached_property
    def intents(self) -> IntentReader:
        return IntentReader(self.embeddings)

    @cached_property
    def stings(self) -> StingReader:
        return StingReader(self.embeddings)

    @property
    def chat_model(self) -> BaseChatModel:
        with self._lock:
            if self._chat_model is None:
                self._chat_model = build_chat_model(self.settings)
            return self._chat_model

    @cached_property
    def answerer(self) -> Answerer:
        from coach.models.llamacpp_chat import LlamaCppChat

        small = is_small_model(self.settings) and isinstance(self.chat_model, LlamaCppChat)
        return Answerer(self.chat_model, self.embeddings, self.composer, small=small, adapter=self._adapted)

    @cached_property
    def _adapter_tasks(self) -> frozenset[str]:
        return adapter_tasks(self.settings)

    @property
    def _adapted(self) -> bool:
        """The bundled model runs with the coach's adapter (its own prompts)."""
        return is_small_model(self.settings) and bool(self._adapter_tasks)

    def writes(self, task: str) -> bool:
        """Whether the chat model writes ``task`` (answer, partner, phrase): a capable model
        writes all three, behind the checks; the bundled one only what its adapter passed
        (``coach/models/adapter/adapter.yaml``), else nothing."""
        return not is_small_model(self.settings) or task in self._adapter_tasks

    @property
    def model_writes_answers(self) -> bool:
        """Whether ask-mode answers are written by the chat model (behind the gate).

        The bundled 135M model is not, untrained or with its adapter: on the sealed sets too
        few of the answers it gets past the gate are right (README, "How it answers"), so the
        embedded default answers from the curated guidance and calls no model for a question.
        """
        return self.writes("answer")

    @property
    def backend(self) -> str:
        return self.settings.describe_backend()

    # -- pipelines ------------------------------------------------------------------
    @cached_property
    def asking(self) -> AskPipeline:
        situations = load_situations(self.settings.knowledge_dir)
        return AskPipeline(self.reader, self.retriever, self.responder, self.composer, situations, self.backend,
                           self.settings.country, self.settings.top_k, self._notices)

    @cached_property
    def phrasing(self) -> PhrasePipeline:
        model = (lambda: self.chat_model) if self.writes("phrase") else None
        return PhrasePipeline(self.reader, lambda: self.intents, self.retriever, self.asking, model, self._adapted,
                              lambda: self.stings)

    @cached_property
    def practice(self) -> PracticePipeline:
        return PracticePipeline(self.settings.knowledge_dir, lambda: self.detector, lambda: self.reader,
                                self.settings.country, self._partner_writer)

    def _partner_writer(self) -> PartnerWriter | None:
        return partner_writer(self.chat_model, adapter=self._adapted) if self.writes("partner") else None

    def _notices(self) -> list[str]:
        notice = self.library.status.notice
        return [notice] if notice else []

    # -- input, validated once for every mode -------------------------------------------
    def request(self, raw: object, mode: str = "ask", history: list[dict[str, str]] | None = None) -> Request:
        """The message as a validated ``Request``; raises ``InputError`` with a clear reason."""
        return Request.of(raw, mode, self.settings.max_input_chars, history)

    # -- modes ------------------------------------------------------------------
    def read(self, message: str, mode: str = "ask") -> Reading:
        """The reading of one message (route, kind, situation, key sentence)."""
        return self.reader.read(message, mode)

    def ask(self, raw: object, history: list[dict[str, str]] | None = None) -> Reply:
        """Answer one message. Raises InputError or BackendError with a clear message."""
        return self.asking.run(self.request(raw, "ask", history))

    def ask_stream(self, raw: object, history: list[dict[str, str]] | None = None) -> Iterator[str | Reply]:
        """Yield model tokens as they come (when a model writes the answer), then the final Reply.

        The page shows the tokens while they arrive; if the gate rejects the
        model's answer the final Reply carries the guided one instead.
        """
        yield from self.asking.stream(self.request(raw, "ask", history))

    def retrieve(self, query: str) -> list[Hit]:
        """The top sections for a plain query (dense search; no reading)."""
        return self.retriever.search(query, k=self.settings.top_k)

    def phrase(self, raw: object) -> Phrasing:
        """Gentler ways to say ``raw``; safety-routed like every mode."""
        return self.phrasing.run(self.request(raw, "phrase"))

    def personas(self) -> dict[str, Persona]:
        return self.practice.personas()

    def roleplay(self, persona_name: str, seed: int | None = None) -> RolePlay:
        """A practice session with the named persona (KeyError lists the choices)."""
        return self.practice.start(persona_name, seed)

    def say(self, session: RolePlay, raw: object) -> PracticeTurn | None:
        """Play one user turn in ``session``; None if a crisis ended it. Raises InputError."""
        return self.practice.say(session, self.request(raw, "roleplay"))

    # -- index and warm-up ---------------------------------------------------------------
    @property
    def status(self) -> IndexStatus:
        return self.library.status

    def ensure_index(self) -> IndexStatus:
        """Read ``knowledge/`` again, sync the index with it, and reload the sections if they changed."""
        status, changed = self.library.ensure()
        if changed and "retriever" in self.__dict__:
            self.retriever.refresh()
        return status

    def guidance_report(self) -> dict[str, list[str]]:
        """Sections with no curated guidance, and guidance lines whose trace to the articles fails."""
        texts = section_texts(self.library.report.sections)
        return {"uncurated": self.guidance.missing(list(texts)),
                "guidance_problems": trace_problems(self.guidance, texts)}

    @property
    def uses_chat_model(self) -> bool:
        """Whether any mode calls the chat model."""
        return any(self.writes(task) for task in ("answer", "partner", "phrase"))

    def warm_up(self) -> None:
        """Build what the modes use, open the index, load the chat model if a mode calls it, and
        embed the articles' sentences (kept on disk), so the first answer is as quick as the rest."""
        _ = self.asking, self.phrasing, self.practice, self.intents, self.stings, self.detector
        self.library.open()
        if self.uses_chat_model:
            model = self.chat_model
            if hasattr(model, "warm_up"):
                model.warm_up()
        sections = self.retriever.sections
        self.embeddings.encode_cached([s for sec in sections for s in sentences(sec.text)])
        self.embeddings.encode_cached([sec.text for sec in sections])
