"""Suggestion quality on the realistic synthetic profile, through the pipeline users run.

For each seed: generate realistic days (``synthetic.realistic``), build every day's features
with the real builder and feature store (with the same look-back a fetch would give), import
the person's label spans (boundaries off by up to ±90 s) into a real label store, train on the
older days with ``jobs.train.train`` and replay the bundle on the newer days with
``jobs.replay``. Newer days are scored against the generator's own truth, not the labels.

Then the same with each signal group left out in turn (the accuracy each one buys).
Figures are medians over the seeds with [min-max]; DESIGN §11's goals are printed beside them.
``--save FILE`` writes the figures as JSON (``quality_baseline.json`` holds the figures of the
features before issue 12, printed as "before").
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from taskclf.aw.events import AwEvents
from taskclf.core.progress import CancelToken, no_progress
from taskclf.core.requests import TrainRequest
from taskclf.core.settings import Settings
from taskclf.core.timeutil import day_bounds, get_zone, iter_dates
from taskclf.features import store
from taskclf.features.builder import LOOKBACK, build_rows
from taskclf.jobs import replay
from taskclf.jobs.train import train
from taskclf.labels.store import LabelStore
from taskclf.registry.loaded import load_bundle
from taskclf.synthetic.realistic import RealisticConfig, generate_realistic
from taskclf.training.metrics import evaluate

FIRST = date(2026, 3, 2)
TRAIN_DAYS, TEST_DAYS = 21, 7
SEEDS = (0, 1, 2)
ROUNDS = 100
GROUPS = ("context", "titles", "input", "app")
GOALS = {"macro_f1": ">= 0.90", "macro_f1 titles off": ">= 0.80"}
BASELINE = Path(__file__).with_name("quality_baseline.json")
ZONE = "UTC"


def build_features(settings: Settings, events: AwEvents, days: list[date]) -> None:
    """Each day from the events a build's fetch of ``[day - LOOKBACK, day end)`` returns."""
    salt = store.title_salt(settings)
    for day in days:
        start, end = day_bounds(day, get_zone(ZONE))
        lo, hi = _us(start - LOOKBACK), _us(end)
        rows = build_rows(_slice(events, lo, hi), _us(start), hi, ZONE, salt)
        built = datetime.now(UTC)
        store.write_features(store.feature_path(settings, day), rows, day, built, ZONE)


def _slice(events: AwEvents, lo: int, hi: int) -> AwEvents:
    def cut(frame: pl.DataFrame | None) -> pl.DataFrame | None:
        if frame is None:
            return None
        inside = frame.filter((pl.col("end_us") > lo) & (pl.col("start_us") < hi))
        return inside.with_columns(pl.col("start_us").clip(lo, hi), pl.col("end_us").clip(lo, hi))

    window = cut(events.window)
    assert window is not None
    # browser tabs too: a day build fetches every bucket of the host (``AwClient.fetch``)
    return AwEvents(window, cut(events.afk), cut(events.input), cut(events.web))


def import_labels(settings: Settings, spans: list, until: datetime) -> None:
    csv = ["start_ts,end_ts,label"] + [
        f"{s.start.isoformat()},{s.end.isoformat()},{s.label}" for s in spans if s.end <= until
    ]
    with LabelStore(settings.db_path) as labels:
        labels.import_csv("\n".join(csv) + "\n")


def score(predicted: pl.DataFrame, truth: pl.DataFrame, column: str) -> dict[str, object]:
    """Macro-F1, per-class F1 and accuracy on all, interrupted and transition minutes."""
    minute = predicted["bucket_start_ts"].dt.epoch("us").alias("minute_us")
    joined = predicted.with_columns(minute).join(truth, on="minute_us", how="inner")
    names = sorted(set(joined["label_right"].to_list()) | set(joined[column].to_list()))
    code = {name: i for i, name in enumerate(names)}
    y_true = np.array([code[v] for v in joined["label_right"]], dtype=np.int32)
    y_pred = np.array([code[v] for v in joined[column]], dtype=np.int32)
    result = evaluate(y_true, y_pred, names)
    right = y_true == y_pred
    return {
        "macro_f1": result["macro_f1"],
        "accuracy": result["accuracy"],
        "interrupted_acc": float(right[joined["interrupted"].to_numpy()].mean()),
        "transition_acc": float(right[joined["transition"].to_numpy()].mean()),
        "per_class_f1": {k: v["f1"] for k, v in result["per_class"].items() if v["support"]},
    }


