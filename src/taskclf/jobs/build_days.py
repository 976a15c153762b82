"""Build a list of days' features from ActivityWatch: the one loop data-check and the
feature-build job share, so both follow the same rules.

- A day that has not started yet is reported (``date is in the future``), never fetched.
- A day ActivityWatch recorded nothing for is written as an empty file (so training then says
  "Feature files exist but contain 0 rows") and reported as a build error, as the spec lists,
  not as built.
- Once ActivityWatch is unreachable (or has no buckets for this host) the remaining days get
  the same reason without another slow try.
- Any other failure of one day is reported and the loop moves on.
- Cancel takes effect between days.

One ActivityWatch client serves the whole list (a new one per day cost ~0.1 s of setup).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from taskclf.aw.client import AwClient
from taskclf.core.errors import AwError, AwNoData, AwUnavailable, Cancelled, TaskclfError
from taskclf.core.progress import CancelToken, ProgressFn, no_progress
from taskclf.core.settings import Settings
from taskclf.core.timeutil import day_bounds, get_zone, local_today, utcnow
from taskclf.features import store
from taskclf.features.builder import LOOKBACK, build_rows

STEP = "building_features"
MSG_NO_EVENTS = "ActivityWatch has no window activity for this date"
MSG_FUTURE = "date is in the future"


@dataclass
class DaysBuilt:
    dates_built: list[date] = field(default_factory=list)
    rows_by_date: dict[date, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # "YYYY-MM-DD: reason", in date order
    aw_failure: AwError | None = None  # what stopped the build, for a face's error kind

    @property
    def rows_written(self) -> int:
        return sum(self.rows_by_date.values())


def build_days(
    days: list[date],
    settings: Settings,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    client: AwClient | None = None,
) -> DaysBuilt:
    """Build (or rebuild) each day in order; see the module docstring for the rules."""
    today = local_today(settings.timezone)
    outcome = DaysBuilt()
    aw = client or AwClient.from_settings(settings)
    try:
        for index, day in enumerate(days):
            if cancel is not None:
                cancel.check()
            progress(STEP, index * 100 // len(days), f"{day} ({index + 1}/{len(days)})")
            doomed = outcome.aw_failure
            reason = MSG_FUTURE if day > today else (doomed.message if doomed else None)
            if reason is None:
                reason, outcome.aw_failure = _build_into(outcome, day, settings, aw)
            if reason is not None:
                outcome.errors.append(f"{day.isoformat()}: {reason}")
    finally:
        if client is None:
            aw.close()
    return outcome


def _build_into(
    outcome: DaysBuilt, day: date, settings: Settings, aw: AwClient
) -> tuple[str | None, AwError | None]:
    """Build one day into ``outcome``: (this day's error, an error dooming the rest)."""
    try:
        rows = build_day(day, settings, aw)
    except (AwUnavailable, AwNoData) as exc:
        return exc.message, exc
    except Cancelled:
        raise
    except TaskclfError as exc:
        return exc.message, None
    if rows == 0:  # the empty file is written, but the day is an error, not "built"
        return MSG_NO_EVENTS, None
    outcome.dates_built.append(day)
    outcome.rows_by_date[day] = rows
    return None, None


def build_day(day: date, settings: Settings, aw: AwClient | None = None) -> int:
    """Fetch the local day (with the look-back the features need), build its rows and write
    them; returns the row count. An ``AwError`` leaves the old file untouched."""
    start, end = day_bounds(day, get_zone(settings.timezone))
    built_at = utcnow()  # anything ActivityWatch records after this is not in the file
    if aw is None:
        with AwClient.from_settings(settings) as own:
            events = own.fetch(start - LOOKBACK, end)
    else:
        events = aw.fetch(start - LOOKBACK, end)
    rows = build_rows(events, _us(start), _us(end), settings.timezone, store.title_salt(settings))
    store.write_features(store.feature_path(settings, day), rows, day, built_at, settings.timezone)
    return rows.height


def _us(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)
