"""Shared fixtures: real embeddings (bundled model), a real on-disk index, fakes for chat."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from coach.models.embeddings import MiniLMEmbeddings
from coach.settings import DEFAULT_KNOWLEDGE_DIR, Settings, load_settings

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def embeddings() -> MiniLMEmbeddings:
    return MiniLMEmbeddings()


@pytest.fixture(scope="session")
def session_data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("coach-data")


def make_settings(data_dir: Path, **kw) -> Settings:
    return load_settings({}, data_dir=data_dir, knowledge_dir=kw.pop("knowledge_dir", DEFAULT_KNOWLEDGE_DIR), **kw)


def fake_chat(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


@pytest.fixture(scope="session")
def coach_factory(embeddings, session_data):
    """Build a Coach on the real index with a fake chat model answering ``replies``."""
    from coach.service import Coach

    def build(*replies: str, capable: bool = False) -> Coach:
        """``capable``: settings of an OpenAI-compatible model, which writes ask answers behind the gate."""
        extra = {"backend": "openai", "openai_base_url": "http://127.0.0.1:9/v1"} if capable else {}
        return Coach(make_settings(session_data, **extra), chat_model=fake_chat(*replies), embeddings=embeddings)

    return build


def wait_for_http(url: str, timeout: float) -> bool:
    """True once ``url`` answers on this machine, False after ``timeout`` seconds."""
    import time
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return True
        except Exception:
            time.sleep(0.5)
    return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def llama_server():
    """llama-cpp-python's OpenAI-compatible server, serving the bundled model on 127.0.0.1."""
    import subprocess
    import sys

    from coach.models.factory import embedded_model_path
    port = free_port()
    model = embedded_model_path(Settings())
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "2048", "--model_alias", "smollm2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    if not wait_for_http(f"{url}/models", 120):
        proc.kill()
        pytest.fail("llama_cpp.server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)
