"""``taskclf ui``: serve the web API and page with uvicorn (no tray)."""

from __future__ import annotations

import ipaddress
from typing import Any

import typer

from taskclf.cli.common import (
    AwHostOption,
    DataDirOption,
    HostOption,
    ModelsDirOption,
    PortOption,
    TimezoneOption,
    err_console,
    handle_errors,
)
from taskclf.core.settings import Settings, load_settings

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def register(app: typer.Typer) -> None:
    app.command("ui")(ui)


@handle_errors
def ui(
    ctx: typer.Context,
    host: HostOption = None,
    port: PortOption = None,
    data_dir: DataDirOption = None,
    models_dir: ModelsDirOption = None,
    aw_host: AwHostOption = None,
    timezone: TimezoneOption = None,
) -> None:
    """Serve the training web UI and API on http://HOST:PORT (docs at /docs)."""
    given = {"host": host, "port": port, "data_dir": data_dir, "models_dir": models_dir}
    serve_with(merged_settings(ctx, given | {"aw_host": aw_host, "timezone": timezone}))


def serve_with(settings: Settings, with_tray: bool = False, icon: bool = True) -> None:
    """What ui, tray and demo share: refuse a busy port and warn before exposing the server,
    then run it (with the live suggester, its terminal lines and maybe an icon, for tray and
    demo). Heavy imports wait until here."""
    from taskclf.server import check_port, serve

    if not is_loopback(settings.host):  # said first: a person should read it whatever follows
        err_console.print(
            f"[bold yellow]warning:[/] binding {settings.host} exposes taskclf to other "
            "machines; it has no authentication. Use 127.0.0.1 unless you know why.",
            highlight=False,
        )
    check_port(settings.host, settings.port)
    if not with_tray:
        serve(settings)
        return
    from taskclf.cli.narrate import Narrator

    with Narrator(settings, icon) as narrator:
        serve(settings, tray=narrator.tray)


def merged_settings(ctx: typer.Context, given: dict[str, Any]) -> Settings:
    """Root options, then this command's own flags on top, resolved in one pass."""
    root = ctx.find_root().params
    overrides = {key: value for key, value in root.items() if key != "config"}
    overrides |= {key: value for key, value in given.items() if value is not None}
    return load_settings(overrides, config_path=root.get("config"))


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
