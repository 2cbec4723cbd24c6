"""A LangChain chat model over llama-cpp-python, for local GGUF files.

Loads the model lazily on first use, serialises calls with a lock (a llama.cpp
context is not thread-safe), and streams tokens. It knows nothing about
prompts or retrieval; ``coach.models.factory`` decides which file it runs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

_ROLES = {"human": "user", "ai": "assistant", "system": "system"}


def to_openai_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]


class LlamaCppChat(BaseChatModel):
    """Chat completions from a local GGUF model through llama-cpp-python."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    lora_path: str | None = None  # a LoRA adapter (GGUF) applied on load
    n_ctx: int = 2048
    n_threads: int = 2
    max_tokens: int = 160
    temperature: float = 0.0  # greedy: repeatable answers and evals
    top_p: float = 0.9
    repeat_penalty: float = 1.15
    seed: int = 7
    _llm: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    @property
    def model_name(self) -> str:
        return Path(self.model_path).name

    def load(self) -> Any:
        """Load the model now (the first call would do it anyway)."""
        if self._llm is None:
            from llama_cpp import Llama

            self._llm = Llama(
                model_path=self.model_path,
                lora_path=self.lora_path,
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                seed=self.seed,
                verbose=False,
            )
        return self._llm

    def warm_up(self) -> None:
        """Load the model and evaluate a token: the first call pays a one-off set-up cost."""
        with self._lock:
            self.load().create_chat_completion(messages=[{"role": "user", "content": "hi"}], max_tokens=1)

    def sampling(self, stop: list[str] | None = None, kwargs: dict[str, Any] | None = None) -> dict[str, Any]:
        """The sampling settings of a call (what llama-cpp-python is given besides the messages)."""
        kwargs = kwargs or {}
        return {
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "top_p": self.top_p,
            "repeat_penalty": self.repeat_penalty,
            "stop": stop or [],
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(chunk.text for chunk in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            llm = self.load()
            stream = llm.create_chat_completion(
                messages=to_openai_messages(messages), stream=True, **self.sampling(stop, kwargs)
            )
            for part in stream:
                delta = part["choices"][0].get("delta", {}).get("content")
                if not delta:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk
