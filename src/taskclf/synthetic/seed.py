"""Load generated activity into a real aw-server, the way watchers would have recorded it.

One POST per bucket per UTC day: AW inserts a list ~100x faster than single events, and
day-sized lists keep each request small.
"""

from __future__ import annotations

import polars as pl

from taskclf.aw.client import AwClient
from taskclf.aw.events import BUCKET_TYPES, AwEvents

US_PER_DAY = 86_400 * 1_000_000


def bucket_ids(hostname: str) -> dict[str, str]:
    """Bucket ids as the real watchers name them."""
    return {
        "window": f"aw-watcher-window_{hostname}",
        "afk": f"aw-watcher-afk_{hostname}",
        "input": f"aw-watcher-input_{hostname}",
        "web": f"aw-watcher-web-firefox_{hostname}",
    }


def seed_events(client: AwClient, events: AwEvents, hostname: str) -> dict[str, int]:
    """Create the host's buckets (absent frames get no bucket) and insert every event.

    Returns the number of events inserted per bucket kind.
    """
    ids = bucket_ids(hostname)
    inserted: dict[str, int] = {}
    for kind, frame in events.frames().items():
        if frame is None:
            continue
        client.create_bucket(ids[kind], BUCKET_TYPES[kind], hostname)
        day = (pl.col("start_us") // US_PER_DAY).alias("_day")
        for _key, part in frame.with_columns(day).group_by("_day", maintain_order=True):
            client.insert_events(ids[kind], kind, part.drop("_day"))
        inserted[kind] = frame.height
    return inserted
