"""Titles never reach disk: after a build and a training, no file under the data or models
directory holds a distinctive title word (parquet is read back, since it is compressed)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from taskclf.core.progress import CancelToken, no_progress
from taskclf.core.requests import TrainRequest
from taskclf.core.settings import Settings
from taskclf.core.timeutil import day_bounds, get_zone, iter_dates
from taskclf.features import store
from taskclf.features.builder import build_rows
from taskclf.jobs.train import train
from taskclf.labels.store import LabelStore
from taskclf.synthetic.realistic import RealisticConfig, generate_realistic

WORDS = ("postbox", "ticketry", "codeyard", "papershelf", "sheetwise", "huddle", "longreads")
FIRST, LAST = date(2026, 3, 2), date(2026, 3, 8)


def _us(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000


def test_no_title_word_in_any_file_after_build_and_training(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models", timezone="UTC")
    activity = generate_realistic(FIRST, LAST, "UTC", RealisticConfig(seed=3))
    assert any(w in t.lower() for t in activity.events.window["title"].to_list() for w in WORDS)
    salt = store.title_salt(settings)
    for day in iter_dates(FIRST, LAST):
        start, end = day_bounds(day, get_zone("UTC"))
        rows = build_rows(activity.events, _us(start), _us(end), "UTC", salt)
        store.write_features(store.feature_path(settings, day), rows, day, end + timedelta(1))
    csv = "start_ts,end_ts,label\n" + "".join(
        f"{s.start.isoformat()},{s.end.isoformat()},{s.label}\n" for s in activity.spans
    )
    with LabelStore(settings.db_path) as labels:
        labels.import_csv(csv)
    request = TrainRequest(date_from=FIRST, date_to=LAST, num_boost_round=5)
    train(request, settings, no_progress, CancelToken())
    files = [p for root in (settings.data_dir, settings.models_dir) for p in root.rglob("*")]
    assert any(p.suffix == ".parquet" for p in files) and any(p.name == "model.txt" for p in files)
    for path in (p for p in files if p.is_file()):
        text = path.read_bytes().lower()
        assert not [w for w in WORDS if w.encode() in text], path
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            for column in table.columns:
                if pa.types.is_string(column.type):
                    values = " ".join(v for v in column.to_pylist() if v).lower()
                    assert not [w for w in WORDS if w in values], (path, column)
