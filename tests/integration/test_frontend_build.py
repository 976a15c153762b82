"""The dashboard shipped in the package is exactly what its sources build to.

``src/taskclf/api/static/`` is committed so that installing taskclf needs no node; this test
builds ``frontend/`` into a temporary directory and compares every file byte for byte, so a
source change without a rebuild (or a build that is not reproducible) fails here.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
STATIC = ROOT / "src" / "taskclf" / "api" / "static"

pytestmark = pytest.mark.slow


def _need_node() -> str:
    npm = shutil.which("npm")
    reason = None
    if npm is None:
        reason = "npm is not installed"
    elif not (FRONTEND / "node_modules").is_dir():
        reason = "frontend/node_modules is missing (make test runs npm ci first)"
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(f"FRONTEND BUILD NOT CHECKED: {reason}")
    assert npm is not None
    return npm


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_committed_build_matches_a_fresh_build(tmp_path: Path) -> None:
    npm = _need_node()
    out = tmp_path / "static"
    result = subprocess.run(
        [npm, "run", "build", "--", "--outDir", str(out)],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _files(out) == _files(STATIC), "rebuild the dashboard: make frontend"
    _, mismatch, errors = filecmp.cmpfiles(out, STATIC, sorted(_files(out)), shallow=False)
    assert mismatch == [] and errors == [], f"stale build, run make frontend: {mismatch}"
