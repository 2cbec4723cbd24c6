"""Text helpers shared by the answer builders and checks: sentences, quotes, words.

Pure functions on strings; no models, no I/O.
"""

from __future__ import annotations

import re

_SENT_END = re.compile(r"(?<=[.!?…\x01])[”\"]?\s+(?=[“\"A-Z0-9\x00])")
QUOTE = re.compile(r"“([^”]{3,240})”")
QUOTE_SPAN = re.compile(r"“[^”]*”")
_NOT_SAID = re.compile(r"(rather than|instead of|not|avoid|never)\s*$", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_ABBREV = re.compile(r"\b(Dr|Mr|Mrs|Ms|e\.g|i\.e|a\.m|p\.m|vs)\.", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split prose (and list items) into sentences; list markers are dropped.

    Quoted speech (“…”) and abbreviations never end a sentence.
    """
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip().lstrip("-*• ").strip()
        if not line or line.startswith("|"):
            continue
        kept: list[str] = []

        def hide(m: re.Match) -> str:
            kept.append(m.group(0))
            ends = m.group(0).startswith("“") and m.group(0).rstrip("”").endswith((".", "!", "?"))
            return f"\x00{len(kept) - 1}" + ("\x01" if ends else "\x02")

        masked = _ABBREV.sub(hide, QUOTE_SPAN.sub(hide, line))
        for part in _SENT_END.split(masked):
            while "\x00" in part:
                part = re.sub(r"\x00(\d+)[\x01\x02]", lambda m: kept[int(m.group(1))], part)
            if part.strip():
                out.append(part.strip())
    return out


def quotes(text: str) -> list[str]:
    """Quoted phrases (“…”) that read like something a person could say."""
    found = []
    for m in QUOTE.finditer(text):
        q = m.group(1).strip().rstrip(",")
        after = text[m.end() : m.end() + 4]
        if "—" in after or len(q.split()) < 3:
            continue  # an attribution, or too short to say
        if _NOT_SAID.search(text[max(0, m.start() - 20) : m.start()]):
            continue  # an example of what not to say
        found.append(q)
    return found


def word_count(text: str) -> int:
    return len(text.split())


def clean_input(text: str) -> str:
    """Drop control characters and surrounding space; keep every other character."""
    return CONTROL.sub("", text).strip()
