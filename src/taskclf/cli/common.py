"""What every CLI command shares: the settings from the root callback and error translation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from taskclf.core.errors import InvalidInput, TaskclfError
from taskclf.core.settings import Settings

# Options several commands share (the root callback, ui, tray, demo): one definition each.
DataDirOption = Annotated[Path | None, typer.Option(help="Where features and labels live.")]
ModelsDirOption = Annotated[Path | None, typer.Option(help="Where model bundles live.")]
AwHostOption = Annotated[str | None, typer.Option(help="ActivityWatch server URL.")]
TimezoneOption = Annotated[str | None, typer.Option(help="IANA zone for calendar days.")]
HostOption = Annotated[str | None, typer.Option(help="Interface to bind (default 127.0.0.1).")]
PortOption = Annotated[int | None, typer.Option(help="Port (default 8741).")]

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
err_console = Console(stderr=True)

EXIT_CODES = {
    "invalid": 2,
    "not_found": 3,
    "conflict": 4,
    "unavailable": 5,
    "failed": 1,
    "cancelled": 130,
    "unwritable": 1,
}


def settings_of(ctx: typer.Context) -> Settings:
    """The settings built once by the root callback."""
    root = ctx.find_root()
    settings = root.obj
    if not isinstance(settings, Settings):  # pragma: no cover - the callback always sets it
        raise RuntimeError("settings were not initialised")
    return settings


def exit_with(error: TaskclfError) -> typer.Exit:
    message = escape(error.message)  # user text (labels, paths) is never rich markup
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_CODES[error.kind])


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn domain errors into one clear line and a non-zero exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TaskclfError as exc:
            raise exit_with(exc) from None
        except ValidationError as exc:
            raise exit_with(InvalidInput(validation_message(exc))) from None

    return wrapper


def validation_message(exc: ValidationError) -> str:
    first: dict[str, Any] = dict(exc.errors()[0])
    field = ".".join(str(part) for part in first.get("loc", ()))
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"{field}: {message}" if field else message
