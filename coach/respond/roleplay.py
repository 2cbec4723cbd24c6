"""Role-play: practise a conversation with a partner persona, then get a debrief.

Each user turn is read like every message (a crisis ends the practice with
the crisis reply), its move is named, and the partner's openness (0–4)
moves: opening moves raise it, closing moves lower it. The partner answers
that move in character, from the persona's replies for the move at that
openness (a question gets an answer, thanks get acknowledged), varied and
not repeating recent lines; a capable model may write the line instead, and it
is shown only if it stays in character (first person, short, no coaching).
The debrief ties every turn to the article section behind it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from coach.knowledge.personas import Persona
from coach.knowledge.resources import crisis_reply
from coach.reading import Reader
from coach.reading.techniques import ARTICLE, TECHNIQUES, TechniqueDetector

MAX_PARTNER_WORDS = 40
COACHING = re.compile(
    r"\b(you should|try saying|i statement|i-statement|technique|validation|as (a|your) coach|"
    r"active listening|open-ended|communication skills?|here'?s a tip|remember to)\b",
    re.IGNORECASE,
)
THREATENING = re.compile(r"\b(kill|hit|hurt|slap|punch|beat|destroy) (you|your)\b|\bor else\b", re.IGNORECASE)

NARRATION = re.compile(
    r"^\s*(\*|\(|as (your|the) partner|(he|she|they|your partner|the partner|partner)\b)", re.IGNORECASE
)

PartnerWriter = Callable[[Persona, list[dict], str, int], str]


def in_character(line: str) -> bool:
    """A partner line may be shown: brief, spoken as the partner, no coaching, no threats."""
    words = line.split()
    if not words or len(words) > MAX_PARTNER_WORDS:
        return False
    if COACHING.search(line) or THREATENING.search(line):
        return False
    # the partner speaks as themselves, not about themselves ("He feels tired.")
    return not NARRATION.search(line)


@dataclass
class PracticeTurn:
    user: str
    move: str
    partner: str
    openness: int


@dataclass
class Practice:
    persona: Persona
    turns: list[PracticeTurn] = field(default_factory=list)
    openness: int = 0
    route: str = "answer"
    ended_reply: str | None = None


class RolePlay:
    def __init__(
        self,
        persona: Persona,
        detector: TechniqueDetector,
        reader: Reader,
        country: str = "US",
        seed: int | None = None,
        writer: PartnerWriter | None = None,
    ) -> None:
        self.detector = detector
        self.reader = reader
        self.country = country
        self.writer = writer
        self.rng = random.Random(seed)
        self.state = Practice(persona, openness=persona.start)
        self.opening = self.rng.choice(persona.opening)
        self._last = self.opening

    @property
    def persona(self) -> Persona:
        return self.state.persona

    @property
    def over(self) -> bool:
        return self.state.route == "crisis"

    def _shift(self, move: str) -> int:
        if move in self.persona.opens:
            return 1
        if move in self.persona.closes:
            return -2 if move == "blame" else -1
        return 0

    def _data_line(self, move: str, level: int, delta: int) -> str:
        """A line that answers the move (the persona's replies), else one for the openness."""
        said = {t.partner for t in self.state.turns[-3:]} | {self._last}
        replies = self.persona.replies_to(move, level)
        if replies:
            return self.rng.choice([x for x in replies if x not in said] or list(replies))
        options = [x for x in self.persona.lines[level] if x != self._last] or list(self.persona.lines[level])
        line = self.rng.choice(options)
        reaction = self.persona.reactions.get(move)
        if reaction and delta != 0 and self.rng.random() < 0.6:
            line = f"{self.rng.choice(reaction)} {line}"
        return line

    def say(self, text: str) -> PracticeTurn | None:
        """Play one user turn; returns None if a crisis ended the practice."""
        if self.over:
            return None
        if self.reader.read(text, "roleplay").route == "crisis":
            self.state.route = "crisis"
            self.state.ended_reply = crisis_reply(self.country)
            return None
        move = self.detector.detect(text)
        delta = self._shift(move)
        self.state.openness = max(0, min(4, self.state.openness + delta))
        line = ""
        if self.writer is not None:
            history = [asdict(t) for t in self.state.turns]
            try:
                candidate = self.writer(self.persona, history + [{"user": text}], move, self.state.openness).strip()
            except Exception:
                candidate = ""
            line = candidate if in_character(candidate) else ""
        line = line or self._data_line(move, self.state.openness, delta)
        self._last = line
        turn = PracticeTurn(text, move, line, self.state.openness)
        self.state.turns.append(turn)
        return turn

    def hint(self) -> str:
        """One suggestion for the next turn, from a move that opens this partner."""
        used = {t.move for t in self.state.turns}
        last = self.state.turns[-1].move if self.state.turns else None
        if last in TECHNIQUES and TECHNIQUES[last].opens is False:
            t = TECHNIQUES[last]
            return f"That last turn read as {last.replace('_', ' ')}: {t.why}. {t.instead}"
        fresh = [m for m in self.persona.opens if m not in used] or list(self.persona.opens)
        t = TECHNIQUES[fresh[0]]
        return f"Try {t.label.replace('_', ' ')}: {t.why}. {t.instead}"

    def debrief(self) -> dict:
        """What worked and what to try instead, turn by turn, with the article sections."""
        points = []
        for i, turn in enumerate(self.state.turns, 1):
            t = TECHNIQUES[turn.move]
            worked = t.opens is True or turn.move in self.persona.opens
            note = f"{t.why[0].upper()}{t.why[1:]}." if worked else f"{t.why[0].upper()}{t.why[1:]}. {t.instead}"
            points.append({
                "turn": i, "user": turn.user, "move": turn.move, "worked": worked,
                "note": note, "article": ARTICLE, "section": t.section,
            })
        start, end = self.persona.start, self.state.openness
        good = [p["turn"] for p in points if p["worked"]]
        bad = [p["turn"] for p in points if not p["worked"] and p["move"] != "neutral"]
        summary = f"Your partner's openness went from {start} to {end} (of 4)."
        if good:
            summary += f" What worked: turn{'s' if len(good) > 1 else ''} {', '.join(map(str, good))}."
        if bad:
            summary += f" To try differently: turn{'s' if len(bad) > 1 else ''} {', '.join(map(str, bad))}."
        if self.over:
            summary = "The practice stopped because something you said sounded serious. " + summary
        return {"summary": summary, "openness_start": start, "openness_end": end, "points": points}

    def to_dict(self) -> dict:
        """The JSON contract of ``coach roleplay --json``."""
        out = {
            "route": self.state.route,
            "persona": self.persona.name,
            "opening": self.opening,
            "turns": [{"user": t.user, "move": t.move, "partner": t.partner, "openness": t.openness}
                      for t in self.state.turns],
            "debrief": self.debrief(),
        }
        if self.state.ended_reply:
            out["crisis_reply"] = self.state.ended_reply
        return out


def partner_writer(chat_model, adapter: bool = False) -> PartnerWriter:
    """A PartnerWriter that asks a chat model for the partner's next line (with ``adapter``: the
    bundled model with the coach's adapter, given its own short prompt and the last turn only)."""
    from coach.respond.prompts import adapter_partner_messages, partner_prompt

    def write(persona: Persona, history: list[dict], move: str, openness: int) -> str:
        if adapter:
            messages = adapter_partner_messages(persona.card(), persona.scenario, openness, move, history[-1]["user"])
            return str(chat_model.invoke(messages, max_tokens=48).content).strip().strip('"')
        lines = []
        for turn in history[-4:]:
            lines.append(f"Them: {turn['user']}")
            if turn.get("partner"):
                lines.append(f"You: {turn['partner']}")
        messages = partner_prompt().format_messages(
            card=persona.card(), openness=openness, move=move.replace("_", " "), conversation="\n".join(lines)
        )
        return str(chat_model.invoke(messages, max_tokens=60).content).strip().strip('"')

    return write
