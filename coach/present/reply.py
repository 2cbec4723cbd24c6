"""Reply: the shape every mode returns, and input validation shared by all modes.

``Reply.to_dict`` is the JSON contract of ``coach ask --json``: keys ``route``,
``answer``, ``sources`` (``article``, ``section``, ``text``, ``score``) and
``backend`` are stable; ``answered_by``, ``notices`` and ``reading`` (the step
that decided the route, the crisis/refusal kind or language, and the situation)
are extra.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.respond import prompts
from coach.text import clean_input

ROUTES = ("answer", "crisis", "refusal", "off_topic")


class InputError(ValueError):
    """The user's message cannot be served; the text says why, kindly."""


class BackendError(RuntimeError):
    """The chat model failed or timed out; the message is safe to show."""


@dataclass
class Reply:
    route: str
    answer: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    backend: str = ""
    answered_by: str = "articles"  # model | articles | fixed
    notices: list[str] = field(default_factory=list)
    reading: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "route": self.route,
            "answer": self.answer,
            "sources": self.sources,
            "backend": self.backend,
            "answered_by": self.answered_by,
            "notices": self.notices,
            "reading": self.reading,
        }


def validate_message(raw: object, limit: int) -> str:
    """The cleaned message, or InputError with a clear reason."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("That message isn't readable text; please type it again.") from None
    if not isinstance(raw, str):
        raise InputError("Please send your message as text.")
    text = clean_input(raw)
    if not text:
        raise InputError(prompts.INPUT_EMPTY)
    if len(text) > limit:
        raise InputError(prompts.INPUT_TOO_LONG.format(length=len(text), limit=limit))
    return text
