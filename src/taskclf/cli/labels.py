"""``taskclf labels``: record, import, export and list label spans from a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table
from rich.text import Text

from taskclf.cli.common import console, err_console, handle_errors, settings_of
from taskclf.core.atomic import atomic_write_bytes
from taskclf.core.errors import InvalidInput
from taskclf.labels.overlap import OnOverlap
from taskclf.labels.store import LabelSpan, LabelStore
from taskclf.labels.validate import local_days

app = typer.Typer(no_args_is_help=True, help="Record and manage labelled time spans.")
OnOverlapOption = Annotated[
    OnOverlap,
    typer.Option(
        "--on-overlap",
        help="Spans of another label in the way: refuse (exit 4), replace them, or keep_both.",
    ),
]


def _store(ctx: typer.Context) -> LabelStore:
    return LabelStore(settings_of(ctx).db_path)


@app.command("add")
@handle_errors
def add(
    ctx: typer.Context,
    start: Annotated[str, typer.Option(help="Start, ISO-8601 with offset.")],
    end: Annotated[str, typer.Option(help="End, ISO-8601 with offset.")],
    label: Annotated[str, typer.Option(help="Task type, e.g. Build.")],
    on_overlap: OnOverlapOption = "refuse",
) -> None:
    """Add one span, e.g. --start 2026-01-05T09:00:00+01:00 --end ...T10:30:00+01:00."""
    with _store(ctx) as store:
        span = store.add(start, end, label, on_overlap=on_overlap)
    done = "Already there:" if span.duplicate else "Added"
    _say(f"{done} span {span.id}: {span.label}", span.warnings)


@app.command("import")
@handle_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV with header start_ts,end_ts,label.")],
    on_overlap: OnOverlapOption = "refuse",
) -> None:
    """Import a CSV file: every row is checked first, then all are saved or none."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {file}: {exc}", field="file") from None
    with _store(ctx) as store:
        done = store.import_csv(text, on_overlap=on_overlap)
    skipped = f" ({done.skipped_duplicates} duplicates skipped)" if done.skipped_duplicates else ""
    _say(f"Imported {len(done.spans)} spans from {file}{skipped}", done.warnings)


@app.command("undo")
@handle_errors
def undo(ctx: typer.Context) -> None:
    """Revert the last change to the labels (an add, edit, delete or a whole import)."""
    with _store(ctx) as store:
        undone = store.undo()
    console.print(f"Undid: {undone.what}", markup=False, highlight=False)


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


def _say(line: str, warnings: list[str]) -> None:
    console.print(line, markup=False, highlight=False)
    for warning in warnings:
        err_console.print(f"warning: {warning}", markup=False, highlight=False)


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
