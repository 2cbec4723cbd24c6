"""The page through Streamlit's AppTest, on the real index and the embedded model."""

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT

pytestmark = pytest.mark.real


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.run()
    return at


def test_page_shows_notice_and_model(app):
    sidebar = " ".join(c.value for c in app.sidebar.caption)
    assert "not therapy" in sidebar and "embedded:" in sidebar
    assert not app.exception


def test_ask_gets_an_answer_with_sources(app):
    app.chat_input[0].set_value("what if he won't talk about his feelings?").run()
    assert not app.exception
    msgs = app.chat_message
    assert [m.name for m in msgs] == ["user", "assistant"]
    assert any("Sources" in e.label for e in app.expander)


def test_empty_message_keeps_the_page_usable(app):
    app.chat_input[0].set_value("   ").run()
    assert not app.exception and len(app.chat_message) == 0
