"""Practice: start a role-play with a persona, and play the user's turns in it.

    persona name -> RolePlay (partner lines from data, or a capable model's, checked)
    Request -> RolePlay.say (the turn is read: a crisis ends the practice) -> PracticeTurn

Nothing here builds models or checks input.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coach.knowledge.personas import Persona, load_personas
from coach.pipelines.request import Request
from coach.reading import Reader
from coach.reading.techniques import TechniqueDetector
from coach.respond.roleplay import PartnerWriter, PracticeTurn, RolePlay

log = logging.getLogger(__name__)


@dataclass
class PracticePipeline:
    knowledge_dir: Path
    detector: Callable[[], TechniqueDetector]
    reader: Callable[[], Reader]
    country: str
    writer: Callable[[], PartnerWriter | None]

    def personas(self) -> dict[str, Persona]:
        """The personas in ``knowledge/personas`` (a broken file is skipped, with a warning)."""
        found, problems = load_personas(self.knowledge_dir)
        for problem in problems:
            log.warning("skipped persona %s", problem)
        return found

    def start(self, persona_name: str, seed: int | None = None) -> RolePlay:
        """A practice session with the named persona (KeyError lists the choices)."""
        personas = self.personas()
        if persona_name not in personas:
            raise KeyError(f"no persona {persona_name!r}; choose from: {', '.join(sorted(personas))}")
        return RolePlay(personas[persona_name], self.detector(), self.reader(), self.country, seed=seed,
                        writer=self.writer())

    @staticmethod
    def say(session: RolePlay, request: Request) -> PracticeTurn | None:
        """Play one validated turn; None if a crisis ended the practice."""
        return session.say(request.text)
