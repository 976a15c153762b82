"""``taskclf labels``: record, import, export and list label spans from a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table
from rich.text import Text

from taskclf.cli.common import console, handle_errors, settings_of
from taskclf.core.atomic import atomic_write_bytes
from taskclf.core.errors import InvalidInput
from taskclf.labels.store import LabelSpan, LabelStore
from taskclf.labels.validate import local_days

app = typer.Typer(no_args_is_help=True, help="Record and manage labelled time spans.")


def _store(ctx: typer.Context) -> LabelStore:
    return LabelStore(settings_of(ctx).db_path)


@app.command("add")
@handle_errors
def add(
    ctx: typer.Context,
    start: Annotated[str, typer.Option(help="Start, ISO-8601 with offset.")],
    end: Annotated[str, typer.Option(help="End, ISO-8601 with offset.")],
    label: Annotated[str, typer.Option(help="Task type, e.g. Build.")],
) -> None:
    """Add one span, e.g. --start 2026-01-05T09:00:00+01:00 --end ...T10:30:00+01:00."""
    with _store(ctx) as store:
        span = store.add(start, end, label)
    console.print(f"Added span {span.id}: {span.label}", markup=False, highlight=False)


@app.command("import")
@handle_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV with header start_ts,end_ts,label.")],
) -> None:
    """Import a CSV file: every row is checked first, then all are saved or none."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {file}: {exc}", field="file") from None
    with _store(ctx) as store:
        spans = store.import_csv(text)
    console.print(f"Imported {len(spans)} spans from {file}", markup=False, highlight=False)


@app.command("export")
@handle_errors
def export(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Export every span as CSV (start_ts,end_ts,label)."""
    with _store(ctx) as store:
        text = store.export_csv()
    if out is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_bytes(out, text.encode("utf-8"))
        console.print(
            f"Wrote {text.count(chr(10)) - 1} spans to {out}", markup=False, highlight=False
        )


@app.command("list")
@handle_errors
def list_(
    ctx: typer.Context,
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
) -> None:
    """Show spans overlapping the local days (all of them without --from/--to)."""
    settings = settings_of(ctx)
    with _store(ctx) as store:
        spans = store.list(*local_days(date_from, date_to, settings.timezone))
    console.print(_table(spans, ZoneInfo(settings.timezone)))


def _table(spans: list[LabelSpan], zone: ZoneInfo) -> Table:
    """Times in the user's zone: that is how they remember their day."""
    table = Table(title=f"Labels ({zone.key})")
    for name in ("id", "start", "end", "minutes"):
        table.add_column(
            name, no_wrap=True, justify="right" if name in ("id", "minutes") else "left"
        )
    table.add_column("label")
    table.add_column("source")
    for span in spans:
        minutes = (span.end_ts - span.start_ts).total_seconds() / 60
        table.add_row(
            str(span.id),
            span.start_ts.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            span.end_ts.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            f"{minutes:g}",
            Text(span.label),
            Text(span.source),
        )
    return table
