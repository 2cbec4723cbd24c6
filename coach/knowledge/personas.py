"""Personas: practice partners as data files in ``knowledge/personas/*.yaml``.

A persona says who the partner is, how they talk, which moves open and close
them, and what they say at each level of openness (0 closed … 4 open). Its
``replies/<name>.yaml`` holds lines that answer each move the user can make
(a question gets an answer, thanks get acknowledged), by openness band. A new
persona is a new file. This module loads and checks them; ``coach.respond.roleplay``
runs the practice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from coach.datafile import load_yaml
from coach.reading.techniques import TECHNIQUES

LEVELS = range(5)
BANDS = ("low", "mid", "high")  # openness 0-1, 2, 3-4


def band(openness: int) -> str:
    return "low" if openness <= 1 else "mid" if openness == 2 else "high"


class PersonaError(ValueError):
    """A persona file is malformed; the message names the file."""


@dataclass(frozen=True)
class Persona:
    name: str
    title: str
    article: str
    section: str
    who: str
    voice: str
    scenario: str
    start: int
    opens: tuple[str, ...]
    closes: tuple[str, ...]
    opening: tuple[str, ...]
    lines: dict[int, tuple[str, ...]]
    reactions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    replies: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # move -> band -> lines

    def replies_to(self, move: str, openness: int) -> tuple[str, ...]:
        """Lines that answer ``move`` at this openness (empty if the persona has none)."""
        return self.replies.get(move, {}).get(band(openness), ())

    def card(self) -> str:
        """A short description for a model that plays this partner."""
        return f"{self.title}. {self.who} Voice: {self.voice}"


def _strings(value: object, what: str, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise PersonaError(f"{name}: '{what}' must be a non-empty list of text lines")
    return tuple(v.strip() for v in value)


def load_replies(path: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    """A persona's move-aware replies (``replies/<name>.yaml``); {} if it has none."""
    if not path.is_file():
        return {}
    name = f"replies/{path.name}"
    try:
        data = load_yaml(path) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PersonaError(f"{name}: not readable YAML ({exc.__class__.__name__})") from None
    replies = data.get("replies") if isinstance(data, dict) else None
    if not isinstance(replies, dict) or set(replies) - set(TECHNIQUES):
        raise PersonaError(f"{name}: 'replies' must map moves ({', '.join(TECHNIQUES)}) to bands")
    out = {}
    for move, bands in replies.items():
        if not isinstance(bands, dict) or set(bands) != set(BANDS):
            raise PersonaError(f"{name}: '{move}' needs the bands {', '.join(BANDS)}")
        out[move] = {b: _strings(bands[b], f"{move}.{b}", name) for b in BANDS}
    return out


def load_persona(path: Path) -> Persona:
    name = path.name
    try:
        data = load_yaml(path)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PersonaError(f"{name}: not readable YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise PersonaError(f"{name}: expected 'key: value' fields")
    for key in ("name", "title", "who", "lines", "opening"):
        if key not in data:
            raise PersonaError(f"{name}: missing '{key}'")
    raw_lines = data["lines"]
    if not isinstance(raw_lines, dict) or {int(k) for k in raw_lines} != set(LEVELS):
        raise PersonaError(f"{name}: 'lines' needs levels 0 to 4")
    moves = set(TECHNIQUES)
    opens = tuple(data.get("opens", []))
    closes = tuple(data.get("closes", []))
    unknown = (set(opens) | set(closes)) - moves
    if unknown:
        raise PersonaError(f"{name}: unknown moves {sorted(unknown)}")
    source = data.get("source") or {}
    return Persona(
        name=str(data["name"]),
        title=str(data["title"]),
        article=str(source.get("article", "")),
        section=str(source.get("section", "")),
        who=str(data["who"]),
        voice=str(data.get("voice", "")),
        scenario=str(data.get("scenario", "")),
        start=max(0, min(4, int(data.get("start", 1)))),
        opens=opens,
        closes=closes,
        opening=_strings(data["opening"], "opening", name),
        lines={int(k): _strings(v, f"lines.{k}", name) for k, v in raw_lines.items()},
        reactions={k: _strings(v, f"reactions.{k}", name) for k, v in (data.get("reactions") or {}).items()},
        replies=load_replies(path.parent / "replies" / path.name),
    )


def load_personas(knowledge_dir: Path) -> tuple[dict[str, Persona], list[str]]:
    """Every persona in ``knowledge_dir/personas``, and a message per broken file."""
    found: dict[str, Persona] = {}
    problems: list[str] = []
    for path in sorted((knowledge_dir / "personas").glob("*.yaml")):
        try:
            p = load_persona(path)
        except PersonaError as exc:
            problems.append(str(exc))
            continue
        found[p.name] = p
    return found, problems
