"""Answer: generate with the chat model, verify, and fall back to the articles.

The model gets a narrow task: two or three sentences from the curated
guidance composed for the message (``coach.respond.guided``), or from the top passages
when there is none. Its answer is shown only if ``coach.check.verify`` accepts it;
otherwise the fallback (the guided answer, or the extractive ``Composer``
one) is. Reading the message and retrieval happen before this module is called.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.check.verify import Verdict, acknowledges, check_answer
from coach.knowledge.retrieve import Hit
from coach.models.embeddings import MiniLMEmbeddings
from coach.present.reply import BackendError
from coach.pronouns import HE, SHE
from coach.respond.compose import Composer
from coach.respond.prompts import adapter_prompt, ask_prompt
from coach.text import sentences

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

PASSAGE_WORDS = 120  # per passage
SMALL_PASSAGE_WORDS = 45  # the bundled 135M model reads prompts at ~100 tokens/s on 2 cores
SMALL_MAX_TOKENS = 80
ADAPTER_MAX_TOKENS = 140


@dataclass
class Drafted:
    text: str
    answered_by: str  # "model" or "articles"
    verdict: Verdict | None


def _partner_word(pronoun: str) -> str:
    return pronoun if pronoun in (HE, SHE) else "they"


def _partner_phrase(pronoun: str) -> str:
    return {HE: "he/him", SHE: "she/her"}.get(pronoun, "'your partner' (they/them)")


def _passages(hits: list[Hit], limit: int, words_each: int = PASSAGE_WORDS, headings: bool = True) -> str:
    out = []
    for i, h in enumerate(hits[:limit], 1):
        words = h.section.text.split()
        text = " ".join(words[:words_each]) + (" …" if len(words) > words_each else "")
        out.append(f"[{i}] {h.section.section}: {text}" if headings else text)
    return "\n".join(out)


def clean_generation(text: str) -> str:
    text = re.sub(r"<\|[^>]*\|>", "", text).strip()
    text = re.sub(r"^(answer|coach|assistant)\s*:\s*", "", text, flags=re.IGNORECASE)
    return text.strip().strip('"').strip()


class Answerer:
    def __init__(
        self,
        chat_model: BaseChatModel,
        embeddings: MiniLMEmbeddings,
        composer: Composer,
        small: bool = False,
        adapter: bool = False,
    ) -> None:
        self.chat_model = chat_model
        self.embeddings = embeddings
        self.composer = composer
        self.small = small  # a weak model gets one short passage and fewer tokens
        self.passages = 1 if small else 2
        self.words_each = SMALL_PASSAGE_WORDS if small else PASSAGE_WORDS
        self.call_kwargs = {"max_tokens": SMALL_MAX_TOKENS} if small else {}
        self.adapter = adapter  # the bundled model with the coach's adapter: its own short prompt
        if adapter:
            self.call_kwargs = {"max_tokens": ADAPTER_MAX_TOKENS}

    def messages(self, question: str, hits: list[Hit], pronoun: str, guidance: str = "", brief: str = ""):
        if self.adapter and brief:
            return adapter_prompt("answer").format_messages(partner=_partner_word(pronoun), guidance=brief,
                                                            message=question)
        prompt = ask_prompt(self.small)
        return prompt.format_messages(
            partner=_partner_phrase(pronoun),
            passages=guidance or _passages(hits, self.passages, self.words_each, headings=not self.small),
            question=question,
        )

    def stream_model(self, question: str, hits: list[Hit], pronoun: str, guidance: str = "",
                     brief: str = "") -> Iterator[str]:
        """Raw tokens from the chat model; raises BackendError if it fails."""
        try:
            messages = self.messages(question, hits, pronoun, guidance, brief)
            for chunk in self.chat_model.stream(messages, **self.call_kwargs):
                if chunk.content:
                    yield str(chunk.content)
        except BackendError:
            raise
        except Exception as exc:  # every client raises its own types
            raise BackendError(describe_failure(exc)) from None

    def finish(self, raw: str, question: str, hits: list[Hit], pronoun: str, guidance: str = "",
               brief: str = "") -> Drafted:
        """Verify a generated answer (against what the model was given); fall back to the guided
        answer (else the extractive one) if it fails."""
        text = clean_generation(raw)
        given = brief if self.adapter and brief else guidance
        verdict = check_answer(text, question, hits, self.embeddings, pronoun, given)
        if verdict.ok:
            if not acknowledges(text):  # lead with warmth the model left out
                lead = sentences(guidance)[0] if guidance else self.composer.opener(question)
                text = text if lead in text else f"{lead} {text}"
            return Drafted(text, "model", verdict)
        return Drafted(guidance or self.composer.answer(question, hits, pronoun), "articles", verdict)

    def draft(self, question: str, hits: list[Hit], pronoun: str, guidance: str = "", brief: str = "") -> Drafted:
        raw = "".join(self.stream_model(question, hits, pronoun, guidance, brief))
        return self.finish(raw, question, hits, pronoun, guidance, brief)


def describe_failure(exc: Exception) -> str:
    """A short, key-free description of why a model call failed (openai's exception types;
    the embedded model raises plain errors, named by their type)."""
    import openai

    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return "it took too long to answer (timeout)"
    if isinstance(exc, openai.APIConnectionError | ConnectionError):
        return "it could not be reached (connection failed)"
    if isinstance(exc, openai.APIStatusError):
        return f"it returned an error (HTTP {exc.status_code})"
    if isinstance(exc, openai.APIResponseValidationError | ValueError):
        return "its reply could not be read"
    return f"it failed ({type(exc).__name__})"
