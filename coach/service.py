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
from .index import SyncStats, open_index, sync
from .ingest import IngestReport, ingest_dir
from .llamacpp_chat import LlamaCppChat
from .models import build_chat_model, build_embeddings, is_small_model
from .personas import Persona, load_personas
from .phrasing import LABEL_QUERIES, Phrasing, avoid_notes, grounded_variants, merge, parse_model_variants, read_meaning
from .prompts import PHRASE_PROMPT
from .pronouns import partner_pronoun
from .reply import Reply, validate_message
from .retrieve import Hit, Retriever
from .roleplay import RolePlay, partner_writer
from .safety import SafetyRouter
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
        self.router = SafetyRouter(self.embeddings, country=settings.country, relevance=self.relevance)
        self.composer = Composer(self.embeddings)
        self._answerer: Answerer | None = None
        self._detector: TechniqueDetector | None = None

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

    def relevance(self, message: str) -> float:
        """Best dense similarity of any section to ``message`` (how well the articles cover it)."""
        hits = self.retriever.search(message, k=1)
        return hits[0].score if hits else 0.0

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
    def backend(self) -> str:
        return self.settings.describe_backend()

    # -- ask -------------------------------------------------------------------
    def retrieve(self, message: str, history: list[dict[str, str]] | None = None) -> list[Hit]:
        history = list(history or [])[-HISTORY_TURNS:]
        query = retrieval_query(message, history)
        hits = self.retriever.search(query, k=self.settings.top_k)
        if query == message and history and not Retriever.covered(hits, query):
            # a short follow-up can read as uncovered on its own ("what about the second week?")
            earlier = [t["content"] for t in history if t.get("role") == "user" and not is_acknowledgement(t["content"])]
            if earlier:
                joined = f"{earlier[-1]} {message}"
                again = self.retriever.search(joined, k=self.settings.top_k)
                if Retriever.covered(again, joined):
                    return again
        return hits

    def prepare(self, raw: object, history: list[dict[str, str]] | None = None) -> tuple[Reply | None, dict]:
        """Route and retrieve. Returns a finished Reply, or None and what generation needs."""
        message = validate_message(raw, self.settings.max_input_chars)
        history = list(history or [])[-HISTORY_TURNS:]
        pronoun = partner_pronoun([t["content"] for t in history if t.get("role") == "user"] + [message])
        decision = self.router.route(message)
        if decision.route in ("answer", "off_topic") and is_acknowledgement(message):
            return Reply("answer", prompts.ACKNOWLEDGEMENT, [], self.backend, "fixed"), {}
        if decision.route != "answer":
            hits, alternative = [], ""
            if decision.retrieval_query:
                hits = self.retrieve(decision.retrieval_query, [])
                alternative = self.composer.alternative(decision.retrieval_query, hits, pronoun)
            return self.router.reply(decision, hits, self.backend, alternative), {}
        hits = self.retrieve(message, history)
        if not Retriever.covered(hits, message):
            return Reply("answer", prompts.NOT_COVERED, [], self.backend, "fixed"), {}
        return None, {"message": message, "hits": hits, "pronoun": pronoun}

    def ask(self, raw: object, history: list[dict[str, str]] | None = None) -> Reply:
        """Answer one message. Raises InputError or BackendError with a clear message."""
        done, job = self.prepare(raw, history)
        if done is not None:
            return done
        drafted = self.answerer.draft(job["message"], job["hits"], job["pronoun"])
        return self._reply(drafted, job["hits"])

    def ask_stream(self, raw: object, history: list[dict[str, str]] | None = None) -> Iterator[str | Reply]:
        """Yield model tokens as they come, then the final Reply (which may differ).

        The page shows the tokens while they arrive; if the checks reject the
        model's answer the final Reply carries the grounded one instead.
        """
        done, job = self.prepare(raw, history)
        if done is not None:
            yield done
            return
        parts = []
        for token in self.answerer.stream_model(job["message"], job["hits"], job["pronoun"]):
            parts.append(token)
            yield token
        drafted = self.answerer.finish("".join(parts), job["message"], job["hits"], job["pronoun"])
        yield self._reply(drafted, job["hits"])

    # -- practice ------------------------------------------------------------------
    @property
    def detector(self) -> TechniqueDetector:
        if self._detector is None:
            self._detector = TechniqueDetector(self.embeddings)
        return self._detector

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
        return RolePlay(personas[persona_name], self.detector, self.router, seed=seed, writer=writer)

    def phrase(self, raw: object) -> Phrasing:
        """Gentler ways to say ``raw``; safety-routed like every mode."""
        message = validate_message(raw, self.settings.max_input_chars)
        decision = self.router.route(message)
        if decision.route in ("crisis", "off_topic"):
            return Phrasing(decision.route, reply=self.router.reply(decision, [], self.backend).answer)
        if decision.route == "refusal":
            hits = self.retrieve(decision.retrieval_query, []) if decision.retrieval_query else []
            alternative = self.composer.alternative(decision.retrieval_query or message, hits, "they")
            reply = self.router.reply(decision, hits, self.backend, alternative)
            return Phrasing("refusal", sources=reply.sources, reply=reply.answer)
        grounded = grounded_variants(read_meaning(message))
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

    def _reply(self, drafted, hits: list[Hit]) -> Reply:
        notices = [self.status.notice] if self.status.notice else []
        return Reply("answer", drafted.text, [h.as_source() for h in hits], self.backend, drafted.answered_by, notices)
