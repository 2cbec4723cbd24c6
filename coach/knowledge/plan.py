"""Plan: the articles' 30-day plan as a day-by-day guide with local progress.

The phases ("Days 1–7: …") are parsed from the plan section of the knowledge
base, so an edited article changes the plan. Progress and private notes are
kept by ``coach.storage.conversations``; this module only reads the plan and does day maths.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from coach.knowledge.ingest import Section
from coach.text import quotes

DAYS = 30
_PHASE = re.compile(r"^-?\s*Days?\s+(\d+)\s*[–-]\s*(\d+)\s*:\s*(.+)$")


@dataclass(frozen=True)
class Phase:
    first: int
    last: int
    step: str  # the advice for these days, as written
    example: str | None  # a phrase the article suggests saying, if any


def parse_plan(sections: list[Section]) -> list[Phase]:
    """Phases of the plan section (kind ``plan``); empty if the articles have none."""
    phases = []
    for section in sections:
        if section.kind != "plan":
            continue
        for line in section.text.splitlines():
            m = _PHASE.match(line.strip())
            if m:
                step = m.group(3).strip()
                found = quotes(step)
                phases.append(Phase(int(m.group(1)), int(m.group(2)), step, found[0] if found else None))
    return sorted(phases, key=lambda p: p.first)


def phase_for(phases: list[Phase], day: int) -> Phase | None:
    return next((p for p in phases if p.first <= day <= p.last), None)


def today_index(start: dt.date, today: dt.date | None = None) -> int:
    """Which plan day it is (1–30) for a plan started on ``start``."""
    today = today or dt.date.today()
    return max(1, min(DAYS, (today - start).days + 1))
