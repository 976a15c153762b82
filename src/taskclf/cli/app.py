"""The ``taskclf`` command: its own options make the settings; sub-apps do the work.

Every option of ``taskclf`` itself may be given before the command or after it
(``taskclf --port 8000 ui`` = ``taskclf ui --port 8000``; ``taskclf model list --models-dir M``):
``RootGroup`` gives each command a copy of the options it does not declare itself, whose
value is written back to the root's parameters. Given twice, the later one wins.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from taskclf import __version__
from taskclf.cli import features, labels, model, serve, train, tray
from taskclf.cli.common import (
    AwHostnameOption,
    AwHostOption,
    ConfigOption,
    DataDirOption,
    HostOption,
    KeepModelsOption,
    ModelsDirOption,
    PortOption,
    TimezoneOption,
)

SHARED_PANEL = "Global options (also accepted before the command)"


class RootGroup(TyperGroup):
    """The root command; see the module docstring."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        shared = [p for p in self.params if p.expose_value and p.name]
        for command in _leaf_commands(self.commands.values()):
            have = {p.name for p in command.params}
            command.params.extend(_hoisted(p) for p in shared if p.name not in have)


def _leaf_commands(commands: Any) -> Iterator[Any]:
    for command in commands:
        if isinstance(command, TyperGroup):
            yield from _leaf_commands(command.commands.values())
        else:
            yield command


def _hoisted(option: Any) -> Any:
    """A copy of a root option for a command: not passed to the command's function, its value
    lands in the root's parameters, where ``settings_of`` (and ``ui``/``tray``) read it."""
    clone = copy.copy(option)
    clone.expose_value = False
    clone.rich_help_panel = SHARED_PANEL
    clone.callback = _to_root
    return clone


def _to_root(ctx: typer.Context, param: Any, value: Any) -> Any:
    if value is not None and param.name:
        ctx.find_root().params[param.name] = value
    return value


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"taskclf {__version__}")
        raise typer.Exit()


app = typer.Typer(cls=RootGroup, no_args_is_help=True, add_completion=False)


@app.callback()
def root(
    data_dir: DataDirOption = None,
    models_dir: ModelsDirOption = None,
    aw_host: AwHostOption = None,
    aw_hostname: AwHostnameOption = None,
    timezone: TimezoneOption = None,
    host: HostOption = None,
    port: PortOption = None,
    keep_models: KeepModelsOption = None,
    config: ConfigOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            expose_value=False,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """taskclf: where your time goes, classified on your own machine.

    Options go before or after the command. Exit codes: 2 bad input, 3 not found,
    4 conflict, 5 ActivityWatch unavailable, 130 interrupted, 1 anything else.
    """
    # Nothing to do yet: a command's own copies of these options are read after this runs,
    # so the settings are made when the command first asks (cli.common.settings_of).


app.add_typer(features.app, name="features")
app.add_typer(labels.app, name="labels")
app.add_typer(train.app, name="train")
app.add_typer(model.app, name="model")
serve.register(app)
tray.register(app)


def main() -> None:
    app()
