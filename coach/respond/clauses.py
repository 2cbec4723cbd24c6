"""Clauses: the piece of a message a gentler version may keep, cut out and cooled.

Pure string functions shared by the slot finders of ``coach.respond.own_words``:
texting shorthand spelled out (``plain``), a clause cut at its first break
(``first_clause``), words that only add heat taken out (``cooled``: absolutes,
intensifiers, swearing), and the checks a clause must pass to be kept
(``clean_slot``: short, no sting, said to the partner, not a dangling "that").
This module finds no slot and names no intent; it only cuts and cleans.
"""

from __future__ import annotations

import re
from pathlib import Path

from coach.datafile import load_yaml

DATA = load_yaml(Path(__file__).resolve().parent / "phrasing.yaml")
STING = re.compile(r"\b(" + "|".join(re.escape(w) for w in DATA["sting"]) + r")\b", re.IGNORECASE)
FEELING_WORDS = re.compile(r"\b(" + "|".join(re.escape(f) for f in DATA["feelings"]) + r")\b", re.IGNORECASE)
ABSOLUTES = re.compile(r"\b(always|never|every single time|every time|nothing|constantly)\b", re.IGNORECASE)
MAX_SLOT_WORDS = 14

_CUT = re.compile(r"\s*(?:,|;|:|\s-\s|\sbut\b|\sbecause\b|\sand (?:you|u|it|that|now|then)\b|\sso (?=i|you|we|it|that|he|she|they|now|then|yeah|like)\b|\swhich\b|"
                  r"\sand (?:i|your|my)\b|\si (?:know|think|mean|guess|feel|need|want|just|have|worry|was)\b|\si'?m\b|"
                  r"\s(?:we're|we are|we'll|we were)\b|\splease\b|\swhile\b|\sbefore\b|\sit'?s\b|\sits\b|\sas (?:i|we)\b|"
                  r"\sit (?:really |kind of |kinda |properly )?(?:stung|hurt|hurts|sucked|upset)\b|"
                  r"\s(?:thank you|thanks|thx|lol|lmao|haha\w*|tbh|ngl|fr|smh|idk|are you serious)\b|"
                  r"\slike (?:i'?m|it'?s|what|why|how|who|i|seriously|wtf|omg)\b|[.!?]|"
                  r"\s[\U0001F300-\U0001FAFF\u2600-\u27BF])", re.IGNORECASE)
_TEXTING = {r"\bu\b": "you", r"\bur\b(?= (?:gonna|going|not|always|so|being|late|busy|right|fine|ok|okay|nervous|worried|stressed|tired|upset|"
            r"sad|scared|angry|mad|done|home|back|welcome|the best|my|a|an|such|really|still|probably|literally|"
            r"acting|doing|getting|making|pretending|actually|allowed|meant|amazing|sick|out|away)\b)": "you're",
            r"\bur\b": "your", r"\bi\b": "I", r"\bim\b": "I'm", r"\bdont\b": "don't",
            r"\b(?:tmrw|tmr|2moro|tomoz)\b": "tomorrow", r"\bcant\b": "can't", r"\bwont\b": "won't", r"\bdidnt\b": "didn't", r"\bive\b": "I've",
            r"\bw\b(?= (?:me|us|you|your|my|him|her|them)\b)": "with", r"\bbc\b": "because", r"\babt\b": "about",
            r"\brn\b": "right now", r"\bpls\b|\bplz\b": "please", r"\bye\b(?= (?:made|did|said|went|left|forgot)\b)": "you",
            r"\byer\b": "your", r"\bcn\b": "can", r"\bthru\b": "through", r"\bsry\b": "sorry", r"\bwanna\b": "want to", r"\bgonna\b": "going to"}
_ENDEARMENT = re.compile(r"(?:\s+(?:babe|babes|bae|bb|baby|hun|hunny|hon|love|luv|sweetie|darling|my love|x+|xo+))+\s*$", re.IGNORECASE)
# heat, not meaning: taken out of a clause before it is judged ("even though" is not an intensifier)
_FILLERS = re.compile(r"\s*\b(?:yet again|again|actually|even(?! (?:tho|though|if|when|after|so|before)\b)|literally|seriously|"
                      r"completely|totally|always|constantly|all the time|for once(?: in your life)?|just once|"
                      r"damn|bloody|freaking|fucking|effing|frickin\w*|"
                      r"every single (?:day|night|week|weekend|morning|evening|month|year)|every (?:day|night|week|weekend|morning|evening|month|year))\b",
                      re.IGNORECASE)
