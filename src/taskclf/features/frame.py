"""Feature columns -> a frame of the declared row schema (``core.schema.ARROW_SCHEMA``).

Apart from the builder because it is a different job: the builder computes numpy columns,
this turns them into typed rows (NaN -> null where a bucket was missing, local hour and
weekday, app category), one way for a day's hundreds of rows and another for the live tray's
one or two, where the per-call cost of 74 polars series would be most of a suggestion. Pure.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from taskclf.core.schema import ARROW_SCHEMA
from taskclf.core.timeutil import from_us, get_zone
from taskclf.features.apps import app_category
from taskclf.features.minutes import MINUTE_US, codes

FEW_ROWS = 8  # up to this many rows (the live tray's), a frame is built from Python tuples
# Columns that are null (not 0) when their bucket (input, AFK) does not exist.
NULLABLE = ("keys", "clicks", "scroll", "mouse_px", "afk_share", "keys_5m", "keys_15m",
            "clicks_15m", "scroll_15m", "afk_share_15m")  # fmt: skip


def finish(cols: dict[str, np.ndarray], minute_us: np.ndarray, zone: str) -> pl.DataFrame:
    """The columns as a frame of the declared types (NaN -> null where a bucket was
    missing), one series per array: converting a whole arrow table costs milliseconds."""
    hour, weekday = local_hour_weekday(minute_us, zone)
    categories = {a: app_category(str(a)) for a in set(cols["app_id"])}
    cols |= {
        "bucket_start_ts": minute_us,
        "hour_local": hour,
        "weekday_local": weekday,
        "app_category": np.array([categories[a] for a in cols["app_id"]], dtype=object),
    }
    if len(minute_us) <= FEW_ROWS:
        return _frame_from_tuples(cols)
    series = []
    for name, numpy_type in _NUMPY_TYPES.items():
        values = cols[name]
        if numpy_type is None:
            series.append(pl.Series(name, values, dtype=ROW_SCHEMA[name]))
        else:
            series.append(pl.Series(name, values.astype(numpy_type), nan_to_null=name in NULLABLE))
    return pl.DataFrame(series)


def _frame_from_tuples(cols: dict[str, np.ndarray]) -> pl.DataFrame:
    """The same frame for the live tray's few rows, through Python values: polars builds a
    frame of a few rows from tuples in a fraction of the time it takes for 74 numpy series.
    Columns of one numpy type are converted together (one ``tolist`` per type, not per
    column). float32 values become Python floats exactly, so the frame is equal, not close."""
    n = len(cols["bucket_start_ts"])
    values: dict[str, list[object]] = {
        "bucket_start_ts": [from_us(v) for v in cols["bucket_start_ts"]],
    }
    for name in _STRING_COLUMNS:
        values[name] = [str(v) for v in cols[name]]
    for numpy_type, names in _COLUMNS_BY_TYPE.items():
        block = np.empty((len(names), n), dtype=numpy_type)
        for i, name in enumerate(names):
            block[i] = cols[name]
        for name, items in zip(names, block.tolist(), strict=True):
            values[name] = [None if v != v else v for v in items] if name in NULLABLE else items
    return _rows_to_frame(list(zip(*(values[name] for name in ROW_SCHEMA), strict=True)))


def _rows_to_frame(rows: list[tuple[object, ...]]) -> pl.DataFrame:
    """Rows of Python values in schema order -> a frame of ``ROW_SCHEMA``. Straight through
    polars' row constructor when ``_FAST_ROWS`` says it is there and exact: the public
    ``pl.DataFrame(rows, schema=...)`` spends a millisecond re-checking 74 declared types in
    Python, a fifth of a live suggestion, to build what that constructor gives directly."""
    if _FAST_ROWS:
        return _private_rows_frame(rows)
    return pl.DataFrame(rows, schema=ROW_SCHEMA, orient="row")


def _private_rows_frame(rows: list[tuple[object, ...]]) -> pl.DataFrame:
    from_rows: Any = _PRIVATE_FROM_ROWS
    return pl.DataFrame._from_pydf(from_rows(rows, ROW_SCHEMA, None))


def _private_from_rows() -> object | None:
    """polars' row constructor, where this polars has it where 2.1 does."""
    try:
        from polars._plr import PyDataFrame
    except ImportError:  # pragma: no cover - a polars that moved it
        return None
    return getattr(PyDataFrame, "from_rows", None)


_PRIVATE_FROM_ROWS = _private_from_rows()


def local_hour_weekday(minute_us: np.ndarray, zone: str) -> tuple[np.ndarray, np.ndarray]:
    """Local hour and weekday (Monday 0) of each minute. Every zone offset in use is a whole
    number of quarter hours, so one conversion per distinct quarter hour is exact."""
    quarter = 15 * MINUTE_US
    blocks, code = codes(minute_us // quarter)
    tz = get_zone(zone)
    local = [datetime.fromtimestamp(int(b) * quarter / 1e6, tz) for b in blocks]
    hours = np.array([t.hour for t in local], dtype=np.int8)
    days = np.array([t.weekday() for t in local], dtype=np.int8)
    return hours[code], days[code]


def empty_rows() -> pl.DataFrame:
    return pl.DataFrame(pl.from_arrow(ARROW_SCHEMA.empty_table()))


ROW_SCHEMA = empty_rows().schema  # the polars types of ``ARROW_SCHEMA``
# Each column's numpy type, worked out once (None: strings and the timestamp, given as the
# polars type): comparing polars types per column and call cost as much as building them.
_NUMPY_TYPES = {
    name: None if dtype == pl.String or isinstance(dtype, pl.Datetime)
    else ARROW_SCHEMA.field(name).type.to_pandas_dtype()
    for name, dtype in ROW_SCHEMA.items()
}  # fmt: skip


_STRING_COLUMNS = [n for n, t in _NUMPY_TYPES.items() if t is None and n != "bucket_start_ts"]


def _columns_by_type() -> dict[np.dtype[Any], list[str]]:
    """The numeric columns grouped by numpy type, in schema order within each group."""
    groups: dict[np.dtype[Any], list[str]] = {}
    for name, numpy_type in _NUMPY_TYPES.items():
        if numpy_type is not None:
            groups.setdefault(np.dtype(numpy_type), []).append(name)
    return groups


_COLUMNS_BY_TYPE = _columns_by_type()


def _fast_rows_work() -> bool:
    """Whether polars' internal row constructor (not public API: polars may move it in any
    release) exists and builds exactly the frame the public path does. Checked once, on a
    row with a null, a string and the timestamp; where it fails, the public path is used."""
    if _PRIVATE_FROM_ROWS is None:
        return False
    probe = [tuple(None if name in NULLABLE else _probe_value(name) for name in ROW_SCHEMA)]
    try:
        fast = _private_rows_frame(probe)
    except Exception:  # any failure of a private API means: do not use it
        return False
    return fast.equals(pl.DataFrame(probe, schema=ROW_SCHEMA, orient="row"), null_equal=True)


def _probe_value(name: str) -> object:
    numpy_type = _NUMPY_TYPES[name]
    if name == "bucket_start_ts":
        return from_us(0)
    return "probe" if numpy_type is None else np.ones(1, dtype=numpy_type).tolist()[0]


_FAST_ROWS = _fast_rows_work()


def to_arrow(rows: pl.DataFrame) -> pa.Table:
    """The exact declared arrow types (polars would write large_string etc.)."""
    return rows.to_arrow().cast(ARROW_SCHEMA)
