"""Techniques: name the communication move in one practice turn.

Moves that open a partner up (validation, open questions, "I" statements,
appreciation, low-pressure invitations, patience, apology) and moves that
close them down (pressure, blame, fixing, lecturing), plus ``neutral``.
Word-aware rules decide first (closing moves win over opening ones in the
same turn: "I love you but you never listen" is blame); otherwise the nearest
labelled exemplar in ``technique_examples.yaml`` does. Each move is tied to the
article section that teaches it. Nothing here calls a chat model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from .embeddings import MiniLMEmbeddings

ARTICLE = "Deepening Emotional Connection: Practical Strategies That Build Trust"
EXAMPLES_PATH = Path(__file__).resolve().parent / "technique_examples.yaml"
MIN_SIMILARITY = 0.45


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

# checked in this order; the first that matches names the move
RULES: list[tuple[str, str]] = [
    ("blame", r"\byou (always|never)\b|\byour fault\b|\bwhat('?s| is) wrong with you\b|\byou make me\b|"
              r"\bbecause of you\b|\bit'?s (all )?on you\b|\byou don'?t (even )?care\b|\byou'?re (so |being )?(selfish|lazy|useless|cold|ridiculous|impossible)\b|"
              r"\byour attitude\b|\bi'?m sick of you\b"),
    ("pressure", r"\bwe need to talk\b|\b(talk|tell me) (to me )?(right )?now\b|\bright now\b|\bwhy won'?t you\b|"
                 r"\byou have to (talk|tell|open)\b|\bjust (tell|talk to) me\b|\bi need you to (talk|tell|open)\b|"
                 r"\bdon'?t walk away\b|\bwe'?re (doing|having) this now\b|\bor (else|i'?m leaving|we'?re done)\b|\banswer me\b"),
    ("lecturing", r"\bthe (real )?problem is\b|\byou need to (understand|realise|realize|learn)\b|\blet me explain\b|"
                  r"\b(studies|experts|therapists|research) (show|say)\b|\bhealthy couples\b|\bif you (just )?(think|thought) about it\b|"
                  r"\blisten to me\b|\bthat'?s not how (relationships|this) work"),
    ("fixing", r"\byou should\b|\bwhy don'?t you (just )?\b|\bhave you tried\b|\bjust (quit|ignore|tell|talk to) (your|him|her|them|the)\b|"
               r"\bthe (solution|answer|fix) is\b|\bhere'?s what you (do|should)\b|\byou could (just )?(quit|ask|try|tell)\b|\bjust don'?t\b|\bwhat you need (to do )?is\b"),
    ("apology", r"\b(i'?m|i am) (so |really )?sorry\b|\bi apologi[sz]e\b|\bthat wasn'?t fair (to|of)\b|\bmy (fault|bad|mistake)\b|\bi shouldn'?t have\b"),
    ("validation", r"\bthat sounds (really |so )?(hard|tough|awful|exhausting|stressful|frustrating|like a lot)\b|\bi can see (why|how)\b|"
                   r"\b(that|it) makes (total |complete )?sense\b|\bi hear you\b|\bno wonder you\b|\bof course you'?re\b|\bthat must (be|have been|feel)\b|"
                   r"\bsounds like (you|it)'?(re|s| are| has| have)?\b|\bi get (it|why)\b|\bit'?s okay to feel\b"),
    ("appreciation", r"\b(i|really) (really )?appreciate\b|\bthank(s| you) for\b|\bi love (that|how|it when) you\b|\bit means a lot\b|"
                     r"\bi noticed (you|that you)\b|\bi'?m (so )?(proud|grateful)\b|\byou did (a )?(great|amazing|lovely)\b"),
    ("i_statement", r"\bi (feel|felt|'?ve been feeling|have been feeling|get|got) (a bit |really |so |kind of )?(\w+ )?(when|because|about|that|lonely|hurt|sad|scared|nervous|worried|insecure|anxious|disconnected|frustrated|ignored|overwhelmed|left out|far)\b|"
                     r"\bi miss (you|us|talking)\b|\bi'?m (nervous|worried|scared) (about|that)\b"),
    ("invitation", r"\b(want|would you like|do you fancy|fancy|how about|wanna) (to )?(go|grab|get|take|cook|walk|drive|sit|watch|come)\b|"
                   r"\bno agenda\b|\bjust (want|wanted) to be with you\b|\bwhenever you'?re ready\b|\blet'?s (go|take|grab|cook|do)\b"),
    ("patience", r"\btake (your|all the) time\b|\bno (pressure|rush)\b|\bi'?m (here|not going anywhere)\b|\bwe don'?t have to talk\b|"
                 r"\bwhen(ever)? you (feel|are) ready\b|\bi'?ll be here\b|\bonly if you want\b"),
    ("open_question", r"^(what|how|which|tell me about)\b.*\?|\b(what|how) (was|were|did|do|does|is|are|has|have|part|would)\b[^?]*\?\s*$"),
]
_COMPILED = [(label, re.compile(rx, re.IGNORECASE)) for label, rx in RULES]


class TechniqueDetector:
    def __init__(self, embeddings: MiniLMEmbeddings) -> None:
        self.embeddings = embeddings
        data = yaml.safe_load(EXAMPLES_PATH.read_text(encoding="utf-8"))
        self.examples = [(label, text) for label, texts in data.items() for text in texts]
        self._vecs = embeddings.encode([t for _, t in self.examples])

    def detect(self, turn: str) -> str:
        text = turn.strip().replace("’", "'")
        for label, rx in _COMPILED:
            if rx.search(text):
                return label
        if len(text.split()) < 2:
            return "neutral"
        sims = self._vecs @ self.embeddings.vector(text)
        best = int(np.argmax(sims))
        return self.examples[best][0] if sims[best] >= MIN_SIMILARITY else "neutral"
