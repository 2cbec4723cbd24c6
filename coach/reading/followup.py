"""Follow-ups: read a message in the light of the conversation so far.

"and if that doesn't work?" leans on the previous question, so retrieval uses
both; "ok" or "thanks" is an acknowledgement, never a new question. This module
only decides; it does not retrieve or answer.
"""

from __future__ import annotations

import re

from coach.knowledge.bm25 import tokens

_ACK = re.compile(
    r"^(ok(ay)?|k|kk|yes|yeah|yep|yup|sure|no|nope|thanks?( you)?( so much)?|thx|ty|cool|great|"
    r"got it|makes sense|alright|all right|right|fine|good|nice|perfect|will do|i see|hmm+|ah+|oh+|"
    r"understood|noted|sounds good|i will|i'll try( that)?|ok thanks|okay thanks|👍|🙏|❤️|😊)"
    r"[\s.!,❤️🙏👍😊]*$",
    re.IGNORECASE,
)
_LEANS = re.compile(
    r"^(and|but|so|also|then|what if|what about|how about|and if|ok but|okay but|or)\b|"
    r"\b(that|this|it|those|these|the same|instead|again|doesn'?t work|didn'?t work|still)\b",
    re.IGNORECASE,
)
STANDALONE_WORDS = 7


def is_acknowledgement(message: str) -> bool:
    """A short reply like "ok", "yes" or "thanks" that asks nothing new."""
    return bool(_ACK.match(message.strip()))


def leans_on_history(message: str) -> bool:
    """True if the message likely needs earlier turns to be understood."""
    content = tokens(message)
    return len(content) < 2 or (bool(_LEANS.search(message)) and len(content) < STANDALONE_WORDS)


def retrieval_query(message: str, history: list[dict[str, str]]) -> str:
    """The text to retrieve with: the message, plus the last user question if it leans on it."""
    if not leans_on_history(message):
        return message
    earlier = [
        t["content"] for t in history if t.get("role") == "user" and not is_acknowledgement(t["content"])
    ]
    if not earlier:
        return message
    return f"{earlier[-1]} {message}"
