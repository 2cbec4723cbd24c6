"""Index: keep the article sections in ChromaDB, embedded on disk or on a server.

The one vector-store layer, ``SectionIndex``, talks to chromadb's public client
API directly (``Collection.count/get/query/upsert/delete``). chromadb rather than
LangChain's ``Chroma`` wrapper, because the coach needs a count, metadata-only
reads and queries by a vector it has already embedded (the reading and the
answer reuse it), none of which the wrapper offers publicly; the vectors are
always computed by the coach's own embeddings, never by Chroma.

``open_index`` connects (a persistent folder by default, a Chroma server when
``COACH_CHROMA_URL`` is set) and ``sync`` makes the collection match a list of
sections: ids are content hashes, so unchanged sections are skipped, new ones
upserted and vanished ones deleted. A corrupt on-disk index is moved aside and
rebuilt. This module does not chunk articles (``coach.knowledge.ingest``) or rank
results (``coach.knowledge.retrieve``).
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from coach.knowledge.ingest import Section

if TYPE_CHECKING:
    import chromadb

log = logging.getLogger(__name__)
COLLECTION_PREFIX = "coach_sections"


class IndexUnavailable(RuntimeError):
    """The vector store cannot be reached or opened."""


@dataclass
class SyncStats:
    added: int
    removed: int
    unchanged: int
    seconds: float

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _collection_name(embeddings: Embeddings) -> str:
    model = getattr(embeddings, "model_id", "custom")
    safe = "".join(c if c.isalnum() else "_" for c in model).strip("_")
    return f"{COLLECTION_PREFIX}_{safe}"[:60]


def _client(chroma_dir: Path, chroma_url: str | None) -> chromadb.ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        if not url.hostname:
            raise IndexUnavailable(f"COACH_CHROMA_URL is not a URL: {chroma_url!r}")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=settings,
            )
        except Exception as exc:  # connection errors vary by version
            raise IndexUnavailable(
                f"cannot reach the Chroma server at {chroma_url} (COACH_CHROMA_URL): {exc}"
            ) from None
    chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(chroma_dir), settings=settings)


class SectionIndex:
    """The sections' vectors in one Chroma collection (cosine space), embedded by ``embeddings``."""

    def __init__(self, collection: chromadb.Collection, embeddings: Embeddings) -> None:
        self.collection = collection
        self.embeddings = embeddings
        self._count: int | None = None  # asked of Chroma once, then kept in step by add and delete

    def count(self) -> int:
        if self._count is None:
            self._count = self.collection.count()
        return self._count

    def ids(self) -> set[str]:
        """Ids of the stored entries (one per view of a section: ``SECTION_ID:N``)."""
        return set(self.collection.get(include=[])["ids"])

    def add(self, ids: list[str], texts: list[str], metadatas: list[dict]) -> None:
        vectors = self.embeddings.embed_documents(texts)
        self.collection.upsert(ids=ids, embeddings=vectors, documents=texts, metadatas=metadatas)
        self._count = None

    def delete(self, ids: list[str]) -> None:
        self.collection.delete(ids=ids)
        self._count = None

    def query(self, vector: list[float], n: int) -> list[tuple[str, float]]:
        """The ``n`` nearest entries to ``vector``: (entry id, cosine similarity), best first."""
        res = self.collection.query(query_embeddings=[vector], n_results=max(1, min(n, self.count())),
                                    include=["distances"])
        return [(entry, 1.0 - dist) for entry, dist in zip(res["ids"][0], res["distances"][0])]


def _open(client: chromadb.ClientAPI, embeddings: Embeddings) -> SectionIndex:
    collection = client.get_or_create_collection(
        _collection_name(embeddings), configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
    )
    index = SectionIndex(collection, embeddings)
    index.count()  # touch it: a corrupt index fails here, not later
    return index


def open_index(
    embeddings: Embeddings, chroma_dir: Path, chroma_url: str | None = None
) -> tuple[SectionIndex, str | None]:
    """Open the store; returns it and a notice if a corrupt index was rebuilt."""
    try:
        return _open(_client(chroma_dir, chroma_url), embeddings), None
    except IndexUnavailable:
        raise
    except Exception as exc:
        if chroma_url:
            raise IndexUnavailable(
                f"the Chroma server at {chroma_url} (COACH_CHROMA_URL) failed: {exc}"
            ) from None
        aside = chroma_dir.with_name(f"{chroma_dir.name}.corrupt-{int(time.time())}")
        log.warning("index at %s unreadable (%s); moving it to %s and rebuilding", chroma_dir, exc, aside)
        shutil.move(str(chroma_dir), str(aside))
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()  # chroma caches the broken client by path
        notice = f"The search index was unreadable, so it was rebuilt (old copy kept at {aside})."
        try:
            return _open(_client(chroma_dir, None), embeddings), notice
        except Exception as again:
            raise IndexUnavailable(f"cannot open a fresh index at {chroma_dir}: {again}") from None


def section_of(entry_id: str) -> str:
    return entry_id.split(":", 1)[0]


def sync(store: SectionIndex, sections: list[Section], batch: int = 64) -> SyncStats:
    """Make the collection hold exactly ``sections``; only changed ones are embedded."""
    start = time.perf_counter()
    wanted = {s.id: s for s in sections}
    have = store.ids()
    have_sections = {section_of(i) for i in have}
    new = [s for sid, s in wanted.items() if sid not in have_sections]
    gone = sorted(i for i in have if section_of(i) not in wanted)
    entries = [
        (f"{s.id}:{n}", view, {**s.metadata(), "sid": s.id, "text": s.text if n == 0 else ""})
        for s in new
        for n, view in enumerate(s.views())
    ]
    for i in range(0, len(entries), batch):
        chunk = entries[i : i + batch]
        store.add([e[0] for e in chunk], [e[1] for e in chunk], [e[2] for e in chunk])
    if gone:
        store.delete(ids=gone)
    removed = len({section_of(i) for i in gone})
    return SyncStats(len(new), removed, len(wanted) - len(new), time.perf_counter() - start)
