"""Features: what the reading classifiers see of a piece of text.

Two views side by side: the sentence embedding (meaning, from the bundled
MiniLM model) and hashed word and character n-grams (the words themselves,
robust to typos and stateless, so nothing but the weights has to be stored).
This module turns text into a matrix; it trains and decides nothing.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse

from coach.models.embeddings import MiniLMEmbeddings

LEXICAL_FEATURES = 2**14
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    """Lower case, straight quotes, collapsed space: how the classifiers read text."""
    return re.sub(r"\s+", " ", text.translate(_APOSTROPHES).lower()).strip()


class Featurizer:
    def __init__(self, embeddings: MiniLMEmbeddings) -> None:
        self.embeddings = embeddings
        from sklearn.feature_extraction.text import HashingVectorizer

        self.words = HashingVectorizer(
            n_features=LEXICAL_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm="l2",
            token_pattern=r"(?u)\b\w[\w']*\b", preprocessor=normalise,
        )
        self.chars = HashingVectorizer(
            n_features=LEXICAL_FEATURES, analyzer="char_wb", ngram_range=(3, 5), alternate_sign=False,
            norm="l2", preprocessor=normalise,
        )

    @property
    def width(self) -> int:
        return self.embeddings.dimensions + 2 * LEXICAL_FEATURES

    def vectors(self, texts: list[str]) -> np.ndarray:
        return self.embeddings.encode([normalise(t) for t in texts])

    def transform(self, texts: list[str], vectors: np.ndarray | None = None) -> sparse.csr_matrix:
        """One row per text: [embedding | word n-grams | character n-grams]."""
        if vectors is None:
            vectors = self.vectors(texts)
        return sparse.hstack(
            [sparse.csr_matrix(vectors), self.words.transform(texts), self.chars.transform(texts)], format="csr"
        )