_NEVER = ((r"\byou(?:'re| are) never\b", "you're not"), (r"\byou(?:'ve| have) never\b", "you haven't"),
          (r"\byou never (?=[a-z]+\b)(?!\w+(?:ed|s)\b)", "you don't "))


def plain(message: str) -> str:
    text = message.strip().replace("’", "'")
    for rx, to in _TEXTING.items():
        text = re.sub(rx, to, text, flags=re.IGNORECASE)
    return text


def first_clause(text: str) -> str:
    """The words up to the first break (comma, "but", "because", "lol", end of sentence)."""
    return _CUT.split(text, maxsplit=1)[0].strip()


def cooled(clause: str) -> str:
    """The clause without the words that only add heat: absolutes, intensifiers, swearing."""
    clause = re.sub(r"\bevery (?:single )?time (?=you\b|we\b|I\b)", "when ", clause, flags=re.IGNORECASE)
    # "you spend every weekend at the allotment": the time is what is spent, so it stays, without the absolute
    clause = re.sub(r"\b(spend|spent|spending) every (?:single )?(day|night|week|weekend|morning|evening)\b",
                    r"\1 so many \2s", clause, flags=re.IGNORECASE)
    clause = re.sub(r"\b(haven't|hasn't|didn't) once\b", r"\1", clause, flags=re.IGNORECASE)
    for rx, to in _NEVER:
        clause = re.sub(rx, to, clause, flags=re.IGNORECASE)
    clause = _FILLERS.sub("", clause)
    return re.sub(r"\s{2,}", " ", clause).strip()


def clean_slot(clause: str) -> str:
    """A slot may carry the person's words only if, cooled, they are short and sting-free."""
    if not re.search(r"\b(?:the|a|my|our|your|new)\s+\w+\s*$", clause, re.IGNORECASE):  # "with the baby" is no pet name
        clause = _ENDEARMENT.sub("", clause.strip())  # "you didn't get the job babe": the pet name stays out
    clause = re.sub(r"\s+(?:when|and|but|because|so|while|if|or|as)\s*$", "", clause.strip(), flags=re.IGNORECASE)
    clause = cooled(clause)
    if not clause or len(clause.split()) > MAX_SLOT_WORDS or STING.search(clause) or ABSOLUTES.search(clause) \
            or re.search(r"\bevery\b", clause, re.IGNORECASE):
        return ""
    if re.search(r"\b(he|she|they|him|her|them|his|their)\b", clause, re.IGNORECASE):
        return ""  # written about the partner, not to them: the person would not say it like this
    if clause.isupper() or len(clause.split()) < 2:
        return ""
    if re.search(r"\b(that|this|it|them|a|an|the)\s*$|\b(that|this|it) back\b", clause, re.IGNORECASE):
        return ""  # "get that back": what "that" is stays in the words left out
    if re.search(r"\b(?:[A-Z]{4,}|ONE|ALL|NOW|AND|THE|FOR|NOT|ANY|WHY|HOW)\b", clause):
        # shouting: "BACK IN THE FRIDGE" is said as "back in the fridge", "ONE evening" as "one evening"
        clause = re.sub(r"\b(?!I\b)[A-Z]{2,}\b", lambda m: m.group(0).lower(), clause)
    return re.sub(r"^(?:maybe |just )?(?:want|like) to ", "", clause, flags=re.IGNORECASE)


# where a sentence that says what happened starts: "Cool so you went ...", "..., but you left ..."
LEAD = (r"(?:^|[.!?]\s+|,? but |, and )(?:(?:ok(?:ay)?|so|and|but|cool|wow|great|well|babe|bro|dude|mate|hun|"
        r"hey|oh|yeah|like|honestly|also)[, ]+)*")


def first_slot(text: str, *patterns: str) -> str:
    """The clean words caught by the first pattern that matches ("" if none does, or they sting)."""
    for rx in patterns:
        if m := re.search(rx, text, re.IGNORECASE):
            return clean_slot(first_clause(m.group(1)))
    return ""
