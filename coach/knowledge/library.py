"""Library: the sections of ``knowledge/`` and the search index over them, opened on first search.

The sections are read straight from the articles (a millisecond), so an answer
that its situation's sections fill never opens Chroma at all. The index is
opened, and brought in step with the articles (``coach.knowledge.index.sync``),
the first time a search needs it or when ``ensure`` is called (``coach ingest``,
the page's warm-up). This module neither ranks sections nor writes replies.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from coach.knowledge.index import SectionIndex, SyncStats, open_index, sync
from coach.knowledge.ingest import IngestReport, Section, ingest_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexStatus:
    """What the last ingest found, what the last sync changed (None before the index is opened),
    and a notice for the user (a corrupt index that was rebuilt)."""

    report: IngestReport
    stats: SyncStats | None
    notice: str | None


class Library:
    def __init__(self, knowledge_dir: Path | None, embeddings: Embeddings, chroma_dir: Path,
                 chroma_url: str | None = None, sections: list[Section] | None = None) -> None:
        """Sections from ``knowledge_dir``, or exactly ``sections`` (benchmarks, evals) when it is None."""
        self.knowledge_dir = knowledge_dir
        self._given = IngestReport(sections=list(sections or []))
        self.embeddings = embeddings
        self.chroma_dir = chroma_dir
        self.chroma_url = chroma_url
        self._lock = threading.Lock()
        self._index: SectionIndex | None = None
        self._stats: SyncStats | None = None
        self._notice: str | None = None
        self.report = self._ingest()

    def _ingest(self) -> IngestReport:
        if self.knowledge_dir is None:
            return self._given
        report = ingest_dir(self.knowledge_dir)
        for name, problem in report.problems:
            log.warning("skipped article %s: %s", name, problem)
        return report

    @property
    def sections(self) -> list[Section]:
        """Every section of the articles, in article order."""
        return sorted(self.report.sections, key=lambda s: (s.slug, s.order))

    @property
    def index(self) -> SectionIndex:
        """The search index, opened and synced with the articles on first use."""
        with self._lock:
            if self._index is None:
                self._index, self._notice = open_index(self.embeddings, self.chroma_dir, self.chroma_url)
                self._stats = sync(self._index, self.report.sections)
            return self._index

    def open(self) -> IndexStatus:
        """Open the index now (syncing it with the sections) and return the status."""
        _ = self.index
        return self.status

    @property
    def is_open(self) -> bool:
        return self._index is not None

    def ensure(self) -> tuple[IndexStatus, bool]:
        """Read the articles again and sync the index with them; returns the status and
        whether the sections changed since they were last read."""
        before = {s.id for s in self.report.sections}
        was_open = self.is_open
        self.report = self._ingest()
        index = self.index  # opening syncs
        if was_open:
            with self._lock:
                self._stats = sync(index, self.report.sections)
        return self.status, before != {s.id for s in self.report.sections}

    @property
    def status(self) -> IndexStatus:
        return IndexStatus(self.report, self._stats, self._notice)
