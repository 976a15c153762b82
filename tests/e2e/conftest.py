"""Every test here drives a real browser against a real tray and aw-server: mark them so
``make test-fast`` can leave them out (CI runs them all), and run them last.

Last, because Playwright's sync API keeps an event loop running in the main thread for the
rest of the session, after which ``asyncio.run`` in any later test would refuse to start.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    in_browser = [item for item in items if HERE in Path(str(item.path)).resolve().parents]
    for item in in_browser:
        item.add_marker(pytest.mark.e2e)
        item.add_marker(pytest.mark.aw)
        item.add_marker(pytest.mark.slow)
    others = [item for item in items if item not in in_browser]
    items[:] = others + in_browser
