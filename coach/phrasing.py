"""Phrasing: turn a blunt message into gentler ways to say the same thing.

The message is read for what the user means (a complaint about something the
partner always or never does, a wish to talk about a topic, an apology, a
request, a feeling, or a criticism of character) and rewritten in the user's
voice with the articles' techniques: an "I" statement, a low-pressure
invitation, appreciation first, and a clear boundary or a simple apology where
one fits. Every variant passes ``check_variant`` before it is shown; variants
from a capable model that fail are replaced by these. ``avoid`` names what the
original does that tends to close a partner down.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .verify import HARSH

MAX_WORDS = 45
ABSOLUTES = re.compile(r"\b(always|never|every single time|every time|nothing|constantly)\b", re.IGNORECASE)
BLAME = re.compile(r"\byour (fault|attitude|problem)\b|\bwhat'?s wrong with you\b|\byou (always|never)\b|\bwe need to talk\b",
                   re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|we|us|let's|our)\b", re.IGNORECASE)
FEELINGS = ("ignored", "lonely", "hurt", "frustrated", "overwhelmed", "stressed", "invisible", "unappreciated",
            "disconnected", "anxious", "worried", "sad", "exhausted", "taken for granted", "alone", "angry")

AVOID_RULES: list[tuple[str, str]] = [
    (r"\bwe need to talk\b", "“We need to talk” puts people on guard; a low-pressure invitation works better."),
    (r"\b(always|never|every time)\b", "Absolutes like “always” and “never” invite a debate about the exceptions."),
    (r"\byour (attitude|problem|behaviou?r|fault)\b|\bwhat'?s wrong with you\b",
     "Criticising character (“your attitude”) instead of describing one moment makes it feel like an attack."),
    (r"\b(or else|or i'?m (leaving|done|out)|if you don'?t\b.*\bi'?ll)\b", "Ultimatums pressure rather than invite."),
    (r"\byou (make|made) me\b|\bbecause of you\b", "“You make me feel…” hands them the blame; “I feel…” owns it."),
    (r"\bwhy (don'?t|won'?t|can'?t) you\b", "“Why don't you…” sounds like an accusation; ask for what you'd like instead."),
    (r"!{2,}|\b[A-Z]{4,}\b", "Shouting (capitals, exclamation marks) raises the temperature."),
]
LABEL_QUERIES = {
    "I statement": "share one personal emotion each day using I statements",
    "Low-pressure invitation": "what if he doesn't want to talk: want to go for a drive and chat rather than we need to talk",
    "Appreciation first": "acknowledge it: I really appreciate you doing that, it makes me feel cared for",
    "Clear boundary": "owning mistakes, honest disclosure without blame, reliability builds trust",
    "Apology": "owning mistakes gracefully: I'm sorry I forgot our call, that wasn't fair to you",
}


@dataclass
class Meaning:
    kind: str  # always | never | talk | apology | request | feeling | general
    clause: str = ""
    feeling: str = ""


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


def _clean(clause: str) -> str:
    clause = clause.strip().rstrip(".!?,; ").strip()
    return re.sub(r"\s+", " ", clause)


def to_second_person(text: str) -> str:
    """'I want to tell him he never helps' -> 'you never help' (for messages written about the partner)."""
    text = re.sub(r"^(i (want|need|have|'d like) to (tell|say to|ask) (him|her|them|my \w+)( that)?)\s*", "", text, flags=re.I)
    swaps = {"he": "you", "she": "you", "him": "you", "his": "your", "they": "you", "them": "you", "their": "your",
             "himself": "yourself", "herself": "yourself"}
    text = re.sub(r"\b(he|she|him|his|himself|herself)\b", lambda m: swaps[m.group(1).lower()], text, flags=re.I)
    text = re.sub(r"\b(her)\b(?=\s+\w)", "your", text, flags=re.I)
    text = re.sub(r"\bher\b", "you", text, flags=re.I)
    irregular = {"does": "do", "is": "are", "has": "have", "doesn't": "don't", "isn't": "aren't", "was": "were", "hasn't": "haven't"}
    text = re.sub(r"\byou (\w+)\b", lambda m: "you " + irregular.get(m.group(1).lower(), m.group(1)), text)
    text = re.sub(r"\byou (never|always|just|really) (\w+?)(?<!s)s\b", r"you \1 \2", text)
    return re.sub(r"\byou (\w+?[^s])s\b(?! (?:me|us|it|that|to))", lambda m: f"you {m.group(1)}", text)


_NEEDS_E = {"mak", "tak", "com", "giv", "us", "hav", "writ", "driv", "lov", "car", "smok", "shar", "ignor", "compar",
            "leav", "chang", "plac", "serv", "mov", "clos", "los", "argu", "blam", "complain"}


def base_form(clause: str) -> str:
    """'checking your phone' -> 'check your phone' (for 'stop …ing' messages)."""
    first, _, rest = clause.partition(" ")
    if first.endswith("ing") and len(first) > 4:
        stem = first[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            stem = stem[:-1]
        elif stem in _NEEDS_E:
            stem += "e"
        first = stem
    return f"{first} {rest}".strip()


def read_meaning(message: str) -> Meaning:
    text = to_second_person(message.strip().replace("’", "'"))
    low = text.lower()
    feeling = next((f for f in FEELINGS if re.search(rf"\b{f}\b", low)), "")
    if m := re.search(r"\b(i'?m|i am) (so |really )?sorry (for |that |about )?(i )?(?P<c>[^.!?]+)", low):
        return Meaning("apology", _clean(m.group("c")), feeling)
    if m := re.search(r"\byou (always|constantly) (?P<c>[^.!?]+)", low):
        return Meaning("always", _clean(m.group("c")), feeling)
    if m := re.search(r"\byou never (?P<c>[^.!?]+)", low):
        return Meaning("never", _clean(m.group("c")), feeling)
    if m := re.search(r"\b(?:you|u) (?:don'?t|do not|won'?t|can'?t) (?:ever )?(?P<c>[^.!?]+)", low) or re.search(
        r"\bwhy (?:don'?t|won'?t|can'?t|do not) you (?:ever )?(?P<c>[^.!?]+)", low
    ):
        return Meaning("never", _clean(m.group("c")), feeling)
    if m := re.search(r"\b(stop|quit) (?P<c>\w+ing[^.!?]*)", low):
        return Meaning("always", base_form(_clean(m.group("c"))), feeling)
    if m := re.search(r"\btalk about (?P<c>[^.!?]+)", low):
        topic = _clean(m.group("c"))
        if re.match(r"your (attitude|behaviou?r|problem|mood)", topic):
            topic = "how things have felt between us lately"
        return Meaning("talk", topic.replace("your ", "how you've been with ") if topic.startswith("your ") and " " not in topic[5:] else topic, feeling)
    if m := re.search(r"\bi (?:want|need|wish|would like|'d like) (?P<who>you to |us to )?(?P<c>[^.!?]+)", low):
        who = m.group("who")
        clause = _clean(m.group("c"))
        return Meaning("request", f"for {who}{clause}" if who else clause, feeling)
    if feeling:
        return Meaning("feeling", "", feeling)
    if re.search(r"\byour (attitude|behaviou?r|mood|problem)\b|what'?s wrong with you", low):
        return Meaning("talk", "how things have felt between us lately", feeling)
    return Meaning("general", "", feeling)


def grounded_variants(meaning: Meaning) -> list[dict[str, str]]:
    """Variants built from the articles' own example phrasings, fitted to the message."""
    k = meaning.kind
    c = meaning.clause
    f = meaning.feeling or {"always": "frustrated", "never": "a bit alone"}.get(k, "a bit disconnected")
    if k == "apology":
        return [
            {"label": "Apology", "text": f"I'm sorry I {c}. That wasn't fair to you."},
            {"label": "I statement", "text": f"I've been thinking about how I {c}, and I feel bad about it. I want to make it right."},
            {"label": "Appreciation first", "text": f"Thank you for being patient with me. I'm sorry I {c}, and I'd like to do better."},
        ]
    if k == "always":
        return [
            {"label": "I statement", "text": f"I feel {f} when you {c}. Could we figure it out together?"},
            {"label": "Appreciation first", "text": "I really appreciate everything you do for us. There's one thing that's been on my mind, could we talk it through?"},
            {"label": "Low-pressure invitation", "text": "Want to grab a coffee later? I'd like to chat about how things are going at home, no pressure."},
            {"label": "Clear boundary", "text": f"It matters to me that we sort this out: when you {c}, I feel {f}. Can we find a way that works for both of us?"},
        ]
    if k == "never":
        return [
            {"label": "I statement", "text": f"I feel {f} when you don't {c}. I'd love to talk about it."},
            {"label": "Request", "text": f"It would mean a lot to me if you could {c} sometimes."},
            {"label": "Appreciation first", "text": f"I really appreciate you. It would make me feel cared for if you could {c} now and then."},
            {"label": "Low-pressure invitation", "text": "Want to go for a walk later and chat? There's something small I'd like to share."},
        ]
    if k == "talk":
        return [
            {"label": "I statement", "text": f"I've been thinking about {c}, and I'd love to hear how you see it."},
            {"label": "Low-pressure invitation", "text": f"Want to go for a drive later and chat about {c}? No pressure."},
            {"label": "Appreciation first", "text": f"I really value us. Could we talk about {c} sometime this week?"},
        ]
    if k == "request":
        return [
            {"label": "I statement", "text": f"I'd really love {c}. It would help me feel close to you."},
            {"label": "Low-pressure invitation", "text": f"No pressure, but I'd love {c}. What do you think?"},
            {"label": "Appreciation first", "text": f"I love our time together, and I'd really like {c}."},
        ]
    return [
        {"label": "I statement", "text": f"I've been feeling {f} lately, and I'd like us to feel closer. Can we talk when you're ready?"},
        {"label": "Low-pressure invitation", "text": "Want to go for a drive and chat? No agenda, I just want to be with you."},
        {"label": "Appreciation first", "text": "I really appreciate you. There's something on my mind, could we talk about it this week?"},
    ]


