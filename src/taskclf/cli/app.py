"""The ``taskclf`` command: global options build the settings once; sub-apps do the work."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taskclf.cli import features, labels, model, serve, train, tray
from taskclf.cli.common import (
    AwHostOption,
    DataDirOption,
    ModelsDirOption,
    TimezoneOption,
    exit_with,
)
from taskclf.core.errors import TaskclfError
from taskclf.core.settings import load_settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)


@app.callback()
def root(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    models_dir: ModelsDirOption = None,
    aw_host: AwHostOption = None,
    aw_hostname: Annotated[str | None, typer.Option(help="Which AW host's buckets.")] = None,
    timezone: TimezoneOption = None,
    config: Annotated[Path | None, typer.Option(help="TOML config file.")] = None,
) -> None:
    """taskclf: where your time goes, classified on your own machine."""
    overrides = {
        "data_dir": data_dir,
        "models_dir": models_dir,
        "aw_host": aw_host,
        "aw_hostname": aw_hostname,
        "timezone": timezone,
    }
    try:
        ctx.obj = load_settings(overrides, config_path=config)
    except TaskclfError as exc:
        raise exit_with(exc) from None


app.add_typer(features.app, name="features")
app.add_typer(labels.app, name="labels")
app.add_typer(train.app, name="train")
app.add_typer(model.app, name="model")
serve.register(app)
tray.register(app)


def main() -> None:
    app()
