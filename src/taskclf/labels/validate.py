"""Checks every label value passes before it reaches the database or the projection.

One module so that the REST API, the CLI and CSV import refuse exactly the same input with the
same messages; the store calls these, faces never re-implement them.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import UTC, datetime

from taskclf.core.errors import InvalidInput
from taskclf.core.timeutil import MAX_YEAR, MIN_YEAR, day_bounds, get_zone, parse_date

MAX_LABEL_LEN = 64
MAX_SOURCE_LEN = 32
# MIN_YEAR..MAX_YEAR keep integer microseconds far from int64 overflow and catch typos.


def parse_timestamp(value: object, field: str) -> datetime:
    """A UTC-aware instant from an aware ``datetime`` or an ISO-8601 string with an offset.

    Naive values are refused: guessing a zone would silently shift labels by hours.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 64:
            raise InvalidInput(f"{field} must be an ISO-8601 timestamp with an offset", field=field)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidInput(
                f"{field} is not an ISO-8601 timestamp: {_short(text)!r}", field=field
            ) from None
    elif isinstance(value, float) and math.isnan(value):
        raise InvalidInput(f"{field} is NaN", field=field)
    else:
        raise InvalidInput(f"{field} must be an ISO-8601 timestamp string", field=field)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            f"{field} needs a UTC offset (e.g. 2026-01-05T09:00:00+00:00 or ...Z)", field=field
        )
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidInput(f"{field} is out of range", field=field) from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise InvalidInput(f"{field} must lie between {MIN_YEAR} and {MAX_YEAR}", field=field)
    return moment


def clean_label(value: object, field: str = "label") -> str:
    """A short printable name; surrounding whitespace is dropped, inner text kept as typed."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string", field=field)
    text = value.strip()
    if not text:
        raise InvalidInput(f"{field} must not be empty", field=field)
    if len(text) > MAX_LABEL_LEN:
        raise InvalidInput(f"{field} is longer than {MAX_LABEL_LEN} characters", field=field)
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in text):
        raise InvalidInput(f"{field} contains control or unprintable characters", field=field)
    return text


def clean_source(value: object) -> str:
    text = clean_label(value, field="source")
    if len(text) > MAX_SOURCE_LEN:
        raise InvalidInput(f"source is longer than {MAX_SOURCE_LEN} characters", field="source")
    return text


def check_order(start: datetime, end: datetime) -> None:
    if end <= start:
        raise InvalidInput("end_ts must be after start_ts", field="end_ts")


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def local_days(
    date_from: str | None, date_to: str | None, timezone: str
) -> tuple[datetime | None, datetime | None]:
    """UTC bounds of local calendar days ``[date_from, date_to]``; a missing side stays open.

    Shared by the API and the CLI so "a day" means the same local day in both.
    """
    zone = get_zone(timezone)
    lo = day_bounds(parse_date(date_from, "date_from"), zone)[0] if date_from else None
    hi = day_bounds(parse_date(date_to, "date_to"), zone)[1] if date_to else None
    if lo is not None and hi is not None and hi <= lo:
        raise InvalidInput("date_from must be on or before date_to", field="date_from")
    return lo, hi
