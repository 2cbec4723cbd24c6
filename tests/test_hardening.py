"""Bad input, failing backends, killed processes, concurrent users, and privacy."""

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.models.factory import build_chat_model
from coach.present.reply import ROUTES, BackendError, InputError, validate_message
from coach.service import Coach
from coach.storage.conversations import Store

from .badserver import GOOD_TEXT, BadServer
from .conftest import ROOT, free_port, make_settings

SECRET = "sk-test-SECRET-0123456789abcdef"
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text_inputs = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80),
    st.sampled_from(["", "   ", "\x00\x01\x02", "😊😊😊", "他不和我说话怎么办", "¿Qué hago si no habla?",
                     "<script>alert(1)</script>", "**bold** [link](javascript:alert(1))", "\u202e\u200b"]),
)


@FAST
@given(raw=text_inputs)
def test_any_text_gets_a_route_or_a_clear_input_error(coach_factory, raw):
    coach = coach_factory(*(["Respect his pace."] * 3))
    try:
        reply = coach.ask(raw)
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert reply.route in ROUTES and reply.answer


@FAST
@given(raw=text_inputs)
def test_any_text_in_phrasing_and_roleplay(coach_factory, raw):
    coach = coach_factory()
    try:
        result = coach.phrase(raw)
        assert result.route in ROUTES
    except InputError:
        pass
    rp = coach.roleplay("withdrawn", seed=1)
    turn = rp.say(raw[:4000] or "...")
    assert turn is None or turn.move and turn.partner


def test_stated_maximum_and_binary_input():
    with pytest.raises(InputError, match="4,000"):
        validate_message("x" * 100_000, 4000)
    with pytest.raises(InputError):
        validate_message(b"\xff\xfe\x00", 4000)
    with pytest.raises(InputError):
        validate_message(12345, 4000)
    assert validate_message("  hi\x00 there \x07 ", 4000) == "hi there"


@pytest.mark.real
@pytest.mark.parametrize("mode,expect", [
    ("refused", "could not be reached"), ("hang", "too long"), ("500", "HTTP 500"),
    ("malformed", ""), ("truncated", ""),
])
def test_failing_backend_gives_a_clear_message_then_retry_works(embeddings, session_data, mode, expect):
    with BadServer() as server:
        url = f"http://127.0.0.1:{free_port()}/v1" if mode == "refused" else server.url
        settings_ = make_settings(session_data, backend="openai", openai_base_url=url, openai_api_key=SECRET,
                                  model="m", timeout_s=2.0)
        coach = Coach(settings_, chat_model=build_chat_model(settings_), embeddings=embeddings)
        server.mode = mode
        history = [{"role": "user", "content": "my boyfriend is quiet"}]
        with pytest.raises(BackendError) as err:
            coach.ask("what if he won't talk about his feelings?", history=history)
        message = str(err.value)
        assert message and expect in message and SECRET not in message and "Traceback" not in message
        assert history == [{"role": "user", "content": "my boyfriend is quiet"}]  # the conversation is untouched
        if mode != "refused":
            server.mode = "ok"
            reply = coach.ask("what if he won't talk about his feelings?", history=history)
            assert reply.route == "answer" and GOOD_TEXT in reply.answer and reply.answered_by == "model"


@pytest.mark.real
def test_an_empty_reply_falls_back_to_the_articles(embeddings, session_data):
    with BadServer() as server:
        server.mode = "empty"
        s = make_settings(session_data, backend="openai", openai_base_url=server.url, model="m", timeout_s=5.0)
        reply = Coach(s, chat_model=build_chat_model(s), embeddings=embeddings).ask("what if he won't talk?")
        assert reply.answered_by == "articles" and reply.sources and reply.answer


WRITER = """
import sys
from coach.storage.conversations import Store
store = Store(sys.argv[1])
cid = store.new_conversation("ask")
print(cid, flush=True)
for i in range(100000):
    mid = store.add_message(cid, "user" if i % 2 == 0 else "assistant", f"message {i} " + "x" * 200)
    print(mid, flush=True)
"""


@pytest.mark.real
def test_killed_mid_save_loses_nothing_confirmed(tmp_path):
    db = tmp_path / "coach.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    cid = proc.stdout.readline().strip()
    confirmed = []
    deadline = time.time() + 1.5
    while time.time() < deadline:
        confirmed.append(int(proc.stdout.readline()))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = Store(db)
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved = {m["id"] for m in store.messages(cid)}
    assert len(confirmed) > 10 and set(confirmed) <= saved


