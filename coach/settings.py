"""Settings: every knob of the coach, read once from environment variables.

All variables share the ``COACH_`` prefix, except the OpenAI-standard
``OPENAI_API_KEY`` and ``OPENAI_BASE_URL``. Errors name the variable to set.
This module does not build models or open stores; see ``coach.models``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "COACH_"
BACKENDS = ("embedded", "openai")
PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_KNOWLEDGE_DIR = PACKAGE_DIR.parent / "knowledge"


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    backend: str = "embedded"
    data_dir: Path = field(default_factory=lambda: Path.home() / ".coach")
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    model: str | None = None
    gguf_path: Path | None = None
    openai_api_key: str | None = field(default=None, repr=False)
    openai_base_url: str | None = None
    chroma_url: str | None = None
    timeout_s: float = 60.0
    country: str = "US"
    top_k: int = 3
    max_input_chars: int = 4000
    threads: int = 2
    log_level: str = "WARNING"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "coach.sqlite3"

    def describe_backend(self) -> str:
        """A label for the model that answers; never contains a key."""
        if self.backend == "openai":
            where = self.openai_base_url or "api.openai.com"
            return f"openai:{self.model or 'gpt-4o-mini'}@{where}"
        name = self.gguf_path.name if self.gguf_path else "SmolLM2-135M-Instruct.Q4_1.gguf"
        return f"embedded:{name}"


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _number(env: Mapping[str, str], name: str, default: float, kind: type = float) -> float:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be greater than 0, got {raw!r}")
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read settings from ``env`` (default: ``os.environ``)."""
    env = os.environ if env is None else env
    backend = (_get(env, PREFIX + "BACKEND") or "embedded").lower()
    if backend not in BACKENDS:
        raise SettingsError(
            f"{PREFIX}BACKEND must be one of {', '.join(BACKENDS)}, got {backend!r}"
        )
    data_dir = Path(_get(env, PREFIX + "DATA_DIR") or Path.home() / ".coach").expanduser()
    knowledge_dir = Path(_get(env, PREFIX + "KNOWLEDGE_DIR") or DEFAULT_KNOWLEDGE_DIR).expanduser()
    gguf = _get(env, PREFIX + "GGUF_PATH")
    gguf_path = Path(gguf).expanduser() if gguf else None
    if gguf_path is not None and not gguf_path.is_file():
        raise SettingsError(f"{PREFIX}GGUF_PATH points to {gguf_path}, which is not a file")
    api_key = _get(env, "OPENAI_API_KEY")
    base_url = _get(env, "OPENAI_BASE_URL")
    if backend == "openai" and api_key is None and base_url is None:
        raise SettingsError(
            "COACH_BACKEND=openai needs OPENAI_API_KEY (for api.openai.com) "
            "or OPENAI_BASE_URL (for a local OpenAI-compatible server)"
        )
    return Settings(
        backend=backend,
        data_dir=data_dir,
        knowledge_dir=knowledge_dir,
        model=_get(env, PREFIX + "MODEL"),
        gguf_path=gguf_path,
        openai_api_key=api_key,
        openai_base_url=base_url,
        chroma_url=_get(env, PREFIX + "CHROMA_URL"),
        timeout_s=_number(env, PREFIX + "TIMEOUT", 60.0),
        country=(_get(env, PREFIX + "COUNTRY") or "US").upper(),
        top_k=int(_number(env, PREFIX + "TOP_K", 3, int)),
        max_input_chars=int(_number(env, PREFIX + "MAX_INPUT_CHARS", 4000, int)),
        threads=int(_number(env, PREFIX + "THREADS", min(os.cpu_count() or 2, 4), int)),
        log_level=(_get(env, PREFIX + "LOG_LEVEL") or "WARNING").upper(),
    )
