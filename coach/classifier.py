"""Classifier: a small softmax regression over sentence embeddings, trained on start.

Trained in well under a second from the labelled exemplars in the repo (no
download, no saved weights), it generalises by direction in embedding space
rather than by nearest neighbour. Used by ``coach.safety``; knows no routes.
"""

from __future__ import annotations

import numpy as np


class SoftmaxClassifier:
    def __init__(self, labels: list[str], l2: float = 1e-3, epochs: int = 400, lr: float = 2.0) -> None:
        self.labels = list(labels)
        self.l2, self.epochs, self.lr = l2, epochs, lr
        self.w: np.ndarray | None = None
        self.b: np.ndarray | None = None

    def fit(self, x: np.ndarray, y: list[str]) -> SoftmaxClassifier:
        idx = np.array([self.labels.index(v) for v in y])
        n, d = x.shape
        k = len(self.labels)
        onehot = np.eye(k)[idx]
        # balance classes so a larger exemplar list does not dominate
        weights = (n / (k * np.bincount(idx, minlength=k).clip(min=1)))[idx][:, None]
        w = np.zeros((d, k))
        b = np.zeros(k)
        for _ in range(self.epochs):
            p = self._softmax(x @ w + b)
            grad = (p - onehot) * weights / n
            w -= self.lr * (x.T @ grad + self.l2 * w)
            b -= self.lr * grad.sum(axis=0)
        self.w, self.b = w, b
        return self

    @staticmethod
    def _softmax(z: np.ndarray) -> np.ndarray:
        z = z - z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)

    def proba(self, x: np.ndarray) -> dict[str, float]:
        """Probability of each label for one vector."""
        if self.w is None:
            raise RuntimeError("fit the classifier first")
        p = self._softmax(x @ self.w + self.b)
        return {label: float(v) for label, v in zip(self.labels, p, strict=True)}
