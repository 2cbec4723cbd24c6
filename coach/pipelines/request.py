"""Request: a user's message, validated once, with the conversation before it.

``Request.of`` is the only place input is checked (empty, too long, not text);
every mode's pipeline receives a ``Request`` and never checks again. This
module neither reads the message's meaning nor answers it.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.present.reply import validate_message

HISTORY_TURNS = 6


@dataclass(frozen=True)
class Request:
    text: str  # cleaned and within the length limit
    mode: str = "ask"  # ask | phrase | roleplay
    history: tuple[dict[str, str], ...] = ()  # the last few turns, oldest first

    @classmethod
    def of(cls, raw: object, mode: str, limit: int, history: list[dict[str, str]] | None = None) -> Request:
        """A request from whatever was sent; raises ``InputError`` with a kind, clear reason."""
        if isinstance(raw, Request):
            return raw
        turns = tuple(dict(t) for t in list(history or [])[-HISTORY_TURNS:])
        return cls(validate_message(raw, limit), mode, turns)

    @property
    def user_turns(self) -> list[str]:
        return [t["content"] for t in self.history if t.get("role") == "user"]
