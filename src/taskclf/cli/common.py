"""What every CLI command shares: the options of ``taskclf`` itself, the settings they make,
and the one translation of errors into a line and an exit code."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from taskclf.core.errors import EmptyFeatures, InvalidInput, NoFeatureData, TaskclfError
from taskclf.core.settings import Settings, load_settings

# Options several commands share (the root callback, ui, tray, demo): one definition each.
DataDirOption = Annotated[Path | None, typer.Option(help="Where features and labels live.")]
ModelsDirOption = Annotated[Path | None, typer.Option(help="Where model bundles live.")]
AwHostOption = Annotated[str | None, typer.Option(help="ActivityWatch server URL.")]
TimezoneOption = Annotated[str | None, typer.Option(help="IANA zone for calendar days.")]
HostOption = Annotated[str | None, typer.Option(help="Interface to bind (default 127.0.0.1).")]
PortOption = Annotated[int | None, typer.Option(help="Port (default 8741).")]
AwHostnameOption = Annotated[str | None, typer.Option(help="Which AW host's buckets.")]
KeepModelsOption = Annotated[
    int | None, typer.Option(help="Bundles `model prune` keeps besides active/pinned (50).")
]
ConfigOption = Annotated[Path | None, typer.Option(help="TOML config file.")]

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
    """The settings made from the options of ``taskclf`` (wherever on the line they were given:
    see ``cli.app``), once per run, when a command first asks."""
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        given = {key: value for key, value in root.params.items() if key != "config"}
        root.obj = load_settings(given, config_path=root.params.get("config"))
    return root.obj


def exit_with(error: TaskclfError, params: Mapping[str, Any] | None = None) -> typer.Exit:
    message = escape(cli_message(error, params or {}))  # user text is never rich markup
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_CODES[error.kind])


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn domain errors into one clear line and a non-zero exit code, never a traceback.
    (Ctrl-C needs nothing here: Typer already exits 130 on ``KeyboardInterrupt``.)"""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TaskclfError as exc:
            raise exit_with(exc, kwargs) from None
        except ValidationError as exc:
            raise exit_with(InvalidInput(validation_message(exc)), kwargs) from None

    return wrapper


def validation_message(exc: ValidationError) -> str:
    """The first problem, prefixed with its field unless the message already starts with it."""
    first: dict[str, Any] = dict(exc.errors()[0])
    field = ".".join(str(part) for part in first.get("loc", ()))
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    if not field or re.match(rf"{re.escape(field)}\b", message):
        return message
    return f"{field}: {message}"


# The jobs' texts may close with the dashboard's advice ("run Prepare Data"); a terminal shows
# the command to type instead. The text before it (the spec's message first) is kept as is.
DASHBOARD_ADVICE = re.compile(r"[;,:]?\s*run Prepare Data\b[^.;]*[.;]?")
CLI_HINTS: dict[type[TaskclfError], str] = {
    NoFeatureData: "build them first: {build}",
    EmptyFeatures: "once it records, rebuild them: {build}",
}


def cli_message(error: TaskclfError, params: Mapping[str, Any]) -> str:
    """``error.message`` as a terminal user should read it; ``params`` are the command's."""
    stripped = DASHBOARD_ADVICE.sub("", error.message).rstrip()
    hint = next((text for kind, text in CLI_HINTS.items() if isinstance(error, kind)), None)
    if hint is None:
        return stripped
    build = "taskclf features build --from {} --to {}".format(
        params.get("date_from") or "YYYY-MM-DD", params.get("date_to") or "YYYY-MM-DD"
    )
    return f"{stripped.rstrip('.;')}; {hint.format(build=build)}"