def check_variant(text: str) -> list[str]:
    """Why a variant may not be shown (empty if it may)."""
    problems = []
    if BLAME.search(text) or HARSH.search(text):
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


def parse_model_variants(raw: str) -> list[dict[str, str]]:
    """Variants from a model's JSON reply; anything unreadable gives an empty list."""
    m = re.search(r"\{.*\}|\[.*\]", raw, re.DOTALL)
    if not m:
        return []
    try:
        data = json.loads(m.group(0))
    except json.JSONDecodeError:
        return []
    items = data.get("variants", []) if isinstance(data, dict) else data
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("text"), str) and isinstance(item.get("label"), str):
            out.append({"label": item["label"].strip()[:40], "text": item["text"].strip()})
    return out


def merge(model: list[dict[str, str]], grounded: list[dict[str, str]], minimum: int = 3) -> list[dict[str, str]]:
    """Model variants that pass the checks, topped up (or replaced) by grounded ones."""
    chosen = [v for v in model if not check_variant(v["text"])]
    labels = {v["label"] for v in chosen}
    for v in grounded:
        if len(chosen) >= max(minimum, len(grounded)):
            break
        if v["label"] not in labels and not check_variant(v["text"]):
            chosen.append(v)
            labels.add(v["label"])
    return chosen