@pytest.mark.real
def test_eight_conversations_at_once_on_the_real_model(embeddings, session_data):
    coach = Coach(make_settings(session_data), embeddings=embeddings)  # the real embedded model
    questions = [
        ("My wife never wants to talk about feelings.", "she"), ("How do I thank him for fixing things?", "he"),
        ("We have kids and only talk logistics now.", None), ("I forgot our call, how do I apologise to her?", "she"),
        ("Is there a month long plan to feel closer?", None), ("How can I listen to him without fixing?", "he"),
        ("He cheated. Can we rebuild trust?", "he"), ("How do I support my girlfriend's hobbies?", "she"),
    ]
    expected = {q: [s["section"] for s in coach.ask(q).sources] for q, _ in questions}
    results, errors = {}, []

    def worker(q: str) -> None:
        try:
            results[q] = coach.ask(q)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(q,)) for q, _ in questions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert errors == [] and len(results) == 8
    for q, pronoun in questions:
        assert [s["section"] for s in results[q].sources] == expected[q], q
        if pronoun == "she":
            assert " him " not in f" {results[q].answer.lower()} ", q


def test_nothing_the_user_wrote_is_logged(coach_factory, caplog):
    marker = "zebra-private-marker-42"
    with caplog.at_level(logging.DEBUG):
        coach = coach_factory("Respect his pace.")
        coach.ask(f"my partner {marker} won't talk to me")
        coach.phrase(f"you never {marker}")
    assert marker not in caplog.text


@pytest.mark.real
def test_the_api_key_never_appears(tmp_path):
    from coach.settings import load_settings

    env = {"COACH_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "COACH_BACKEND": "openai",
           "OPENAI_API_KEY": SECRET, "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1", "COACH_TIMEOUT": "2",
           "COACH_LOG_LEVEL": "DEBUG"}
    out = subprocess.run([sys.executable, "-m", "coach", "ask", "how do I listen better?", "--json"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 3 and SECRET not in out.stdout + out.stderr
    s = load_settings(env)
    assert SECRET not in repr(s) and SECRET not in s.describe_backend()
    store = Store(tmp_path / "coach.sqlite3")
    cid = store.new_conversation("ask")
    store.add_message(cid, "assistant", "hello", sources=[{"article": "a", "section": "s"}], meta={"backend": s.describe_backend()})
    assert SECRET not in store.export_json(cid) + store.export_markdown(cid)
    assert json.loads(store.export_json(cid))["messages"][0]["content"] == "hello"


def test_model_failures_are_named_by_openai_exception_type():
    import httpx
    import openai

    from coach.respond.answer import describe_failure

    request = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    assert "timeout" in describe_failure(openai.APITimeoutError(request=request))
    assert "could not be reached" in describe_failure(openai.APIConnectionError(request=request))
    status = openai.InternalServerError("boom", response=httpx.Response(503, request=request), body=None)
    assert "HTTP 503" in describe_failure(status)
    assert describe_failure(RuntimeError("sk-secret in text")) == "it failed (RuntimeError)"


def test_model_variants_are_read_with_the_json_parser():
    from coach.respond.model_variants import parse_model_variants

    fenced = '```json\n{"variants": [{"label": "I statement", "text": "I feel alone."}, {"label": "", "text": "x"}]}\n```'
    assert parse_model_variants(fenced) == [{"label": "I statement", "text": "I feel alone."}]
    assert parse_model_variants('[{"label": "Low-pressure invitation", "text": "Walk later?"}]')[0]["text"] == "Walk later?"
    assert parse_model_variants("I can't do that.") == []


def test_settings_name_the_variable_and_hide_the_key():
    from coach.settings import SettingsError, load_settings

    with pytest.raises(SettingsError, match="COACH_TIMEOUT"):
        load_settings({"COACH_TIMEOUT": "soon"})
    with pytest.raises(SettingsError, match="COACH_BACKEND"):
        load_settings({"COACH_BACKEND": "gpt"})
    s = load_settings({"COACH_BACKEND": "openai", "OPENAI_API_KEY": "sk-hidden-123", "COACH_COUNTRY": " gb "})
    assert "sk-hidden-123" not in repr(s) and s.api_key == "sk-hidden-123" and s.country == "GB"
