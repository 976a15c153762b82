"""Warnings for label input that is accepted but probably not what the person meant.

A span shorter than a minute can never contain a minute row, so it will never train anything;
a label one keystroke away from a name already in use ("Biuld" beside "Build") splits one task
type into two classes. Both are saved (the person may mean it) and the answer says why it
looks wrong. Pure functions: the store passes the names it knows.
"""

from __future__ import annotations

from collections.abc import Iterable

from taskclf.core.timeutil import MINUTE_US

MSG_SHORT = "shorter than one minute: it can never label a minute"
# One edit between two 2-letter names is half the name: too loose to mean "a typo".
MIN_COMPARED_LEN = 3


def short_span(start_us: int, end_us: int) -> str | None:
    return MSG_SHORT if end_us - start_us < MINUTE_US else None


def lookalike(label: str, known: Iterable[str]) -> str | None:
    """``"'Biuld' looks like 'Build'"`` when ``label`` is new but within one edit (insert,
    delete, substitute or swap two neighbours) or a change of case of a known name."""
    names = list(known)
    if label in names or len(label) < MIN_COMPARED_LEN:
        return None
    for name in names:
        if len(name) >= MIN_COMPARED_LEN and _near(label, name):
            return f"'{label}' looks like '{name}'"
    return None


def _near(a: str, b: str) -> bool:
    return a.casefold() == b.casefold() or edit_distance(a, b, limit=1) <= 1


def edit_distance(a: str, b: str, limit: int = 2**31) -> int:
    """Optimal-string-alignment distance: a swap of two neighbours counts as one edit, as a
    typist makes it. Stops early (returning ``limit + 1``) once the distance exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, start=1):
            cost = 0 if char == other else 1
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]
