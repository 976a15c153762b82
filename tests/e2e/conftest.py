"""Every test here drives a real browser against a real tray and aw-server: mark them so
``make test-fast`` can leave them out (CI runs them all)."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.aw)
            item.add_marker(pytest.mark.slow)
