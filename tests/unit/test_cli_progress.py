"""The training and feature-build progress display stays usable in narrow terminals."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from taskclf.cli.progress import job_progress

MESSAGE = "Training LightGBM (100 rounds, 41,760 train / 10,440 val)… round 45/100"


def _render(width: int, completed: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False)
    bar = job_progress(console)
    bar.add_task(MESSAGE, total=100, completed=completed, step="training")
    console.print(bar.get_renderable())
    return out.getvalue().splitlines()


@pytest.mark.parametrize(("width", "at_least"), [(80, 30), (100, 40)])
def test_the_bar_is_wide_and_the_message_whole(width: int, at_least: int) -> None:
    lines = _render(width, completed=100)
    assert all(len(line) <= width for line in lines)
    assert sum(line.count("━") for line in lines) >= at_least
    text = "\n".join(lines)
    assert "training" in text and "100%" in text
    assert "round 45/100" in text  # the part that moves is never cut off


def test_half_way_shows_half_a_bar() -> None:
    full = sum(line.count("━") for line in _render(80, completed=100))
    half = sum(line.count("━") for line in _render(80, completed=50))
    assert 0.4 * full <= half <= 0.6 * full
