"""Real ChromaDB: embedded on disk, and a real `chroma run` server on 127.0.0.1."""

import shutil

import pytest

from coach.knowledge.index import open_index, sync
from coach.knowledge.ingest import ingest_dir
from coach.knowledge.library import Library
from coach.knowledge.retrieve import Retriever
from coach.settings import DEFAULT_KNOWLEDGE_DIR

from .conftest import free_port

pytestmark = pytest.mark.real


def test_ingest_twice_changes_nothing_and_edits_are_synced(tmp_path, embeddings):
    kdir = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, kdir)
    store, notice = open_index(embeddings, tmp_path / "chroma")
    assert notice is None
    first = sync(store, ingest_dir(kdir).sections)
    assert first.added == len(ingest_dir(kdir).sections) and first.removed == 0
    ids = store.ids()
    second = sync(store, ingest_dir(kdir).sections)
    assert (second.added, second.removed) == (0, 0) and store.ids() == ids
    art = kdir / "cultivating-emotional-connection.md"
    art.write_text(art.read_text().replace("Make an effort to spend quality time", "Make time to spend quality time"))
    third = sync(store, ingest_dir(kdir).sections)
    assert (third.added, third.removed) == (1, 1)
    (kdir / "extra.md").write_text("---\ntitle: Extra\n---\n## Gratitude jar\n\nWrite one thank-you note a day.\n")
    fourth = sync(store, ingest_dir(kdir).sections)
    assert fourth.added == 1
    library = Library(kdir, embeddings, tmp_path / "chroma")
    hits = Retriever(library, embeddings).search("a daily thank you note idea", k=1)
    assert hits[0].section.article == "Extra" and library.status.stats.added == 0
    (kdir / "extra.md").unlink()
    status, changed = library.ensure()
    assert changed and status.stats.removed == 1 and "Extra" not in {s.article for s in library.sections}


def test_corrupt_index_is_rebuilt_with_a_notice(tmp_path, embeddings):
    chroma = tmp_path / "chroma"
    store, _ = open_index(embeddings, chroma)
    sync(store, ingest_dir(DEFAULT_KNOWLEDGE_DIR).sections)
    del store
    for f in chroma.rglob("*.sqlite3"):
        f.write_bytes(b"this is not a database" * 100)
    store, notice = open_index(embeddings, chroma)
    assert notice and "rebuilt" in notice
    assert sync(store, ingest_dir(DEFAULT_KNOWLEDGE_DIR).sections).added > 0


def test_chroma_server_mode(tmp_path, embeddings):
    from coach.bench import chroma_server, connect_when_ready

    proc, url = chroma_server(tmp_path / "srv")
    try:
        library = connect_when_ready(embeddings, url, ingest_dir(DEFAULT_KNOWLEDGE_DIR).sections)
        assert library.status.stats.added > 10
        hits = Retriever(library, embeddings).search("he won't open up about his feelings", k=3)
        assert any("talk about feelings" in h.section.section for h in hits)
        assert (tmp_path / "srv").is_dir()  # the server holds the data
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_unreachable_server_gives_a_clear_error(tmp_path, embeddings):
    from coach.knowledge.index import IndexUnavailable

    with pytest.raises(IndexUnavailable, match="COACH_CHROMA_URL"):
        open_index(embeddings, tmp_path, f"http://127.0.0.1:{free_port()}")


def test_an_answer_its_situation_fills_never_opens_the_index(tmp_path, embeddings):
    from coach.service import Coach

    from .conftest import make_settings

    coach = Coach(make_settings(tmp_path), embeddings=embeddings)
    reply = coach.ask("My partner had a horrible week and I immediately listed what he should say to his manager. "
                      "What did I do wrong?")
    assert reply.route == "answer" and reply.sources and not coach.library.is_open
    assert coach.retrieve("how do I listen better?") and coach.library.is_open
    assert coach.status.stats.added == len(coach.library.sections)
