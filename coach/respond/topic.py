"""Topic: the concrete thing a message to a partner is about ("your phone", "the dishes").

A gentler version of a message must still be about what the message is about:
"I've been feeling a bit hurt about your phone" keeps it, "something has been on
my mind" loses it. This module finds a short noun phrase for that topic in the
message's own words: a possessive or article followed by one or two content
words ("your golf mates", "the wedding budget", "our anniversary"), or a
content word after "about" ("about work"). Words that cannot head a topic
(function words, feelings, sting words, time fillers) are listed as data in
``topic.yaml``. It names a topic only; it does not judge whether the message is
fair, and it returns "" when the message names no concrete thing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from coach.datafile import load_yaml

HERE = Path(__file__).resolve().parent
DETERMINERS = r"your|ur|my|our|the|his|her|their|that|this|a|an"
_WORD = r"[a-z][a-z'-]*"
_NP = re.compile(rf"\b({DETERMINERS})\s+({_WORD})(?:\s+({_WORD}))?", re.IGNORECASE)
_LIKE = re.compile(r"\b(?:like|such|as|what)\s+(?:a|an)\s*$", re.IGNORECASE)  # "like a child": a comparison
_ABOUT = re.compile(rf"\babout\s+({_WORD})(?:\s+({_WORD}))?", re.IGNORECASE)
_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+)(?:'s\s+([a-z]+))?")  # "Sophie", "Sarah's wedding", mid-sentence
_NO = re.compile(rf"\bno[- ]({_WORD})", re.IGNORECASE)  # "no phones", "no-phones dinners"
_DOING = re.compile(rf"\b(?:always|keep|constantly|stop|all this|all that)\s+([a-z]+ing)((?:\s+{_WORD}){{0,3}})",
                    re.IGNORECASE)  # "stop leaving wet towels", "always gaming"


@lru_cache(maxsize=1)
def _data() -> dict[str, frozenset[str]]:
    data = load_yaml(HERE / "topic.yaml")
    return {name: frozenset(w.lower() for w in words) for name, words in data.items() if name != "actions"}


@lru_cache(maxsize=1)
def _actions() -> list[tuple[re.Pattern, str]]:
    data = load_yaml(HERE / "topic.yaml")
    return [(re.compile(rf"\b(?:{words})\b", re.IGNORECASE), phrase) for words, phrase in data["actions"].items()]


def _content(word: str | None) -> bool:
    """A word that can be (part of) a topic: not a function word, feeling, sting or filler."""
    if not word:
        return False
    w = word.lower().strip("'-")
    d = _data()
    if w in d["short"]:
        return True
    return len(w) > 2 and w not in d["not_topic"] and not w.endswith("ly") and w not in d["verbs"]


def _phrase(det: str, first: str, second: str | None) -> str:
    det = "your" if det.lower() == "ur" else det.lower()
    if det in ("that", "this", "a", "an"):
        det = "the"
    if first.lower().endswith("'s") and _content(second):  # "your mum's birthday"
        return f"{det} {first.lower()} {second.lower()}"
    if _content(second) and not first.lower().endswith("s") and not second.lower().endswith("s"):
        return f"{det} {first.lower()} {second.lower()}"
    return f"{det} {first.lower()}"


def topic_of(message: str) -> str:
    """The message's concrete topic as a short noun phrase ("your phone"), or ""."""
    found = topics_of(message)
    return found[0] if found else ""


def topics_of(message: str) -> list[str]:
    """Every topic phrase the message offers, in the order they appear."""
    text = message.replace("’", "'")
    for phrase in _data()["disclaimers"]:  # "I'm not trying to start a fight": not what it is about
        text = re.sub(rf"\b{re.escape(phrase)}\b", " ", text, flags=re.IGNORECASE)
    found = []  # (position, phrase): the earliest one is the topic
    for m in _NAME.finditer(text):
        name = m.group(1)
        if name.lower() not in _data()["not_topic"] and name.lower() not in _data()["verbs"]:
            found.append((m.start(), f"{name}'s {m.group(2).lower()}" if _content(m.group(2)) else name))
    for m in _NO.finditer(text):
        if _content(m.group(1)):
            found.append((m.start(), f"the {m.group(1).lower()}"))
    for m in _DOING.finditer(text):
        if _content(m.group(1)):
            words = [m.group(1).lower()]
            for w in m.group(2).split():
                if not (_content(w) or w.lower() in _data()["modifiers"] or w.lower() in ("me", "us")):
                    break
                words.append(w.lower())
            whose = "you " if re.search(r"\b(?:you|u)(?:'re| are)?(?:\s+to)?\s*$", text[: m.start()], re.IGNORECASE) else ""
            found.append((m.start(), whose + " ".join(words)))  # "you correcting me", not "correcting me"
    for m in _NP.finditer(text):
        det, first, second = m.group(1), m.group(2), m.group(3)
        if _LIKE.search(text[: m.end(1)]):
            continue
        if first.lower() in _data()["modifiers"]:
            if _content(second):
                found.append((m.start(), _phrase(det, second, None)))
                break
        elif _content(first):
            found.append((m.start(), _phrase(det, first, second)))
            break
    for rx, phrase in _actions():
        if m := rx.search(text):
            found.append((m.start(), phrase))
    if (m := _ABOUT.search(text)) and _content(m.group(1)):
        found.append((m.start(), m.group(1).lower()))
    return list(dict.fromkeys(phrase for _, phrase in sorted(found)))
