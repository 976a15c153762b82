"""The declared, ordered feature schema ``features_v1`` and its hash.

The hash goes into every parquet file and every model bundle; a bundle whose hash differs
from the running code's is refused at load instead of predicting garbage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = "features_v1"


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    model_input: bool  # fed to the model (False for keys and privacy hashes)
    categorical: bool = False
    doc: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("bucket_start_ts", pa.timestamp("us", tz="UTC"), False, doc="minute start, UTC"),
    Column("app_id", pa.string(), True, True, "normalised id of the dominant app"),
    Column("app_category", pa.string(), True, True, "category of the dominant app"),
    Column("app_share", pa.float32(), True, doc="share of active seconds in the dominant app"),
    Column("active_seconds", pa.float32(), True, doc="seconds covered by window events"),
    Column("n_apps", pa.int16(), True, doc="distinct apps in the minute"),
    Column("n_switches", pa.int16(), True, doc="app switches in the minute"),
    Column("n_apps_5m", pa.int16(), True, doc="distinct apps over the last 5 minutes"),
    Column("n_switches_5m", pa.int16(), True, doc="app switches over the last 5 minutes"),
    Column("n_apps_15m", pa.int16(), True, doc="distinct apps over the last 15 minutes"),
    Column("n_switches_15m", pa.int16(), True, doc="app switches over the last 15 minutes"),
    Column("title_changes", pa.int16(), True, doc="window-title changes in the minute"),
    Column("title_hash", pa.string(), False, doc="salted hash of the dominant title"),
    Column("keys", pa.float32(), True, doc="key presses (null without an input bucket)"),
    Column("clicks", pa.float32(), True, doc="mouse clicks (null without an input bucket)"),
    Column("scroll", pa.float32(), True, doc="scroll amount (null without an input bucket)"),
    Column("mouse_px", pa.float32(), True, doc="pointer travel (null without an input bucket)"),
    Column("afk_share", pa.float32(), True, doc="share of the minute the user was AFK"),
    Column("hour_local", pa.int8(), True, doc="local hour 0-23"),
    Column("weekday_local", pa.int8(), True, doc="local weekday, Monday=0"),
    Column("session_minutes", pa.float32(), True, doc="minutes since the current session began"),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
MODEL_FEATURES: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.model_input)
CATEGORICAL_FEATURES: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.categorical)
ARROW_SCHEMA = pa.schema([pa.field(c.name, c.type) for c in COLUMNS])


def schema_hash(columns: tuple[Column, ...] = COLUMNS) -> str:
    """sha256 over the canonical ``name:type`` list, in order."""
    canonical = "\n".join(f"{c.name}:{c.type}" for c in columns)
    return hashlib.sha256(f"{SCHEMA_VERSION}\n{canonical}".encode()).hexdigest()


SCHEMA_HASH = schema_hash()
