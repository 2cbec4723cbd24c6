"""Phrasing: turn a blunt message into gentler ways to say the same thing.

The message's intent (complaint, request, apology, feeling, talk,
appreciation, boundary, support) is named by ``coach.reading.intents``; the ways to say
it come from the templates in ``phrasing.yaml``, built on the articles'
techniques (an "I" statement, a low-pressure invitation, appreciation first,
an apology without "but", a clear boundary, comfort that listens rather than fixes). A template keeps the person's
own words (what happened, what they are sorry or thankful for, the feeling
they name) only when those words are short and carry no sting (none of the
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
from pathlib import Path

from coach.check.verify import HARSH
from coach.datafile import load_yaml

MAX_WORDS = 45
ABSOLUTES = re.compile(r"\b(always|never|every single time|every time|nothing|constantly)\b", re.IGNORECASE)
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
class Meaning:
    kind: str  # the intent: complaint | request | apology | feeling | talk | appreciation | boundary | support
    feeling: str = ""
    slots: dict[str, str] = field(default_factory=dict)  # clean words of the person's own: when, sorry, thanks, ...

    def own_words(self) -> dict[str, str]:
        """The slots that carry the person's words (not the tense of ``when``)."""
        return {k: v for k, v in self.slots.items() if k not in ("feel", "feels")}

    def without(self, names: set[str]) -> Meaning:
        """The same meaning with the named slots left out (``when`` takes its tense with it)."""
        gone = set(names) | ({"feel", "feels"} if "when" in names else set())
        return Meaning(self.kind, self.feeling, {k: v for k, v in self.slots.items() if k not in gone})


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


DATA = load_yaml(Path(__file__).resolve().parent / "phrasing.yaml")
STING = re.compile(r"\b(" + "|".join(re.escape(w) for w in DATA["sting"]) + r")\b", re.IGNORECASE)
FEELING_WORDS = re.compile(r"\b(" + "|".join(re.escape(f) for f in DATA["feelings"]) + r")\b", re.IGNORECASE)
MAX_SLOT_WORDS = 14
_CUT = re.compile(r"\s*(?:,|;|:|\s-\s|\sbut\b|\sbecause\b|\sand (?:you|u|it|that|now|then)\b|\sso\b|\swhich\b|"
                  r"\sand i\b|\si (?:know|think|mean|guess|feel)\b|\swhile\b|\sbefore\b|\sit'?s\b|\sits\b|[.!?])", re.IGNORECASE)
_TEXTING = {r"\bu\b": "you", r"\bur\b(?= (?:gonna|going|not|always|so|being|late|busy|right)\b)": "you're",
            r"\bur\b": "your", r"\bi\b": "I", r"\bim\b": "I'm", r"\bdont\b": "don't",
            r"\b(?:tmrw|tmr|2moro|tomoz)\b": "tomorrow", r"\bcant\b": "can't", r"\bwont\b": "won't", r"\bdidnt\b": "didn't", r"\bive\b": "I've",
            r"\bw\b(?= (?:me|us|you|him|her|them)\b)": "with", r"\bbc\b": "because", r"\babt\b": "about"}


def _plain(message: str) -> str:
    text = message.strip().replace("’", "'")
    for rx, to in _TEXTING.items():
        text = re.sub(rx, to, text, flags=re.IGNORECASE)
    return text


def _clause(text: str) -> str:
    """The words up to the first break (comma, "but", "because", end of sentence)."""
    return _CUT.split(text, maxsplit=1)[0].strip()


_ENDEARMENT = re.compile(r"(?:\s+(?:babe|baby|hun|hon|love|luv|sweetie|darling|my love|x+|xo+))+\s*$", re.IGNORECASE)


_FILLERS = re.compile(r"\s*\b(?:yet again|again|even(?! (?:tho|though|if|when|after|so|before)\b)|literally|seriously|"
                      r"completely|totally)\b", re.IGNORECASE)  # "even though" is not an intensifier


def _clean_slot(clause: str) -> str:
    """A slot may carry the person's words only if they are short and sting-free."""
    clause = _ENDEARMENT.sub("", clause.strip())  # "you didn't get the job babe": the pet name stays out
    clause = _FILLERS.sub("", clause).strip()  # "you didn't even tell me": the "even" stings, the rest is theirs
    if not clause or len(clause.split()) > MAX_SLOT_WORDS or STING.search(clause) or ABSOLUTES.search(clause) \
            or re.search(r"\bevery\b", clause, re.IGNORECASE):
        return ""
    if re.search(r"\b(he|she|they|him|her|them|his|their)\b", clause, re.IGNORECASE):
        return ""  # written about the partner, not to them: the person would not say it like this
    if clause.isupper() or len(clause.split()) < 2:
        return ""
    if re.search(r"\b(that|this|it|them)\s*$|\b(that|this|it) back\b", clause, re.IGNORECASE):
        return ""  # "get that back": what "that" is stays in the words left out
    return re.sub(r"^(?:maybe |just )?(?:want|like) to ", "", clause, flags=re.IGNORECASE)


