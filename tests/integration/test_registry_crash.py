"""A process saving bundles is SIGKILLed at random moments: nothing half-written lists as valid."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from taskclf.registry import list_bundles, load_bundle

CHILD = """
import json, sys
from pathlib import Path
from taskclf.registry.bundle import BundleContents, save_bundle
src, models = Path(sys.argv[1]), Path(sys.argv[2])
contents = BundleContents(
    model_text=(src / "model.txt").read_text(),
    metadata=json.loads((src / "metadata.json").read_text()),
    metrics=json.loads((src / "metrics.json").read_text()),
    confusion_csv=(src / "confusion_matrix.csv").read_text(),
    feature_importance=json.loads((src / "feature_importance.json").read_text()),
)
print("ready", flush=True)
while True:
    save_bundle(models, contents)
"""


@pytest.mark.slow
def test_sigkill_during_saves_never_leaves_a_valid_looking_broken_bundle(
    tmp_path: Path, synthetic_bundle
) -> None:
    models = tmp_path / "crash-models"
    rng = random.Random(4)
    expected_model = (synthetic_bundle.model_dir / "model.txt").read_bytes()
    for _ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(synthetic_bundle.model_dir), str(models)],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    infos = list_bundles(models)
    assert infos, "the child never completed a save"
    for info in infos:
        assert info.valid, info
        loaded = load_bundle(Path(info.path))
        assert (Path(info.path) / "model.txt").read_bytes() == expected_model
        assert loaded.label_names
    runs = [int(info.model_id.rsplit("-", 1)[1]) for info in infos]
    assert len(set(runs)) == len(runs)
    # leftovers from killed savers are hidden now and swept by the next save
    assert all(
        p.name.startswith(".")
        for p in models.iterdir()
        if p.name not in {info.model_id for info in infos}
    )
