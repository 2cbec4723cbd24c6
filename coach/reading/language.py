"""Language: is a message written in English, the one language the coach reads?

A cheap first look (most words are whole words of the embedding model's
English vocabulary) settles ordinary English, slang included, without loading
anything; otherwise py3langid (its model ships inside the wheel) names the
language. Only a confident non-English verdict counts, so short or mixed
messages are read as English. Decides nothing about routes.
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache

from coach.models.embeddings import TOKENIZER_PATH

ENGLISH_SHARE = 0.8  # this share of known English words settles it without the identifier
MIN_CONFIDENCE = 0.9
MIN_WORDS = 3
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    vocab = json.loads(TOKENIZER_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and not w.startswith("##"))


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def english_share(text: str) -> float:
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return 1.0
    vocab = _vocabulary()
    return sum(w in vocab for w in words) / len(words)


def language_of(text: str) -> tuple[str, float]:
    """An ISO code and confidence; ("en", 1.0) when the quick look settles it."""
    letters = re.findall(r"[^\W\d_]", text)
    latin = sum(c.isascii() for c in letters)
    other_script = len(letters) >= 4 and latin < len(letters) / 2  # Cyrillic, Arabic, CJK, ...
    if not other_script and (len(text.split()) < MIN_WORDS or english_share(text) >= ENGLISH_SHARE):
        return "en", 1.0
    with _lock:
        code, confidence = _identifier().classify(text)
    if other_script and code == "en":
        return "und", 1.0
    return str(code), 1.0 if other_script else float(confidence)


def is_english(text: str, min_confidence: float = MIN_CONFIDENCE) -> bool:
    code, confidence = language_of(text)
    return code == "en" or confidence < min_confidence