def _when(text: str) -> str:
    # "why do you always have to be late": what they do is "be late", said as "you're late"
    text = re.sub(r"\b(you (?:always |constantly |just )?)(?:have|need) to\b ", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\byou ((?:always |constantly |just )?)be\b", r"you're \1", text, flags=re.IGNORECASE)
    if m := re.search(r"\b(?:when|whenever|that) (you [^.!?]+)", text, re.IGNORECASE):
        return _clean_slot(_clause(m.group(1)))
    if m := re.search(r"\byou(?:'re| are)? (?:always|constantly|keep) ([^.!?]+)", text, re.IGNORECASE):
        verb = _clause(m.group(1))
        be = re.match(r"you(?:'re| are)", m.group(0), re.IGNORECASE)
        return _clean_slot(("you're " if be else "you ") + verb)
    if m := re.search(r"\bwhy (?:don't|do not|won't|can't) you (?:ever |even )?([a-z]+)\b([^.!?]*)", text, re.IGNORECASE):
        rest = _clause(m.group(2))
        return _clean_slot(f"you don't {m.group(1)}{(' ' + rest) if rest else ''}")
    if m := re.search(r"\byou never ([a-z]+)\b([^.!?]*)", text, re.IGNORECASE):
        verb, rest = m.group(1), _clause(m.group(2))
        if not re.search(r"(ed|s)$", verb, re.IGNORECASE):  # base form only: "you never help" -> "you don't help"
            return _clean_slot(f"you don't {verb}{(' ' + rest) if rest else ''}")
    if m := re.search(r"(?:^|[.!?]\s+)(you (?!(?:are|were|know|think|say|said|seem|look|make|made)\b)[a-z]+\b[^.!?]*)",
                      text, re.IGNORECASE):  # a sentence that starts with what they did: "You went out ..."
        return _clean_slot("y" + _clause(m.group(1))[1:])
    return ""


def _sorry(text: str) -> str:
    m = re.search(r"(?:\b(?:I'm|I am) |^|[.!?]\s+)(?:so |really |truly |very )?sorry (?:that )?((?:I|for|about) [^.!?]+)",
                  text, re.IGNORECASE)
    if not m:
        return ""
    clause = _clause(m.group(1))  # "I was late again": "again" stings and _clean_slot drops it
    return _clean_slot(clause if clause.lower().startswith(("for ", "about ")) else clause[0].upper() + clause[1:])


def _slot(text: str, *patterns: str) -> str:
    """The clean words caught by the first pattern that matches ("" if none does, or they sting)."""
    for rx in patterns:
        if m := re.search(rx, text, re.IGNORECASE):
            return _clean_slot(_clause(m.group(1)))
    return ""


def _thanks(text: str) -> str:
    return _slot(text, r"\b(?:thank you|thanks) (?:so much )?for ([^.!?]+)",
                 r"\bappreciate (?:you |it when you )?((?:\w+ing)[^.!?]*)")


def _ask(text: str) -> str:
    ask = _slot(text, r"(?:^|[.!?]\s+)(?:please )?(stop [a-z]+ing\b[^.!?]*)",
                r"\b(?:can|could|would|will) you (?:please |just )?([^.!?]+)",
                r"\bI (?:need|want|would like|'d like) you to ([^.!?]+)",
                r"(?:^|[.!?]\s+)please ([^.!?]+)")
    return ask if ask.startswith("I ") else ask[:1].lower() + ask[1:]


def _us(text: str) -> str:
    return _slot(text, r"\b(?:I|we) (?:want|need|would like|'d like|'d love|would love|wish)(?: for)? (?:us|we) "
                       r"(?:to |could )([^.!?]+)",
                 r"\b(?:can|could|should) we (?:please |maybe )?([^.!?]+)")


def _proud(text: str) -> str:
    return _slot(text, r"\bproud of you for ([^.!?]+)")


def _about(text: str) -> str:
    """What the person is sorry about in the partner's life: "about your nan", "you didn't get the job"."""
    return _slot(text, r"\bsorry (?:to hear )?((?:about|for) (?:your|the) [^.!?]+)",
                 r"\bsorry (?:to hear )?(?:that )?(you(?:'re| are)? [^.!?]+)")


def _luck(text: str) -> str:
    """What they wish the partner luck with: "with your interview", "tomorrow"."""
    found = _slot(text, r"\bgood luck ((?:with|for|on|at|in) [^.!?]+)")
    if found:
        return found
    m = re.search(r"\bgood luck (today|tomorrow|tonight)\b", text, re.IGNORECASE)
    return m.group(1).lower() if m else ""


def read_meaning(message: str, intent: str) -> Meaning:
    """The person's intent (named by ``coach.reading.intents``) and the clean words of
    theirs that a gentler version can keep."""
    text = _plain(message)
    found = FEELING_WORDS.search(text)
    feeling = found.group(1).lower() if found else ""
    slots = {"when": _when(text), "sorry": _sorry(text), "thanks": _thanks(text), "ask": _ask(text),
             "us": _us(text), "proud": _proud(text), "about": _about(text), "luck": _luck(text)}
    if slots["when"]:  # the tense of what the partner did: "you went" felt, "you don't ask" feel
        past = re.match(r"you(?:'re| are)? (?:\w+ )?(did|didn't|was|wasn't|were|weren't|had|hadn't|went|left|said|told|"
                        r"made|forgot|spent|took|came|got|gave|lost|broke|sent|ran|sat|stood|kept|brought|bought|\w+ed)\b",
                        slots["when"], re.IGNORECASE)
        slots["feel"], slots["feels"] = ("felt", "felt") if past else ("feel", "feels")
    return Meaning(intent, feeling, {k: v for k, v in slots.items() if v})


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
