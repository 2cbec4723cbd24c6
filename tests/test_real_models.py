"""Real components end to end: the CLI on the embedded model, and the OpenAI path
against llama-cpp-python's OpenAI-compatible server on 127.0.0.1."""

import json
import os
import subprocess
import sys

import pytest

from coach.settings import Settings

from .conftest import ROOT, free_port

pytestmark = pytest.mark.real
COACH = [sys.executable, "-m", "coach"]


def run(args, env_extra=None, data=None, timeout=300):
    env = {**os.environ, "COACH_DATA_DIR": str(data), **(env_extra or {})}
    env.pop("OPENAI_API_KEY", None) if "OPENAI_API_KEY" not in (env_extra or {}) else None
    return subprocess.run(COACH + args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)


def test_cli_ask_json_on_the_embedded_model(tmp_path):
    out = run(["ask", "what if he won't talk about his feelings?", "--json"], data=tmp_path)
    assert out.returncode == 0, out.stderr
    reply = json.loads(out.stdout)
    assert set(reply) >= {"route", "answer", "sources", "backend"}
    assert reply["route"] == "answer" and reply["backend"].startswith("embedded:")
    assert reply["sources"] and {"article", "section", "text", "score"} <= set(reply["sources"][0])
    assert 10 < len(reply["answer"].split()) < 160


def test_cli_routes_and_bad_usage(tmp_path):
    crisis = json.loads(run(["ask", "I want to end my life", "--json"], data=tmp_path).stdout)
    assert crisis["route"] == "crisis" and "988" in crisis["answer"]
    empty = run(["ask", "   ", "--json"], data=tmp_path)
    assert empty.returncode == 2 and "Traceback" not in empty.stderr and "type" in empty.stderr
    bad = run(["ask", "hi"], env_extra={"COACH_BACKEND": "nope"}, data=tmp_path)
    assert bad.returncode == 2 and "COACH_BACKEND" in bad.stderr


def test_unreachable_openai_backend_fails_clearly_without_the_key(tmp_path):
    secret = "sk-test-do-not-print-0123456789"
    out = run(
        ["ask", "what if he won't talk about his feelings?", "--json"],
        env_extra={"COACH_BACKEND": "openai", "OPENAI_API_KEY": secret,
                   "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1", "COACH_TIMEOUT": "5"},
        data=tmp_path,
    )
    assert out.returncode == 3
    assert "could not be reached" in out.stderr and "Traceback" not in out.stderr
    assert secret not in out.stdout + out.stderr


def test_openai_path_against_a_real_local_server(tmp_path, llama_server):
    out = run(
        ["ask", "how can I show my husband I appreciate him?", "--json"],
        env_extra={"COACH_BACKEND": "openai", "OPENAI_BASE_URL": llama_server, "COACH_MODEL": "smollm2"},
        data=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    reply = json.loads(out.stdout)
    assert reply["route"] == "answer" and reply["backend"] == f"openai:smollm2@{llama_server}"
    assert reply["sources"] and reply["answer"]


def test_embedded_chat_model_streams_real_tokens():
    from langchain_core.messages import HumanMessage

    from coach.models.factory import build_chat_model

    model = build_chat_model(Settings())
    chunks = list(model.stream([HumanMessage(content="Say hello in three words.")], max_tokens=12))
    assert len(chunks) >= 2 and "".join(c.content for c in chunks).strip()


@pytest.mark.real
def test_the_shipped_adapter_loads_and_writes_well_formed_lines():
    from llama_cpp import Llama

    from coach.models.factory import adapter_path, default_adapter, embedded_model_path
    from coach.respond.prompts import adapter_partner_messages, adapter_phrase_messages
    from coach.settings import load_settings

    adapter = default_adapter()
    assert adapter is not None and adapter.stat().st_size < 15_000_000
    assert adapter_path(load_settings({})) == adapter and adapter_path(load_settings({"COACH_ADAPTER": "off"})) is None
    llm = Llama(model_path=str(embedded_model_path(load_settings({}))), lora_path=str(adapter), n_ctx=1024,
                n_threads=2, seed=7, verbose=False)
    card = "The partner who withdraws under stress. Stressed by work. Voice: Short, tired sentences."
    for messages in (adapter_partner_messages(card, "It's evening.", 2, "open_question", "How was work today?"),
                     adapter_phrase_messages("I statement", "You never listen to me, it's so rude.")):
        out = llm.create_chat_completion(messages=messages, max_tokens=48, temperature=0.0)
        text = out["choices"][0]["message"]["content"].strip()
        assert 2 <= len(text.split()) <= 45 and "<|" not in text and "im_end" not in text
