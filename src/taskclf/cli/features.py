"""``taskclf features build``: ActivityWatch -> per-day feature files, with a progress bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from taskclf.cli.common import console, err_console, handle_errors, settings_of
from taskclf.cli.progress import job_progress
from taskclf.core.progress import CancelToken
from taskclf.core.requests import DateRange

if TYPE_CHECKING:
    from taskclf.jobs.build_features import BuildOutcome

app = typer.Typer(no_args_is_help=True, help="Per-minute feature files from ActivityWatch.")


@app.command()
@handle_errors
def build(
    ctx: typer.Context,
    date_from: Annotated[str, typer.Option("--from", help="First local date, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last local date, YYYY-MM-DD.")],
) -> None:
    """Build (or rebuild) the feature file of every date in the range."""
    from taskclf.jobs.build_features import build_features  # polars/httpx: on use

    settings = settings_of(ctx)
    request = DateRange.model_validate({"date_from": date_from, "date_to": date_to})
    with job_progress(console) as bar:
        task = bar.add_task("", total=100, step="building_features")
        outcome = build_features(
            request,
            settings,
            lambda step, pct, msg: bar.update(task, completed=pct, description=msg, step=step),
            CancelToken(),
        )
    console.print(summary_table(outcome))
    if outcome.errors:
        for error in outcome.errors:
            err_console.print(f"[bold red]error:[/] {error}", highlight=False)
        raise typer.Exit(1)


def summary_table(outcome: BuildOutcome) -> Table:
    table = Table(title="Feature build")
    table.add_column("date")
    table.add_column("rows", justify="right")
    table.add_column("status")
    for day, rows in outcome.rows_by_date.items():
        table.add_row(day.isoformat(), str(rows), "built")
    for error in outcome.errors:
        failed_day, _, reason = error.partition(": ")
        table.add_row(failed_day, "-", f"failed: {reason}")
    table.add_row("total", str(outcome.rows_written), f"{len(outcome.dates_built)} built")
    return table
