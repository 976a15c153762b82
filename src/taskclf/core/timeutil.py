"""Calendar days in the user's zone versus UTC instants.

A "date" is a local calendar day; everything stored is a UTC instant. DST days are 23 or
25 hours long, so day bounds are always computed through the zone, never by adding 24 h.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from taskclf.core.errors import InvalidInput

MINUTE_US = 60_000_000  # one minute in microseconds, the unit every stored instant uses
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_RANGE_DAYS = 366
# Far from date.min/date.max, so day bounds and range walks never overflow.
MIN_YEAR = 1970
MAX_YEAR = 2200


def parse_date(value: str, field: str = "date") -> date:
    """Strict ``YYYY-MM-DD`` (``date.fromisoformat`` also takes ``20260101``, which we refuse)."""
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise InvalidInput(f"{field} must be a date in YYYY-MM-DD form, got {value!r}", field=field)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{field} is not a real date: {value!r}", field=field) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidInput(f"{field} must lie between {MIN_YEAR} and {MAX_YEAR}", field=field)
    return day


def check_range(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise InvalidInput("date_from must be on or before date_to", field="date_from")
    if (date_to - date_from).days + 1 > MAX_RANGE_DAYS:
        raise InvalidInput(f"the range may span at most {MAX_RANGE_DAYS} days", field="date_to")


def iter_dates(date_from: date, date_to: date) -> Iterator[date]:
    day = date_from
    while day <= date_to:
        yield day
        day += timedelta(days=1)


def get_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {name!r}", field="timezone") from None


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` of a local calendar day."""
    start = datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return start, end


def range_bounds(date_from: date, date_to: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return day_bounds(date_from, zone)[0], day_bounds(date_to, zone)[1]


def to_us(moment: datetime) -> int:
    """Integer microseconds since the epoch: exact (no float), and sorts as the instants do."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(micros: int) -> datetime:
    """The UTC instant of ``micros`` microseconds since the epoch, exactly."""
    return EPOCH + timedelta(microseconds=int(micros))


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today(zone_name: str) -> date:
    """Today's calendar day in the user's zone (what "today" means for ranges and builds)."""
    return utcnow().astimezone(get_zone(zone_name)).date()


def iso_utc(moment: datetime | None) -> str | None:
    """ISO-8601 with an explicit ``+00:00`` offset, as the API promises."""
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


def system_timezone_name() -> str:
    """Best-effort IANA name of the machine's zone; ``UTC`` when it cannot be told."""
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env and _is_zone(tz_env):
        return tz_env
    try:
        text = Path("/etc/timezone").read_text().strip()
        if _is_zone(text):
            return text
    except OSError:
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            if _is_zone(name):
                return name
    except OSError:
        pass
    return "UTC"


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
