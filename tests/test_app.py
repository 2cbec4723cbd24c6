"""The page through Streamlit's AppTest, on the real index and the embedded model."""

import pytest
from streamlit.testing.v1 import AppTest

from coach.storage.conversations import Store

from .conftest import ROOT, free_port

pytestmark = pytest.mark.real


@pytest.fixture(autouse=True)
def fresh_resources():
    """The page caches the coach and the store; each test gets its own. A test ends only
    when its coach's warm-up thread has: CPython 3.11 counts the depth of ``ast.parse`` per
    interpreter, not per thread (gh-106905), so a warm-up still importing and parsing in the
    background can fail the next page's compile with "AST constructor recursion depth mismatch"."""
    import threading

    import streamlit as st

    st.cache_resource.clear()
    yield
    for thread in threading.enumerate():
        if thread.name == "coach-warm-up":
            thread.join(timeout=300)
    st.cache_resource.clear()


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.run()
    assert not at.exception
    return at


def button(at, label, sidebar=False):
    pool = at.sidebar.button if sidebar else at.button
    return next(b for b in pool if b.label == label)


def test_page_shows_notice_model_and_help(app):
    sidebar = " ".join(c.value for c in app.sidebar.caption)
    assert "not therapy" in sidebar and "embedded:" in sidebar
    assert any("Need help" in e.label for e in app.sidebar.expander)


def test_ask_answers_with_sources_and_history_can_be_resumed_and_deleted(app, tmp_path):
    app.chat_input[0].set_value("what if he won't talk about his feelings?").run()
    assert not app.exception
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    assert any("Sources" in e.label for e in app.expander)
    titles = [b.label for b in app.sidebar.button]
    assert any("what if he won't talk" in t for t in titles)
    button(app, "New conversation", sidebar=True).click().run()
    assert len(app.chat_message) == 0
    resume = next(b for b in app.sidebar.button if "what if he won't talk" in b.label)
    resume.click().run()
    assert len(app.chat_message) == 2
    button(app, "Delete this conversation", sidebar=True).click().run()
    assert len(app.chat_message) == 0
    assert not any("what if he won't talk" in b.label for b in app.sidebar.button)


def test_practice_two_turns_hint_and_debrief(app):
    app.radio(key="mode").set_value("Practice").run()
    assert not app.exception
    assert app.chat_message[0].name == "assistant"  # the partner opens
    assert "withdraws" in app.info[0].value
    app.chat_input[0].set_value("That sounds really tough.").run()
    app.chat_input[0].set_value("What was the hardest part of today?").run()
    assert not app.exception
    moves = " ".join(c.value for c in app.caption)
    assert "validation" in moves and "open question" in moves
    button(app, "Hint").click().run()
    assert app.success and app.success[0].value.startswith("Try")
    button(app, "End and debrief").click().run()
    assert "openness went from" in app.chat_message[-1].markdown[0].value


def test_phrasing_shows_variants_with_copy_blocks(app):
    app.radio(key="mode").set_value("Phrasing").run()
    app.text_area[0].set_value("We need to talk about your attitude.")
    button(app, "Suggest gentler words").click().run()
    assert not app.exception
    assert len(app.code) >= 3
    assert any("We need to talk" in m.value for m in app.markdown)


def test_plan_check_off_today_and_note(app, tmp_path):
    app.radio(key="mode").set_value("30-day plan").run()
    assert not app.exception and "Day 1" in app.subheader[0].value
    app.checkbox(key="done-1").check().run()
    store = Store(tmp_path / "coach.sqlite3")
    assert store.plan_state()[1]["done"] == 1
    app.text_area(key="note-1").set_value("Asked about his day; he talked for ten minutes.")
    button(app, "Save note").click().run()
    assert "ten minutes" in Store(tmp_path / "coach.sqlite3").plan_state()[1]["note"]


def test_failing_backend_keeps_the_message_and_offers_retry(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COACH_BACKEND", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("COACH_TIMEOUT", "3")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.run()
    at.chat_input[0].set_value("how do I show him I appreciate him?").run()
    assert not at.exception
    assert at.error and "could not be reached" in at.error[0].value
    assert any(b.label == "Retry" for b in at.button)
    store = Store(tmp_path / "coach.sqlite3")
    conv = store.conversations()[0]
    assert store.messages(conv["id"])[0]["content"] == "how do I show him I appreciate him?"


def test_delete_all_my_data(app, tmp_path):
    app.chat_input[0].set_value("how can I be a better listener?").run()
    assert Store(tmp_path / "coach.sqlite3").conversations()
    app.sidebar.checkbox[0].check().run()
    button(app, "Delete all my data", sidebar=True).click().run()
    assert Store(tmp_path / "coach.sqlite3").conversations() == []


def test_streaming_backend_answer_reaches_the_page(tmp_path, monkeypatch):
    from .badserver import GOOD_TEXT, BadServer

    with BadServer() as server:
        monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("COACH_BACKEND", "openai")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("COACH_MODEL", "m")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
        at.run()
        at.chat_input[0].set_value("what if he won't talk about his feelings?").run()
        assert not at.exception
        assert any(r.get("stream") for r in server.requests)  # the page asked for a token stream
        assert GOOD_TEXT in at.chat_message[-1].markdown[0].value
        assert "openai:m@" in " ".join(c.value for c in at.sidebar.caption)
