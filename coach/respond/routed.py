"""Routed replies: what the coach says when a message is not an ordinary question.

Crisis, off-topic and language replies are fixed text (never model output);
a refusal is a non-judging decline (``refusals.yaml``) plus an honest
alternative composed from the articles, with its sources. The route and kind
come from the reading stage (``coach.reading``); this module decides nothing.
"""

from __future__ import annotations

from pathlib import Path

from coach.datafile import load_yaml
from coach.knowledge.resources import crisis_reply, lines
from coach.knowledge.retrieve import Hit
from coach.present.reply import Reply
from coach.reading import Reading
from coach.respond import prompts

REFUSALS_PATH = Path(__file__).resolve().parent / "refusals.yaml"


def load_refusals(path: Path = REFUSALS_PATH) -> dict[str, dict[str, str]]:
    return load_yaml(path)


REFUSALS = load_refusals()


def refusal_query(reading: Reading) -> str:
    """What to retrieve for the honest alternative to a refused request."""
    return REFUSALS.get(reading.kind, REFUSALS["general"])["query"]


def refusal_situation(reading: Reading) -> str:
    """The situation whose curated advice is the honest alternative to a refused request."""
    return str(REFUSALS.get(reading.kind, REFUSALS["general"]).get("situation") or "")


def refusal_sections(reading: Reading) -> list[str]:
    """The sections (slug / heading) named as the honest alternative to a refused request."""
    return list(REFUSALS.get(reading.kind, REFUSALS["general"]).get("sections") or [])


def language_note(country: str) -> str:
    r = lines(country)
    return prompts.LANGUAGE_NOTE.format(emergency=r["emergency"], suicide=r["suicide"])


def routed_reply(reading: Reading, country: str, backend: str, hits: list[Hit] | None = None,
                 alternative: str = "") -> Reply:
    """The reply for a crisis, refusal, off-topic or non-English message."""
    if reading.route == "crisis":
        return Reply("crisis", crisis_reply(country), [], backend, "fixed")
    if reading.route == "refusal":
        spec = REFUSALS.get(reading.kind, REFUSALS["general"])
        text = f"{spec['decline']} {alternative}".strip()
        return Reply("refusal", text, [h.as_source() for h in hits or []], backend, "articles")
    if reading.route == "language":
        # the contract's routes stay four: a message the coach cannot read is outside what it serves
        return Reply("off_topic", language_note(country), [], backend, "fixed")
    return Reply("off_topic", prompts.OFF_TOPIC, [], backend, "fixed")
