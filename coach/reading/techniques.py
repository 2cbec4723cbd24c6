"""Techniques: name the communication move in one practice turn.

Moves that open a partner up (validation, open questions, "I" statements,
appreciation, low-pressure invitations, patience, apology) and moves that
close them down (pressure, blame, fixing, lecturing), plus ``neutral``, each
tied to the article section that teaches it. The move of a turn is named by
the trained classifier in ``coach.reading.moves`` (labelled examples:
``technique_examples.yaml`` and the practice sessions). Nothing here calls a
chat model.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.models.embeddings import MiniLMEmbeddings

ARTICLE = "Deepening Emotional Connection: Practical Strategies That Build Trust"


@dataclass(frozen=True)
class Technique:
    label: str
    opens: bool | None  # True opens, False closes, None neutral
    section: str
    why: str
    instead: str


TECHNIQUES: dict[str, Technique] = {t.label: t for t in [
    Technique("validation", True, "1. Practice Deep Listening Without Fixing",
              "you reflected their feelings back, which builds emotional safety",
              "Reflect what you hear: “That sounds really tough.”"),
    Technique("open_question", True, "Step-by-Step Guide to Deepening Emotional Connection (30-Day Plan)",
              "an open question invites them to share without a yes/no exit",
              "Ask something open: “What part of your day energized you?”"),
    Technique("i_statement", True, "4. Encourage Vulnerability Through Your Own Openness",
              "you spoke for your own feelings without blame, which models openness",
              "Share your side with “I”: “I felt insecure when I didn't hear from you.”"),
    Technique("appreciation", True, "3. Speak His Emotional Language",
              "specific appreciation makes them feel seen and cared for",
              "Name what they did: “I really appreciate you doing that.”"),
    Technique("invitation", True, "Frequently Asked Questions › What if he doesn’t want to talk about feelings?",
              "a low-pressure invitation lets them open up side by side",
              "Invite, don't summon: “Want to go for a drive and chat?”"),
    Technique("patience", True, "Mini Case Study: Rebuilding Connection After Distance",
              "giving space without demands lets them come to you",
              "Stay close without an agenda: “No agenda. Just want to be with you.”"),
    Technique("apology", True, "5. Build Trust Through Reliability, Not Grand Gestures",
              "owning a slip gracefully reinforces trust",
              "Own it simply: “I'm sorry. That wasn't fair to you.”"),
    Technique("pressure", False, "Frequently Asked Questions › What if he doesn’t want to talk about feelings?",
              "pushing leads to resistance",
              "Respect their pace: “Want to go for a walk and chat?” rather than “We need to talk.”"),
    Technique("blame", False, "4. Encourage Vulnerability Through Your Own Openness",
              "blame and absolutes put them on the defensive",
              "Describe your feeling, not their fault: “I felt hurt when…”"),
    Technique("fixing", False, "1. Practice Deep Listening Without Fixing",
              "jumping in with advice signals their emotions are problems to fix",
              "Listen to understand first: “I can see why you'd feel that way.”"),
    Technique("lecturing", False, "1. Practice Deep Listening Without Fixing",
              "a lecture is listening to respond, not to understand",
              "Ask instead of explaining: “How are you feeling about everything?”"),
    Technique("neutral", None, "1. Practice Deep Listening Without Fixing",
              "a neutral turn keeps things going but doesn't open much",
              "Try a reflection or an open question next."),
]}

OPENING = [k for k, t in TECHNIQUES.items() if t.opens]
CLOSING = [k for k, t in TECHNIQUES.items() if t.opens is False]


class TechniqueDetector:
    """Names the move of one practice turn (``coach.reading.moves``'s trained classifier)."""

    def __init__(self, embeddings: MiniLMEmbeddings) -> None:
        from coach.reading.moves import MoveReader

        self.moves = MoveReader(embeddings)

    def detect(self, turn: str) -> str:
        return self.moves.read(turn) if turn.strip() else "neutral"
