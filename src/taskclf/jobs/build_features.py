"""The feature-build job, shared by ``taskclf features build`` and the web API's job runner:
every day of the range rebuilt through ``build_days`` (its rules are this job's rules)."""

from __future__ import annotations

from taskclf.aw.client import AwClient
from taskclf.core.progress import CancelToken, ProgressFn
from taskclf.core.requests import DateRange
from taskclf.core.settings import Settings
from taskclf.core.timeutil import iter_dates
from taskclf.jobs.build_days import DaysBuilt, build_days

BuildOutcome = DaysBuilt  # what the CLI and the runner read


def build_features(
    request: DateRange,
    settings: Settings,
    progress: ProgressFn,
    cancel: CancelToken,
    client: AwClient | None = None,
) -> DaysBuilt:
    """Build (or rebuild) every date in the range; ``Cancelled`` between days."""
    outcome = build_days(
        list(iter_dates(request.date_from, request.date_to)), settings, progress, cancel, client
    )
    progress("done", 100, summary(outcome))
    return outcome


def summary(outcome: DaysBuilt) -> str:
    """The build in one line, for the job's message and the terminal: days with nothing
    recorded are named as empty, as the dashboard's day cards name them, not as failed."""
    text = f"Built features for {len(outcome.dates_built)} date(s), {outcome.rows_written} rows"
    if empty := outcome.dates_empty:
        text += f"; {len(empty)} date(s) empty, ActivityWatch recorded nothing: {', '.join(empty)}"
    if failed := outcome.failures:
        text += f"; {len(failed)} date(s) failed: " + "; ".join(failed)
    return text
