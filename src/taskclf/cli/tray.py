"""``taskclf tray`` (server + live suggester) and ``taskclf demo`` (the same on a seeded,
throw-away ActivityWatch, for people who have none of their own)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from taskclf.cli.common import (
    AwHostOption,
    DataDirOption,
    HostOption,
    ModelsDirOption,
    PortOption,
    TimezoneOption,
    console,
    handle_errors,
)
from taskclf.cli.serve import merged_settings, serve_with

NoIconOption = Annotated[
    bool, typer.Option("--no-icon", help="No system-tray icon (headless; same behaviour).")
]


def register(app: typer.Typer) -> None:
    app.command("tray")(tray)
    app.command("demo")(demo)


@handle_errors
def tray(
    ctx: typer.Context,
    host: HostOption = None,
    port: PortOption = None,
    data_dir: DataDirOption = None,
    models_dir: ModelsDirOption = None,
    aw_host: AwHostOption = None,
    timezone: TimezoneOption = None,
    poll_seconds: Annotated[float, typer.Option(help="Seconds between suggestions.")] = 60.0,
    no_icon: NoIconOption = False,
) -> None:
    """Serve the UI and suggest the current task every POLL_SECONDS with the active model."""
    given: dict[str, Any] = {"host": host, "port": port, "data_dir": data_dir}
    given |= {"models_dir": models_dir, "aw_host": aw_host, "timezone": timezone}
    settings = merged_settings(ctx, given | {"poll_seconds": poll_seconds})
    serve_with(settings, with_tray=True, icon=not no_icon)


@handle_errors
def demo(
    ctx: typer.Context,
    port: PortOption = None,
    days: Annotated[int, typer.Option(min=2, max=60, help="Days of seeded history.")] = 14,
    data_dir: DataDirOption = None,
    no_icon: NoIconOption = False,
) -> None:
    """A real aw-server seeded with realistic activity, older days labelled, and the tray."""
    from taskclf.tray.demo import running_demo

    chosen = demo_port(ctx, port)
    with tempfile.TemporaryDirectory(prefix="taskclf-demo-") as scratch:
        root = data_dir or Path(scratch)
        given = {"port": chosen, "data_dir": root, "poll_seconds": 20.0}
        with running_demo(lambda url: merged_settings(ctx, given | {"aw_host": url}), days) as run:
            settings, seeded = run
            console.print(
                f"demo: ActivityWatch at {seeded.aw_url} seeded with {seeded.events_seeded:,} "
                f"events ({seeded.date_from} to {seeded.date_to}), {seeded.spans_labelled} label "
                f"spans; data in {root}",
                highlight=False,
            )
            serve_with(settings, with_tray=True, icon=not no_icon)


def demo_port(ctx: typer.Context, port: int | None) -> int:
    """Checked before the demo seeds anything: a --port that is taken is an error (exit 4);
    without --port a taken default is swapped for a free port, and the demo says so."""
    from taskclf.core.errors import PortInUse
    from taskclf.server import check_port, free_port

    given = port if port is not None else ctx.find_root().params.get("port")
    settings = merged_settings(ctx, {"port": given})
    try:
        check_port(settings.host, settings.port)
    except PortInUse:
        if given is not None:
            raise
        chosen = free_port(settings.host)
        console.print(
            f"demo: port {settings.port} is busy; using {chosen} instead", highlight=False
        )
        return chosen
    return settings.port