def run_seed(seed: int, groups: tuple[str, ...]) -> dict[str, dict[str, object]]:
    last_train = FIRST + timedelta(days=TRAIN_DAYS - 1)
    last = last_train + timedelta(days=TEST_DAYS)
    activity = generate_realistic(FIRST, last, ZONE, RealisticConfig(seed=seed))
    out: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="taskclf-quality-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", models_dir=Path(tmp) / "models",
                            timezone=ZONE)  # fmt: skip
        build_features(settings, activity.events, list(iter_dates(FIRST, last)))
        until = day_bounds(last_train, get_zone(ZONE))[1]
        import_labels(settings, activity.spans, until)
        test_from = last_train + timedelta(days=1)
        truth = activity.truth.filter(pl.col("minute_us") >= _us(until))
        for removed in ("", *groups):
            request = TrainRequest(date_from=FIRST, date_to=last_train, num_boost_round=ROUNDS)
            started = time.perf_counter()
            outcome = train(request, settings, no_progress, CancelToken(),
                            exclude_groups=(removed,) if removed else ())  # fmt: skip
            seconds = time.perf_counter() - started
            model = load_bundle(outcome.model_dir)
            minutes = replay.replay_range(settings, model, test_from, last)
            figures = {"raw": score(minutes, truth, "label"), "train_s": seconds}
            if "decoded" in minutes.columns:
                figures["decoded"] = score(minutes, truth, "decoded")
            out[removed or "all"] = figures
    return out


def _us(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000


def median_spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} [{min(values):.3f}-{max(values):.3f}]"


def summarise(runs: list[dict[str, dict[str, object]]]) -> dict[str, dict[str, object]]:
    """Per configuration and form (raw/decoded): median and range of each figure."""
    summary: dict[str, dict[str, object]] = {}
    for config in runs[0]:
        entry: dict[str, object] = {
            "train_s": statistics.median(float(r[config]["train_s"]) for r in runs)  # type: ignore[arg-type]
        }
        for form in ("raw", "decoded"):
            if form not in runs[0][config]:
                continue
            per_run = [r[config][form] for r in runs]
            entry[form] = {
                key: [float(p[key]) for p in per_run]  # type: ignore[index]
                for key in ("macro_f1", "accuracy", "interrupted_acc", "transition_acc")
            } | {
                "per_class_f1": {
                    name: statistics.median(p["per_class_f1"].get(name, 0.0) for p in per_run)  # type: ignore[index,union-attr]
                    for name in per_run[0]["per_class_f1"]  # type: ignore[index]
                }
            }
        summary[config] = entry
    return summary


def report(summary: dict[str, dict[str, object]], before: dict | None, seeds: int) -> None:
    best = "decoded" if "decoded" in summary["all"] else "raw"
    print(
        f"realistic profile: train {TRAIN_DAYS} days, score the next {TEST_DAYS} days against "
        f"the generator's truth; {seeds} seed(s), {ROUNDS} rounds; median [min-max]"
    )
    header = f"{'configuration':<22}{'form':<9}{'macro-F1':<22}{'accuracy':<22}"
    print(header + f"{'interrupted acc':<22}{'transition acc':<22}train s")
    for config, entry in summary.items():
        for form in ("raw", "decoded"):
            if form not in entry:
                continue
            f = entry[form]
            print(f"{'all signals' if config == 'all' else 'without ' + config:<22}{form:<9}"
                  + "".join(f"{median_spread(f[k]):<22}" for k in  # type: ignore[index]
                            ("macro_f1", "accuracy", "interrupted_acc", "transition_acc"))
                  + f"{entry['train_s']:.1f}")  # fmt: skip
    goal = statistics.median(summary["all"][best]["macro_f1"])  # type: ignore[index]
    print(f"held-out macro-F1 ({best}): {goal:.3f}  goal {GOALS['macro_f1']}  "
          f"{'MET' if goal >= 0.90 else 'NOT MET'}")  # fmt: skip
    if "titles" in summary:
        off = statistics.median(summary["titles"][best]["macro_f1"])  # type: ignore[index]
        print(f"titles off ({best}): {off:.3f}  goal {GOALS['macro_f1 titles off']}  "
              f"{'MET' if off >= 0.80 else 'NOT MET'}")  # fmt: skip
    print("per-class F1 (all signals, " + best + "): " + ", ".join(
        f"{k} {v:.2f}" for k, v in summary["all"][best]["per_class_f1"].items()))  # type: ignore[index,union-attr]  # fmt: skip
    if before is not None:
        old = statistics.median(before["all"]["raw"]["macro_f1"])
        print(f"before (features_v1, {before.get('recorded', '?')}): macro-F1 {old:.3f} raw; "
              f"now {goal:.3f} {best}")  # fmt: skip
        for config, entry in before.items():
            if isinstance(entry, dict) and "raw" in entry:
                print(f"  before {config:<10} macro-F1 {median_spread(entry['raw']['macro_f1'])}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--save", type=Path, help="write the figures as JSON")
    parser.add_argument("--no-ablation", action="store_true", help="skip the per-signal table")
    parser.add_argument("--groups", help="comma-separated groups to leave out (default: all)")
    parser.add_argument("--seeds", type=int, default=len(SEEDS), help="how many seeds to run")
    args = parser.parse_args()
    groups = tuple(args.groups.split(",")) if args.groups else GROUPS
    groups = () if args.no_ablation else groups
    started = time.perf_counter()
    runs = [run_seed(seed, groups) for seed in range(args.seeds)]
    summary = summarise(runs)
    before = json.loads(BASELINE.read_text()) if BASELINE.exists() and not args.save else None
    report(summary, before, len(runs))
    print(f"benchmark wall time {time.perf_counter() - started:.0f} s")
    if args.save:
        args.save.write_text(json.dumps({"recorded": date.today().isoformat(), **summary},
                                        indent=1) + "\n")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
