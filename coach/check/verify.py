"""Verify: decide whether a model-written answer may be shown.

An answer passes when it is short, on topic, free of harsh or meta talk, uses
the partner's pronoun, every sentence that makes a claim is supported by the
curated guidance it was given (or a retrieved passage: close in meaning, or
sharing most of its content words), and any words it suggests saying are ones
the guidance offers.
Also used by the evals to score grounding. Does not generate anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from coach.knowledge.bm25 import tokens
from coach.knowledge.retrieve import Hit
from coach.models.embeddings import MiniLMEmbeddings
from coach.pronouns import mismatched
from coach.text import quotes, sentences, word_count

MAX_WORDS = 130
MIN_WORDS = 8
ON_TOPIC = 0.40
SUPPORT_SIMILARITY = 0.55
SUPPORT_OVERLAP = 0.6
QUOTE_SIMILARITY = 0.75
HARSH = re.compile(
    r"\b(stupid|idiot|pathetic|your fault|you always|you never|deserve it|get over it|"
    r"grow up|ridiculous|dumb|nag|crazy|hysterical|dump (him|her|them))\b",
    re.IGNORECASE,
)
META = re.compile(
    r"(as an ai|language model|the passages?|the (text|context) (says|above)|system prompt|"
    r"i cannot|i can't help|<\|?im_|\bhttps?://|question:|answer:|the answer (to your question )?is\b)",
    re.IGNORECASE,
)
ACKNOWLEDGING = re.compile(
    r"^(it'?s|that'?s|this is|that sounds|it sounds|i hear|i can see|you'?re not alone|"
    r"wanting|it makes sense|what a|how|i'm sorry)\b",
    re.IGNORECASE,
)


# acknowledging the person: reflection, validation, warmth (not a sentiment lexicon,
# which scores "I hear how painful this is" as negative)
ACKNOWLEDGES = re.compile(
    r"\b(it'?s (hard|understandable|okay|natural|painful|lonely)|that'?s (hard|a thoughtful|a caring|a fair|"
    r"understandable|tough)|makes sense|i hear|that sounds|it sounds|you'?re not alone|glad|brave|very human|"
    r"caring place|matter(s)? more than|kindest|i'?m (really )?sorry|you deserve|thoughtful|thanks for asking)\b",
    re.IGNORECASE,
)
NOT_PROSE = re.compile(r"^\s*(\d+[.)]|[-*•]|#+)\s|\*\*|\|", re.MULTILINE)


def acknowledges(text: str) -> bool:
    """The text acknowledges the person (or asks them a gentle question)."""
    return bool(ACKNOWLEDGES.search(text)) or text.rstrip().endswith("?")


@dataclass
class Verdict:
    ok: bool
    reasons: list[str] = field(default_factory=list)
    supported: float = 1.0  # share of claim sentences supported by passages


def claim_sentences(answer: str) -> list[str]:
    """Sentences that state advice or facts (not a short acknowledgement or question)."""
    out = []
    for s in sentences(answer):
        if s.endswith("?") or (ACKNOWLEDGING.match(s) and word_count(s) <= 22):
            continue
        if word_count(s) >= 4:
            out.append(s)
    return out


def support_share(answer: str, passages: list[str], embeddings: MiniLMEmbeddings) -> float:
    """Share of the answer's claim sentences supported by the passages (1.0 if none)."""
    claims = claim_sentences(answer)
    if not claims:
        return 1.0
    passage_sents = [s for p in passages for s in sentences(p)]
    if not passage_sents:
        return 0.0
    pv = embeddings.encode_cached(passage_sents)
    cv = embeddings.encode(claims)
    sims = cv @ pv.T
    passage_words = set(tokens(" ".join(passages)))
    ok = 0
    for i, claim in enumerate(claims):
        words = set(tokens(claim))
        overlap = len(words & passage_words) / max(1, len(words))
        if float(sims[i].max()) >= SUPPORT_SIMILARITY or overlap >= SUPPORT_OVERLAP:
            ok += 1
    return ok / len(claims)


def _same_words(a: str, b: str) -> bool:
    wa, wb = set(tokens(a)), set(tokens(b))
    return bool(wa) and len(wa & wb) / len(wa) >= 0.8


def quotes_supported(answer: str, sources: str, embeddings: MiniLMEmbeddings) -> bool:
    """Words the answer suggests saying must be ones the guidance or the articles offer:
    a made-up line is where a small model contradicts the user ("so glad we celebrated")."""
    said = quotes(answer)
    if not said:
        return True
    offered = quotes(sources) or sentences(sources)
    if not offered:
        return False
    sims = embeddings.encode(said) @ embeddings.encode_cached(offered).T
    return bool((sims.max(axis=1) >= QUOTE_SIMILARITY).all())


def check_answer(
    answer: str, question: str, hits: list[Hit], embeddings: MiniLMEmbeddings, pronoun: str, guidance: str = ""
) -> Verdict:
    """The gate for model text: shown only if every check passes. With ``guidance`` (the
    curated lines composed for the message) its claims and quotes must come from those."""
    reasons = []
    n = word_count(answer)
    if n < MIN_WORDS:
        reasons.append(f"too short ({n} words)")
    if n > MAX_WORDS:
        reasons.append(f"too long ({n} words)")
    if n and not claim_sentences(answer):
        reasons.append("gives no advice")
    if n and _same_words(answer, question):
        reasons.append("repeats the question")
    if n and answer.rstrip()[-1:] not in ".!?\"”’)":
        reasons.append("stops mid-sentence")
    said = [re.sub(r"\W+", " ", x.lower()).strip() for x in sentences(answer)]
    if len(said) != len(set(said)):
        reasons.append("repeats itself")
    if NOT_PROSE.search(answer):
        reasons.append("not plain prose (a list, heading or table)")
    if META.search(answer):
        reasons.append("talks about itself or its instructions")
    if HARSH.search(answer):
        reasons.append("harsh or blaming language")
    if mismatched(answer, pronoun):
        reasons.append("wrong pronoun for the partner")
    if n:
        # on topic: close to the question, or to a passage retrieved for it
        vec = embeddings.vector(answer)
        sim = float(np.dot(vec, embeddings.vector(question)))
        if hits:
            sim = max(sim, float((embeddings.encode_cached([h.section.text for h in hits]) @ vec).max()))
        if sim < ON_TOPIC:
            reasons.append(f"off topic (similarity {sim:.2f})")
    passages = [guidance] if guidance else [h.section.text for h in hits]
    if n and not quotes_supported(answer, " ".join(passages), embeddings):
        reasons.append("suggests words the guidance does not offer")
    # a sentence that reflects the person's own situation is supported by what they wrote
    support = passages + [question] if guidance else passages
    share = support_share(answer, support, embeddings) if n else 0.0
    if share < 1.0:
        reasons.append(f"only {share:.0%} of its claims are supported by the guidance or the message")
    return Verdict(not reasons, reasons, share)
