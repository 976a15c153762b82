"""``taskclf tray`` (server + live suggester) and ``taskclf demo`` (the same on a seeded,
throw-away ActivityWatch, for people who have none of their own)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from taskclf.cli.common import console, handle_errors
from taskclf.cli.serve import merged_settings
from taskclf.core.timeutil import get_zone
from taskclf.labels.store import LabelStore
from taskclf.server import serve
from taskclf.synthetic.aw_process import AwServerProcess
from taskclf.tray.demo import DemoWorld
from taskclf.tray.suggester import Suggester

Port = Annotated[int | None, typer.Option(help="Port (default 8741).")]
DataDir = Annotated[Path | None, typer.Option(help="Where features, labels live.")]


def register(app: typer.Typer) -> None:
    app.command("tray")(tray)
    app.command("demo")(demo)


@handle_errors
def tray(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Port = None,
    data_dir: DataDir = None,
    models_dir: Annotated[Path | None, typer.Option(help="Where model bundles live.")] = None,
    aw_host: Annotated[str | None, typer.Option(help="ActivityWatch server URL.")] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA zone for calendar days.")] = None,
    poll_seconds: Annotated[float, typer.Option(help="Seconds between suggestions.")] = 60.0,
) -> None:
    """Serve the UI and suggest the current task every POLL_SECONDS with the active model."""
    given: dict[str, Any] = {"host": host, "port": port, "data_dir": data_dir}
    given |= {
        "models_dir": models_dir,
        "aw_host": aw_host,
        "timezone": timezone,
        "poll_seconds": poll_seconds,
    }
    settings = merged_settings(ctx, given)
    serve(settings, tray=Suggester(settings))


@handle_errors
def demo(
    ctx: typer.Context,
    port: Port = None,
    days: Annotated[int, typer.Option(min=2, max=60, help="Days of seeded history.")] = 14,
    data_dir: DataDir = None,
) -> None:
    """A real aw-server seeded with realistic activity, older days labelled, and the tray."""
    scratch = None if data_dir else tempfile.TemporaryDirectory(prefix="taskclf-demo-")
    root = data_dir or Path(scratch.name)  # type: ignore[union-attr]
    with AwServerProcess() as aw:
        given = {"port": port, "data_dir": root, "aw_host": aw.base_url, "poll_seconds": 20.0}
        settings = merged_settings(ctx, given)
        world = DemoWorld(aw.base_url, settings.timezone, days)
        now = datetime.now(UTC)
        with LabelStore(settings.db_path) as labels:
            today = now.astimezone(get_zone(settings.timezone)).date()
            seeded = world.seed_history(labels, today, now)
        console.print(
            f"demo: ActivityWatch at {aw.base_url} seeded with {seeded.events_seeded:,} events "
            f"({seeded.date_from} to {seeded.date_to}), {seeded.spans_labelled} label spans; "
            f"data in {root}",
            highlight=False,
        )
        world.start()
        try:
            serve(settings, tray=Suggester(settings))
        finally:
            world.stop()
    if scratch is not None:
        scratch.cleanup()
