"""``taskclf features build``: ActivityWatch -> per-day feature files, with a progress bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Column, Table

from taskclf.cli.common import console, handle_errors, settings_of
from taskclf.cli.progress import job_progress
from taskclf.core.errors import TaskclfError
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
    raise_failure(outcome)


def raise_failure(outcome: BuildOutcome) -> None:
    """ActivityWatch down or without buckets -> its own error (exit 5), said once; any other
    failed day -> exit 1."""
    if outcome.aw_failure is not None:
        raise outcome.aw_failure
    if outcome.errors:
        days = len(outcome.errors) + len(outcome.dates_built)
        raise TaskclfError(f"{len(outcome.errors)} of {days} day(s) were not built (see above)")


def summary_table(outcome: BuildOutcome) -> Table:
    """One row per day in date order, then the total."""
    table = Table("date", Column("rows", justify="right"), "status", title="Feature build")
    aw_reason = outcome.aw_failure.message if outcome.aw_failure else None
    rows = [(day.isoformat(), str(n), "built") for day, n in outcome.rows_by_date.items()]
    rows += [(day, "0", "empty: ActivityWatch recorded nothing") for day in outcome.dates_empty]
    for error in outcome.failures:
        failed_day, _, reason = error.partition(": ")
        rows.append(
            (failed_day, "-", "failed: " + ("see below" if reason == aw_reason else reason))
        )
    for row in sorted(rows):
        table.add_row(*row)
    table.add_row("total", str(outcome.rows_written), f"{len(outcome.dates_built)} built")
    return table
