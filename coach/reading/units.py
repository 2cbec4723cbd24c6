"""Units: the pieces of a message that are read one by one.

A crisis sentence can sit anywhere in a long message, and many people type
without punctuation, so a message is read as its sentences plus overlapping
word windows (which also cut run-on text into readable pieces) plus, when it
is short, the whole message. ``position_features`` says where a unit sits and
whether it reads like the question asked. Pure functions on strings; no models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

# a sentence ends at . ! ? … or a line break; emoji and "lol"-style endings are kept with their sentence
_SPLIT = re.compile(r"(?<=[.!?…])[\"”')\]]*\s+|\n+|\s+(?:-{1,2}|—)\s+")
WINDOW_WORDS = 14
WINDOW_STEP = 7
WHOLE_WORDS = 60  # messages up to this many words are also read whole
LONG_SENTENCE_WORDS = 24  # a longer "sentence" (run-on text) is also read in windows


@dataclass(frozen=True)
class Unit:
    text: str
    start: int  # character offset in the message
    end: int
    kind: str  # "sentence", "window" or "whole"


def sentences(message: str) -> list[Unit]:
    """The message's sentences with their character spans (empty pieces dropped)."""
    out, pos = [], 0
    for m in list(_SPLIT.finditer(message)) + [None]:
        end = m.start() if m else len(message)
        piece = message[pos:end]
        stripped = piece.strip()
        if stripped:
            start = pos + piece.index(stripped)
            out.append(Unit(stripped, start, start + len(stripped), "sentence"))
        if m:
            pos = m.end()
    return out


def _windows(message: str, unit: Unit) -> list[Unit]:
    words = list(re.finditer(r"\S+", unit.text))
    if len(words) <= LONG_SENTENCE_WORDS:
        return []
    out = []
    for first in range(0, len(words) - WINDOW_STEP, WINDOW_STEP):
        chunk = words[first : first + WINDOW_WORDS]
        a, b = unit.start + chunk[0].start(), unit.start + chunk[-1].end()
        out.append(Unit(message[a:b], a, b, "window"))
    return out


def units(message: str) -> list[Unit]:
    """Sentences, windows over long run-on sentences, adjacent sentence pairs, and the whole if short."""
    sents = sentences(message)
    out = list(sents)
    for s in sents:
        out.extend(_windows(message, s))
    for a, b in zip(sents, sents[1:]):
        if len(a.text.split()) + len(b.text.split()) <= LONG_SENTENCE_WORDS:
            out.append(Unit(message[a.start : b.end], a.start, b.end, "pair"))
    text = message.strip()
    if len(sents) > 1 and len(text.split()) <= WHOLE_WORDS:
        start = message.index(text)
        out.append(Unit(text, start, start + len(text), "whole"))
    return out or [Unit(text, 0, len(text), "whole")]


def overlap(unit: Unit, start: int, end: int) -> float:
    """Share of the span [start, end) that the unit covers."""
    if end <= start:
        return 0.0
    return max(0, min(unit.end, end) - max(unit.start, start)) / (end - start)


QUESTION_START = re.compile(r"^(how|what|why|should|is|are|can|could|do|does|would|will|any|when|where|help|idk how)\b")


def position_features(message: str, found: list[Unit]) -> np.ndarray:
    """Where a unit sits and whether it reads like the ask: for choosing the key sentence."""
    n = max(1, len(message))
    rows = []
    for u in found:
        t = u.text.strip().lower()
        rows.append([
            u.end / n, float(u.end >= len(message.rstrip()) - 2), float("?" in t),
            float(bool(QUESTION_START.search(t))), min(len(t.split()), 40) / 40,
        ])
    return np.array(rows, dtype=np.float32).reshape(len(found), 5)
