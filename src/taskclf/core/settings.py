"""The one settings object, built once at a face (CLI callback, ``create_app``) and passed down.

Precedence: explicit overrides (flags) > ``TASKCLF_*`` environment > TOML config file >
defaults. Nothing here runs at import time.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from taskclf.core.errors import InvalidInput
from taskclf.core.timeutil import get_zone, system_timezone_name

ENV_VARS = {
    "data_dir": "TASKCLF_DATA_DIR",
    "models_dir": "TASKCLF_MODELS_DIR",
    "aw_host": "TASKCLF_AW_HOST",
    "aw_hostname": "TASKCLF_AW_HOSTNAME",
    "timezone": "TASKCLF_TIMEZONE",
    "port": "TASKCLF_PORT",
    "host": "TASKCLF_HOST",
    "keep_models": "TASKCLF_KEEP_MODELS",
    "train_threads": "TASKCLF_TRAIN_THREADS",
}
CONFIG_ENV = "TASKCLF_CONFIG"


class Settings(BaseModel):
    """Resolved configuration; immutable so that it can be shared between threads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path
    models_dir: Path
    aw_host: str = "http://127.0.0.1:5600"
    aw_hostname: str | None = None
    timezone: str = "UTC"
    host: str = "127.0.0.1"
    port: int = Field(default=8741, ge=1, le=65535)
    aw_timeout_s: float = Field(default=10.0, gt=0)
    poll_seconds: float = Field(default=60.0, gt=0)
    confidence_threshold: float = Field(default=0.5, ge=0, le=1)  # below: a suggestion is unsure
    keep_models: int = Field(default=50, ge=0)  # newest bundles `model prune` keeps
    # LightGBM threads when the server trains: one core stays free for serving requests
    train_threads: int = Field(default_factory=lambda: max(1, (os.cpu_count() or 2) - 1), ge=1)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            get_zone(value)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
        return value

    @field_validator("aw_host")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("aw_host must be an http:// or https:// URL")
        return value.rstrip("/")

    @property
    def db_path(self) -> Path:
        return self.data_dir / "taskclf.sqlite3"


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir("taskclf")) / "config.toml"


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    config_path: Path | None = None,
) -> Settings:
    """Merge the four sources; ``None`` overrides mean "not given on the command line"."""
    env = os.environ if env is None else env
    merged: dict[str, Any] = {}
    merged.update(_read_config(config_path, env))
    merged.update({key: env[var] for key, var in ENV_VARS.items() if env.get(var)})
    merged.update({key: value for key, value in (overrides or {}).items() if value is not None})
    merged.setdefault("timezone", system_timezone_name())
    data_dir = Path(merged.get("data_dir") or platformdirs.user_data_dir("taskclf"))
    merged["data_dir"] = data_dir.expanduser()
    merged["models_dir"] = Path(merged.get("models_dir") or data_dir / "models").expanduser()
    try:
        return Settings(**merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(f"invalid setting {field}: {message}", field=field) from None


def _read_config(config_path: Path | None, env: Mapping[str, str]) -> dict[str, Any]:
    explicit = config_path or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    path = explicit or default_config_path()
    if not path.exists():
        if explicit is not None:
            raise InvalidInput(f"config file not found: {path}", field="config")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"cannot read config file {path}: {exc}", field="config") from None
    section = data.get("taskclf", data)
    return {key: value for key, value in section.items() if key in Settings.model_fields}
