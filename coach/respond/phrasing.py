"""Phrasing: turn a blunt message into gentler ways to say the same thing.

The message's intent (complaint, request, apology, feeling, talk,
appreciation, boundary, support) is named by ``coach.reading.intents``; the ways to say
it come from the templates in ``phrasing.yaml``, built on the articles'
techniques (an "I" statement, a low-pressure invitation, appreciation first,
an apology without "but", a clear boundary, comfort that listens rather than fixes). A template keeps the person's
own words (what happened, what they are sorry or thankful for, the feeling
they name: ``coach.respond.own_words`` finds them, cooled of absolutes and swearing)
only when those words are short and carry no sting (none of the
stings listed here; the pipeline also leaves out, with ``Meaning.without``, words
``coach.reading.stings`` judges to sting); otherwise it says the same thing
without them, so every variant is a whole, gentle sentence. Every variant passes
``check_variant`` before it is shown; variants from a capable model that fail
are replaced by these (``coach.respond.model_variants``). ``avoid`` names what the original does that
tends to close a partner down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.check.verify import HARSH
from coach.respond.own_words import ABSOLUTES, DATA, STING, Meaning, read_meaning

__all__ = ["DATA", "Meaning", "Phrasing", "avoid_notes", "check_variant", "grounded_variants", "read_meaning"]
MAX_WORDS = 45
BLAME = re.compile(r"\byour (fault|attitude|problem)\b|\bwhat'?s wrong with you\b|\byou (always|never)\b|\bwe need to talk\b",
                   re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|we|us|let's|our)\b", re.IGNORECASE)

AVOID_RULES: list[tuple[str, str]] = [
    (r"\bwe need to talk\b", "“We need to talk” puts people on guard; a low-pressure invitation works better."),
    (r"\b(always|never|every time)\b", "Absolutes like “always” and “never” invite a debate about the exceptions."),
    (r"\byour (attitude|problem|behaviou?r|fault)\b|\bwhat'?s wrong with you\b",
     "Criticising character (“your attitude”) instead of describing one moment makes it feel like an attack."),
    (r"\b(or else|or i'?m (leaving|done|out)|if you don'?t\b.*\bi'?ll)\b", "Ultimatums pressure rather than invite."),
    (r"\byou (make|made) me\b|\bbecause of you\b", "“You make me feel…” hands them the blame; “I feel…” owns it."),
    (r"\bwhy (don'?t|won'?t|can'?t) you\b", "“Why don't you…” sounds like an accusation; ask for what you'd like instead."),
    (r"!{2,}|\b[A-Z]{4,}\b", "Shouting (capitals, exclamation marks) raises the temperature."),
    (r"\b(at least|everything happens for a reason|look on the bright side|cheer up|could be worse)\b",
     "Silver linings (“at least…”, “cheer up”) can leave someone feeling unheard; being with them in it helps more."),
]
LABEL_QUERIES = {
    "I statement": "share one personal emotion each day using I statements",
    "Low-pressure invitation": "what if he doesn't want to talk: want to go for a drive and chat rather than we need to talk",
    "Appreciation first": "acknowledge it: I really appreciate you doing that, it makes me feel cared for",
    "Clear boundary": "owning mistakes, honest disclosure without blame, reliability builds trust",
    "Apology": "owning mistakes gracefully: I'm sorry I forgot our call, that wasn't fair to you",
    "Comfort": "when he shares something hard: validation, not solutions; that sounds really tough",
    "Encouragement": "show him you believe in him and notice his effort; words of encouragement",
    "Offer": "listening without fixing, giving space without pressure, being present",
}


@dataclass
class Phrasing:
    route: str
    variants: list[dict[str, str]] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    reply: str = ""  # the safety reply when route is not "answer"

    def to_dict(self) -> dict:
        out = {"route": self.route, "variants": self.variants, "avoid": self.avoid, "sources": self.sources}
        if self.reply:
            out["answer"] = self.reply
        return out


def grounded_variants(meaning: Meaning) -> list[dict[str, str]]:
    """Ways to say it from the templates (``phrasing.yaml``): those whose slots the
    message fills first, then the rest; each variant is checked before it is offered."""
    templates = DATA["templates"].get(meaning.kind) or DATA["templates"]["feeling"]
    values = dict(meaning.slots)
    feeling = meaning.feeling or DATA["default_feeling"].get(meaning.kind, "")
    if feeling:
        values["feeling"] = feeling
    filled, plain = [], []
    for t in templates:
        needs = set(re.findall(r"{(\w+)}", t["text"]))
        if needs - set(values):
            continue
        text = t["text"].format(**values)
        text = text[0].upper() + text[1:]
        if check_variant(text):
            continue
        (filled if needs - {"feeling", "feel"} else plain).append({"label": t["label"], "text": text})
    out, labels = [], set()
    for v in filled + plain:  # one per approach where possible, the person's own words first
        if v["label"] not in labels:
            out.append(v)
            labels.add(v["label"])
    out += [v for v in filled + plain if v not in out]
    return out[: max(3, len({v["label"] for v in out}))]


def check_variant(text: str) -> list[str]:
    """Why a variant may not be shown (empty if it may)."""
    problems = []
    if BLAME.search(text) or HARSH.search(text) or STING.search(text):
        problems.append("blames")
    if ABSOLUTES.search(text):
        problems.append("uses an absolute")
    if not FIRST_PERSON.search(text):
        problems.append("does not speak for the user")
    if len(text.split()) > MAX_WORDS or len(re.findall(r"[.!?](\s|$)", text)) > 2:
        problems.append("too long")
    if not text.strip():
        problems.append("empty")
    return problems


def avoid_notes(message: str) -> list[str]:
    return [note for rx, note in AVOID_RULES if re.search(rx, message, re.IGNORECASE if "A-Z" not in rx else 0)]
