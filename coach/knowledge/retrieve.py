"""Retrieve: rank article sections for a question, with scores and a floor.

Dense cosine search in Chroma, optionally fused with BM25 by reciprocal rank
fusion (``hybrid``). The reported ``score`` is always the dense cosine
similarity, so the relevance floor means the same thing in either mode.
This module does not write answers; see ``coach.respond.answer``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from coach.datafile import load_yaml
from coach.knowledge.bm25 import BM25, tokens
from coach.knowledge.index import section_of
from coach.knowledge.ingest import Section
from coach.knowledge.library import Library
from coach.models.embeddings import MiniLMEmbeddings
from coach.pronouns import as_article_wording

# Below this dense similarity the articles are taken not to cover the question.
# Measured on evals/retrieval.yaml (covered questions) and evals/uncovered.yaml.
RELEVANCE_FLOOR = 0.30
# a weaker dense match still counts when the top section shares most of the
# question's content words ("a step by step plan for a month")
LEXICAL_FLOOR = 0.18
LEXICAL_SHARE = 0.5
# a second situation joins the first when its probability is at least this share of the first's
SECOND_SITUATION_SHARE = 0.5
NOT_COVERED = "not_covered"
RRF_K = 60
CANDIDATES = 12
VIEWS_PER_SECTION = 4


@dataclass(frozen=True)
class Hit:
    section: Section
    score: float  # dense cosine similarity in [-1, 1]

    def as_source(self) -> dict[str, str | float]:
        return {
            "article": self.section.article,
            "section": self.section.section,
            "text": self.section.text,
            "score": round(float(self.score), 4),
        }


@dataclass(frozen=True)
class Found:
    """What retrieval found for a reading: the sections, and whether the articles cover it."""

    hits: list[Hit]
    covered: bool
    query: str


def section_key(section: Section) -> str:
    return f"{section.slug} / {section.section}"


def load_situations(knowledge_dir: Path) -> dict[str, list[str]]:
    """Situation -> section keys, most apt first (``knowledge/situations.yaml``; empty if absent)."""
    path = Path(knowledge_dir) / "situations.yaml"
    try:
        data = load_yaml(path) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return {name: list((spec or {}).get("sections") or []) for name, spec in data.items() if isinstance(name, str)}


class Retriever:
    def __init__(self, library: Library, embeddings: MiniLMEmbeddings, mode: str = "dense") -> None:
        if mode not in ("dense", "hybrid"):
            raise ValueError(f"unknown retrieval mode {mode!r}")
        self.library = library
        self.embeddings = embeddings
        self.mode = mode
        self.refresh()

    def refresh(self) -> None:
        """Reload the section list (after an ingest)."""
        self.sections = self.library.sections
        self.by_id = {s.id: s for s in self.sections}
        self.by_key = {section_key(s): s.id for s in self.sections}  # "slug / heading" -> id
        self._bm25: BM25 | None = None

    @property
    def bm25(self) -> BM25:
        """The lexical index, built on first use (only the ``hybrid`` mode uses it)."""
        if self._bm25 is None:
            self._bm25 = BM25([s.embed_text() for s in self.sections])
        return self._bm25

    def _dense(self, query: str, n: int) -> list[tuple[str, float]]:
        if not self.sections:
            return []
        best: dict[str, float] = {}
        for entry, similarity in self.library.index.query(self.embeddings.embed_query(query), n * VIEWS_PER_SECTION):
            sid = section_of(entry)
            best[sid] = max(best.get(sid, -1.0), similarity)
        return sorted(best.items(), key=lambda kv: -kv[1])[:n]

    def search(self, query: str, k: int = 3) -> list[Hit]:
        """Top ``k`` sections, best first."""
        query = as_article_wording(query)
        dense = self._dense(query, max(k, CANDIDATES))
        dense_score = dict(dense)
        if self.mode == "dense":
            ranked = [sid for sid, _ in dense]
        else:
            fused: dict[str, float] = {}
            for rank, (sid, _) in enumerate(dense):
                fused[sid] = fused.get(sid, 0.0) + 1.0 / (RRF_K + rank)
            lexical = self.bm25.scores(query)
            order = sorted(range(len(lexical)), key=lambda i: -lexical[i])[:CANDIDATES]
            for rank, i in enumerate(order):
                if lexical[i] > 0:
                    sid = self.sections[i].id
                    fused[sid] = fused.get(sid, 0.0) + 1.0 / (RRF_K + rank)
            ranked = sorted(fused, key=lambda s: -fused[s])
        missing = [sid for sid in ranked[:k] if sid not in dense_score]
        if missing:
            # a lexical-only hit still reports its dense similarity
            q = self.embeddings.vector(query)
            for sid in missing:
                vecs = self.embeddings.encode(self.by_id[sid].views())
                dense_score[sid] = float((vecs @ q).max())
        return [Hit(self.by_id[sid], dense_score[sid]) for sid in ranked[:k] if sid in self.by_id]

    def named(self, keys: list[str], query: str) -> list[Hit]:
        """The sections named by ``keys`` (slug / heading) that exist here, in that order, scored
        against ``query`` (no search: the names come from curated data)."""
        ids = [self.by_key[k] for k in keys if k in self.by_key]
        scores = self.score_sections(query, ids)
        return [Hit(self.by_id[sid], scores[sid]) for sid in ids]

    def score_sections(self, query: str, ids: list[str]) -> dict[str, float]:
        """Dense similarity of ``query`` to each named section (its best view)."""
        q = self.embeddings.vector(as_article_wording(query))
        return {sid: float((self.embeddings.encode_cached(self.by_id[sid].views()) @ q).max())
                for sid in ids if sid in self.by_id}

    def find(self, query: str, situations: list[tuple[str, float]], by_situation: dict[str, list[str]],
             k: int = 3, fill: bool = True) -> Found:
        """Sections for a read message: its situation's sections first, then dense search on ``query``
        (to fill ``k`` only when ``fill``: an answer composed from a situation's guidance needs no more).

        A message read as one of the articles' situations is always covered; one read
        as not covered (or with no situation map) falls back to the relevance floor.
        """
        keyed = self.by_key
        chosen: list[str] = []
        if situations and by_situation:
            first, p1 = situations[0]
            ids = [keyed[key] for key in by_situation.get(first, []) if key in keyed]
            if ids:
                chosen.append(ids[0])
                if len(situations) > 1 and situations[1][1] >= SECOND_SITUATION_SHARE * p1:
                    chosen += [keyed[key] for key in by_situation.get(situations[1][0], [])[:1] if key in keyed]
                chosen += ids[1:]
        chosen = list(dict.fromkeys(chosen))[:k]
        scores = self.score_sections(query, chosen)
        hits = [Hit(self.by_id[sid], scores[sid]) for sid in chosen]
        if len(hits) >= k or (hits and not fill):  # the situation's sections are enough: no dense search
            return Found(hits[:k], True, query)
        read_uncovered = bool(situations) and situations[0][0] == NOT_COVERED
        if read_uncovered and not chosen and not fill:  # the reading already says the articles don't cover it
            return Found([], False, query)
        dense = self.search(query, k=max(k, CANDIDATES))
        hits += [h for h in dense if h.section.id not in chosen][: k - len(hits)]
        covered = bool(chosen) or (not read_uncovered and self.covered(dense, query))
        return Found(hits[:k], covered, query)

    @staticmethod
    def covered(hits: list[Hit], query: str = "", floor: float = RELEVANCE_FLOOR) -> bool:
        """Do the articles cover the question? Dense similarity, or a weaker one with word overlap."""
        if not hits:
            return False
        best = max(h.score for h in hits)
        if best >= floor:
            return True
        if not query or best < LEXICAL_FLOOR:
            return False
        words = set(tokens(as_article_wording(query)))
        top = max(hits, key=lambda h: h.score)
        present = set(tokens(top.section.embed_text()))
        return bool(words) and len(words & present) / len(words) >= LEXICAL_SHARE
