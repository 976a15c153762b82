"""The progress display of long CLI jobs (training, feature builds).

One line holds the step, the bar, the percentage and the elapsed time; the job's own message
("… round 45/100") gets the line below. On one line the message took the bar's room: the bar
vanished at 80 columns and was 3 characters wide at 100.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, RenderableType
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Column
from rich.text import Text

STEP_WIDTH = 17  # the longest step names: projecting_labels, building_features
BAR_WIDTH = 44  # the line is 76 wide; narrower terminals shrink the bar, not the rest


class JobProgress(Progress):
    """``Progress`` with each task's description on a line of its own, cut with an ellipsis
    (never wrapped) when the terminal is narrower than the message."""

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        for task in self.tasks:
            if task.visible and task.description:
                yield Text(f"  {task.description}", no_wrap=True, overflow="ellipsis")


def job_progress(console: Console) -> JobProgress:
    """A display for tasks with a ``step`` field; add them with ``add_task(msg, step=...)``."""
    step = Column(width=STEP_WIDTH, no_wrap=True, overflow="ellipsis")
    return JobProgress(
        TextColumn("{task.fields[step]}", table_column=step),
        BarColumn(bar_width=BAR_WIDTH),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
    )
