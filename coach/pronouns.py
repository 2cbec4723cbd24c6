"""Pronouns: speak of the user's partner the way the user does.

The articles say "he" and "him"; users have partners of any gender. This
module detects how the user refers to their partner and rewrites advice text
to match (she/her, or a neutral "your partner"/"they"). Quoted source text in
citations is never rewritten; only the coach's own answer is.
"""

from __future__ import annotations

import re

HE, SHE, THEY = "he", "she", "they"

_CUES = [
    (HE, r"\b(he|him|his|himself|husband|boyfriend|bf|fiance|hubby)\b|\bhe's\b|\bhe'd\b"),
    (SHE, r"\b(she|her|hers|herself|wife|girlfriend|gf|fiancee|wifey)\b|\bshe's\b|\bshe'd\b"),
    (THEY, r"\b(partner|spouse|they|them|their|themself|themselves|significant other)\b"),
]


def partner_pronoun(texts: list[str]) -> str:
    """The pronoun the user uses for their partner, newest text first; THEY if unclear."""
    for text in reversed(texts):
        low = text.lower().replace("’", "'")
        found = [(m.start(), p) for p, rx in _CUES for m in [re.search(rx, low)] if m]
        gendered = [f for f in found if f[1] != THEY]
        if gendered:
            return min(gendered)[1]
        if found:
            return THEY
    return THEY


_SHE = {"he": "she", "him": "her", "his": "her", "himself": "herself", "men": "women", "man": "woman"}
_THEY = {
    "he": "your partner", "him": "them", "his": "their", "himself": "themselves",
    "men": "people", "man": "person",
}
_WORDS = re.compile(r"\b(he|him|his|himself|men|man)\b", re.IGNORECASE)


def _match_case(src: str, dst: str) -> str:
    return dst[0].upper() + dst[1:] if src[0].isupper() else dst


def adapt(text: str, pronoun: str) -> str:
    """Rewrite he/him/his (and men/man) in advice text for the partner's pronoun."""
    if pronoun == HE:
        return text
    table = _SHE if pronoun == SHE else _THEY
    out = _WORDS.sub(lambda m: _match_case(m.group(0), table[m.group(0).lower()]), text)
    if pronoun == THEY:
        out = re.sub(r"\b(a|A) person\b", lambda m: f"{m.group(1)} person", out)
        out = out.replace("your partner’s", "your partner is").replace("your partner's", "your partner is")
        out = re.sub(r"(^|[.!?]\s+)your partner", lambda m: m.group(1) + "Your partner", out)
    return out


def mismatched(text: str, pronoun: str) -> bool:
    """True if a generated answer speaks of the partner with the wrong pronoun."""
    low = text.lower()
    if pronoun == SHE:
        return bool(re.search(r"\b(he|him|his|himself)\b", low))
    if pronoun == HE:
        return bool(re.search(r"\b(she|her|hers|herself)\b", low))
    return False


_PARTNER_NOUNS = re.compile(
    r"\b(girlfriend|boyfriend|wife|husband|gf|bf|spouse|fiancee?|hubby|wifey|significant other|other half)\b",
    re.IGNORECASE,
)
_HER_OBJECT = re.compile(
    r"\bher(?=\s*(?:[.,!?;:]|$|\s(?:to|and|a|an|the|that|about|in|on|for|with|when|if|so|more|feel|know|"
    r"up|out|again|too|anymore|back|open|talk|what|how|why|is|was|feel)\b))",
    re.IGNORECASE,
)


def as_article_wording(text: str) -> str:
    """Rewrite a question the way the articles speak (partner, he/him/his) for retrieval.

    The embedding model scores "she shuts down" lower than "he shuts down"
    against articles written about "him"; retrieval should not depend on the
    partner's gender. Only the search query is rewritten, never the answer.
    """
    out = _PARTNER_NOUNS.sub("partner", text)
    out = re.sub(r"\bshe's\b", "he's", out, flags=re.IGNORECASE)
    out = re.sub(r"\bshe'd\b", "he'd", out, flags=re.IGNORECASE)
    out = re.sub(r"\bshe\b", "he", out, flags=re.IGNORECASE)
    out = re.sub(r"\bherself\b", "himself", out, flags=re.IGNORECASE)
    out = re.sub(r"\bhers\b", "his", out, flags=re.IGNORECASE)
    out = _HER_OBJECT.sub("him", out)
    return re.sub(r"\bher\b", "his", out, flags=re.IGNORECASE)
