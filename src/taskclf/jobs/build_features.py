"""The feature-build job, shared by ``taskclf features build`` and the web API's job runner.

A day that fails is recorded and the job moves on; once ActivityWatch is known to be down
(or has no usable buckets) the remaining days get the same reason without another slow try.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from taskclf.aw.client import AwClient
from taskclf.core.errors import AwNoData, AwUnavailable, Cancelled, TaskclfError
from taskclf.core.progress import CancelToken, ProgressFn
from taskclf.core.requests import DateRange
from taskclf.core.settings import Settings
from taskclf.core.timeutil import iter_dates, local_today
from taskclf.features import store

STEP = "building_features"


@dataclass
class BuildOutcome:
    dates_built: list[date] = field(default_factory=list)
    rows_written: int = 0
    rows_by_date: dict[date, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # "YYYY-MM-DD: reason"


def build_features(
    request: DateRange,
    settings: Settings,
    progress: ProgressFn,
    cancel: CancelToken,
    client: AwClient | None = None,
) -> BuildOutcome:
    """Build (or rebuild) every date in the range; ``Cancelled`` between days."""
    days = list(iter_dates(request.date_from, request.date_to))
    today = local_today(settings.timezone)
    outcome = BuildOutcome()
    aw = client or AwClient.from_settings(settings)
    global_failure: str | None = None
    try:
        for index, day in enumerate(days):
            cancel.check()
            progress(STEP, index * 100 // len(days), f"{day.isoformat()} ({index + 1}/{len(days)})")
            if day > today:
                outcome.errors.append(f"{day.isoformat()}: date is in the future")
                continue
            if global_failure is not None:
                outcome.errors.append(f"{day.isoformat()}: {global_failure}")
                continue
            global_failure = _build_one(day, settings, aw, outcome)
    finally:
        if client is None:
            aw.close()
    progress("done", 100, _summary(outcome))
    return outcome


def _build_one(day: date, settings: Settings, aw: AwClient, outcome: BuildOutcome) -> str | None:
    """Build one day into ``outcome``; return a reason that also dooms the remaining days."""
    try:
        rows = store.build_features_for_date(day, settings, aw)
    except (AwUnavailable, AwNoData) as exc:
        outcome.errors.append(f"{day.isoformat()}: {exc.message}")
        return exc.message
    except Cancelled:
        raise
    except TaskclfError as exc:
        outcome.errors.append(f"{day.isoformat()}: {exc.message}")
        return None
    outcome.dates_built.append(day)
    outcome.rows_by_date[day] = rows
    outcome.rows_written += rows
    return None


def _summary(outcome: BuildOutcome) -> str:
    text = f"Built {len(outcome.dates_built)} date(s), {outcome.rows_written} rows"
    return text + (f"; {len(outcome.errors)} failed" if outcome.errors else "")
