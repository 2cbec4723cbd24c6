"""Settings: every knob of the coach, read once from environment variables.

A pydantic-settings model: all variables share the ``COACH_`` prefix, except
the OpenAI-standard ``OPENAI_API_KEY`` and ``OPENAI_BASE_URL``; the key is a
``SecretStr``, so it never shows in a repr, a log or an error. Errors name the
variable to set. This module does not build models or open stores; see
``coach.models.factory``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PositiveFloat, PositiveInt, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PREFIX = "COACH_"
BACKENDS = ("embedded", "openai")
ADAPTER_OFF = ("off", "none", "no", "0", "false")
PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_KNOWLEDGE_DIR = PACKAGE_DIR.parent / "knowledge"


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, extra="ignore", frozen=True,
                                      populate_by_name=True, hide_input_in_errors=True)

    backend: Literal["embedded", "openai"] = "embedded"
    data_dir: Path = Field(default_factory=lambda: Path.home() / ".coach")
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    model: str | None = None
    gguf_path: Path | None = None
    adapter: str | None = None  # COACH_ADAPTER: "off", or a LoRA .gguf for the embedded model (default: the shipped one)
    openai_api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    chroma_url: str | None = None
    timeout_s: PositiveFloat = Field(default=60.0, validation_alias="COACH_TIMEOUT")
    country: str = "US"
    top_k: PositiveInt = 3
    max_input_chars: PositiveInt = 4000
    threads: PositiveInt = Field(default_factory=lambda: min(os.cpu_count() or 2, 4))
    log_level: str = "WARNING"

    @model_validator(mode="before")
    @classmethod
    def _tidy(cls, values: Any) -> Any:
        if isinstance(values, dict):
            values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
            values = {k: v for k, v in values.items() if v != ""}
            if isinstance(values.get("backend"), str):
                values["backend"] = values["backend"].lower()
            for name in ("country", "log_level"):
                if isinstance(values.get(name), str):
                    values[name] = values[name].upper()
            for name in ("data_dir", "knowledge_dir", "gguf_path"):
                if isinstance(values.get(name), str):
                    values[name] = Path(values[name]).expanduser()
        return values

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if self.adapter and self.adapter.lower() not in ADAPTER_OFF and not Path(self.adapter).expanduser().is_file():
            raise ValueError(f"{PREFIX}ADAPTER points to {self.adapter}, which is not a file (or set it to 'off')")
        if self.gguf_path is not None and not self.gguf_path.is_file():
            raise ValueError(f"{PREFIX}GGUF_PATH points to {self.gguf_path}, which is not a file")
        if self.backend == "openai" and self.openai_api_key is None and self.openai_base_url is None:
            raise ValueError(
                "COACH_BACKEND=openai needs OPENAI_API_KEY (for api.openai.com) "
                "or OPENAI_BASE_URL (for a local OpenAI-compatible server)"
            )
        return self

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "coach.sqlite3"

    @property
    def api_key(self) -> str | None:
        """The key itself, for the one place that sends it (the OpenAI client)."""
        return self.openai_api_key.get_secret_value() if self.openai_api_key else None

    def describe_backend(self) -> str:
        """A label for the model that answers; never contains a key."""
        if self.backend == "openai":
            where = self.openai_base_url or "api.openai.com"
            return f"openai:{self.model or 'gpt-4o-mini'}@{where}"
        name = self.gguf_path.name if self.gguf_path else "SmolLM2-135M-Instruct.Q4_1.gguf"
        return f"embedded:{name}"


class _GivenOnly(Settings):
    """Settings from the values given only (an explicit environment mapping), not ``os.environ``."""

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   **_: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def variable(field: str) -> str:
    """The environment variable that sets ``field``."""
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else PREFIX + field.upper()


def _explain(exc: ValidationError) -> SettingsError:
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    if field in Settings.model_fields or field in {variable(f) for f in Settings.model_fields}:
        name = field if field.isupper() else variable(field)
        if field in ("backend",):
            return SettingsError(f"{name} must be one of {', '.join(BACKENDS)}")
        if first["type"] in ("int_parsing", "int_from_float"):
            return SettingsError(f"{name} must be a whole number greater than 0")
        if first["type"] in ("greater_than", "float_parsing"):
            return SettingsError(f"{name} must be a number greater than 0")
        return SettingsError(f"{name}: {first['msg']}")
    return SettingsError(str(first["msg"]).removeprefix("Value error, "))


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Settings from ``env`` (default: ``os.environ``); ``overrides`` (by field name) win."""
    try:
        if env is None:
            return Settings(**overrides)
        given = {field: env[variable(field)] for field in Settings.model_fields if variable(field) in env}
        return _GivenOnly(**{**given, **overrides})
    except ValidationError as exc:
        raise _explain(exc) from None
