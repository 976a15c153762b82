"""The declared, ordered feature schemas and their hashes.

The hash goes into every parquet file and every model bundle; a bundle whose hash is not one
this taskclf can build is refused at load instead of predicting garbage.

``features_v2`` (current) is ``features_v1`` plus context columns (shares over the previous 5
and 15 minutes, run lengths) and ``TITLE_BUCKETS`` keyed-hash title-word buckets. The v1
columns keep their exact definitions, so a v1 bundle predicts on v2 rows by reading only its
own columns: v1 bundles keep loading and replaying after the bump.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = "features_v2"
V1 = "features_v1"
TITLE_BUCKETS = 32
CONTEXT_CATEGORIES = ("editor", "terminal", "browser", "comm", "meeting", "docs")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    model_input: bool  # fed to the model (False for keys and privacy hashes)
    categorical: bool = False
    doc: str = ""
    group: str = "other"  # the signal it carries, for "what each signal buys" (benchmarks)


def _num(name: str, kind: pa.DataType, group: str, doc: str) -> Column:
    return Column(name, kind, True, doc=doc, group=group)


I16, F32 = pa.int16(), pa.float32()
COLUMNS_V1: tuple[Column, ...] = (
    Column("bucket_start_ts", pa.timestamp("us", tz="UTC"), False, doc="minute start, UTC"),
    Column("app_id", pa.string(), True, True, "normalised id of the dominant app", "app"),
    Column("app_category", pa.string(), True, True, "category of the dominant app", "app"),
    _num("app_share", F32, "app", "share of active seconds in the dominant app"),
    _num("active_seconds", F32, "app", "seconds covered by window events"),
    _num("n_apps", I16, "app", "distinct apps in the minute"),
    _num("n_switches", I16, "app", "app switches in the minute"),
    _num("n_apps_5m", I16, "context", "distinct apps over the last 5 minutes"),
    _num("n_switches_5m", I16, "context", "app switches over the last 5 minutes"),
    _num("n_apps_15m", I16, "context", "distinct apps over the last 15 minutes"),
    _num("n_switches_15m", I16, "context", "app switches over the last 15 minutes"),
    _num("title_changes", I16, "titles", "window-title changes in the minute"),
    Column("title_hash", pa.string(), False, doc="salted hash of the dominant title"),
    _num("keys", F32, "input", "key presses (null without an input bucket)"),
    _num("clicks", F32, "input", "mouse clicks (null without an input bucket)"),
    _num("scroll", F32, "input", "scroll amount (null without an input bucket)"),
    _num("mouse_px", F32, "input", "pointer travel (null without an input bucket)"),
    _num("afk_share", F32, "input", "share of the minute the user was AFK"),
    _num("hour_local", pa.int8(), "time", "local hour 0-23"),
    _num("weekday_local", pa.int8(), "time", "local weekday, Monday=0"),
    _num("session_minutes", F32, "context", "minutes since the current session began"),
)

CONTEXT_COLUMNS: tuple[Column, ...] = (
    _num("app_share_5m", F32, "context", "share of the last 5 minutes in this minute's app"),
    _num("app_share_15m", F32, "context", "share of the last 15 minutes in this minute's app"),
    *(
        _num(f"cat_{cat}_{k}m", F32, "context", f"share of the last {k} minutes in {cat} apps")
        for k in (5, 15)
        for cat in CONTEXT_CATEGORIES
    ),
    _num("keys_5m", F32, "input", "key presses per minute over the last 5 minutes"),
    _num("keys_15m", F32, "input", "key presses per minute over the last 15 minutes"),
    _num("clicks_15m", F32, "input", "clicks per minute over the last 15 minutes"),
    _num("scroll_15m", F32, "input", "scroll per minute over the last 15 minutes"),
    _num("afk_share_15m", F32, "context", "AFK share over the last 15 minutes"),
    _num("app_run_minutes", F32, "context", "minutes the dominant app has stayed the same"),
    _num("title_run_minutes", F32, "titles", "minutes the dominant title has stayed the same"),
)
TITLE_COLUMNS: tuple[Column, ...] = tuple(
    _num(f"title_w{b:02d}", F32, "titles", "share of the minute with a title word in bucket")
    for b in range(TITLE_BUCKETS)
)
COLUMNS: tuple[Column, ...] = COLUMNS_V1 + CONTEXT_COLUMNS + TITLE_COLUMNS


def schema_hash(columns: tuple[Column, ...] = COLUMNS, version: str = SCHEMA_VERSION) -> str:
    """sha256 over the version and the canonical ``name:type`` list, in order."""
    canonical = "\n".join(f"{c.name}:{c.type}" for c in columns)
    return hashlib.sha256(f"{version}\n{canonical}".encode()).hexdigest()


COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
MODEL_FEATURES: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.model_input)
CATEGORICAL_FEATURES: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.categorical)
FEATURE_GROUPS: dict[str, str] = {c.name: c.group for c in COLUMNS if c.model_input}
ARROW_SCHEMA = pa.schema([pa.field(c.name, c.type) for c in COLUMNS])
SCHEMA_HASH = schema_hash()
V1_HASH = schema_hash(COLUMNS_V1, V1)
V1_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS_V1)
# Every schema this taskclf can still build (a v1 row is a v2 row's v1 columns): hash -> version.
KNOWN_SCHEMAS: dict[str, str] = {SCHEMA_HASH: SCHEMA_VERSION, V1_HASH: V1}
