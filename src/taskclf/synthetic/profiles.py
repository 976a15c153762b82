"""How each task looks in ActivityWatch: apps, event lengths, input rates, window titles.

Apps are spelled the way watchers report them (``Code``, ``gnome-terminal-server``), so the
generated data also exercises app-name normalisation.
"""

from __future__ import annotations

from dataclasses import dataclass

TASKS = ("Build", "Debug", "Review", "Write", "ReadResearch", "Communicate", "Meet", "BreakIdle")


@dataclass(frozen=True)
class TaskProfile:
    apps: tuple[str, ...]
    weights: tuple[float, ...]
    mean_event_s: float
    input_rates: tuple[float, ...]  # per minute: presses, clicks, deltaX, deltaY, scrollX, scrollY
    noise_apps: tuple[str, ...] = ("Slack", "firefox", "Spotify", "Thunderbird")


PROFILES = {
    "Build": TaskProfile(("Code", "gnome-terminal-server", "firefox"), (0.6, 0.33, 0.07), 50,
                         (95, 6, 700, 500, 0, 10)),
    "Debug": TaskProfile(("Code", "gnome-terminal-server", "firefox"), (0.45, 0.3, 0.25), 22,
                         (45, 14, 1500, 1100, 0, 25)),
    "Review": TaskProfile(("firefox", "Code"), (0.75, 0.25), 60, (9, 12, 1200, 900, 2, 70)),
    "Write": TaskProfile(("libreoffice-writer", "firefox"), (0.85, 0.15), 110,
                         (130, 4, 400, 300, 0, 12)),
    "ReadResearch": TaskProfile(("firefox", "evince"), (0.75, 0.25), 120, (4, 6, 600, 800, 1, 90)),
    "Communicate": TaskProfile(("Slack", "Thunderbird", "firefox"), (0.55, 0.35, 0.1), 40,
                               (55, 10, 900, 700, 0, 15)),
    "Meet": TaskProfile(("zoom", "Slack"), (0.93, 0.07), 900, (3, 1, 150, 120, 0, 2),
                        noise_apps=("Slack", "firefox")),
    "BreakIdle": TaskProfile(("gnome-shell", "Spotify"), (0.8, 0.2), 600, (0, 0, 0, 0, 0, 0),
                             noise_apps=("gnome-shell",)),
}  # fmt: skip

BLOCK_MINUTES = {
    "Build": (20, 60), "Debug": (10, 45), "Review": (10, 35), "Write": (20, 60),
    "ReadResearch": (10, 40), "Communicate": (5, 25), "Meet": (30, 60), "BreakIdle": (5, 15),
}  # fmt: skip

_BASE = {
    "Build": 0.2, "Debug": 0.15, "Review": 0.12, "Write": 0.12, "ReadResearch": 0.12,
    "Communicate": 0.15, "Meet": 0.07, "BreakIdle": 0.07,
}  # fmt: skip


def _next(label: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Any other task, with debugging likelier right after building."""
    weights = {k: v for k, v in _BASE.items() if k != label}
    if label == "Build":
        weights["Debug"] *= 2.5
    total = sum(weights.values())
    return tuple(weights), tuple(w / total for w in weights.values())


NEXT_TASK = {label: _next(label) for label in TASKS}

_PROJECTS = ("taskclf", "billing-api", "infra", "website")
_FILES = ("main.py", "models.py", "test_api.py", "README.md", "settings.toml", "handlers.ts")

_TITLES: dict[tuple[str, str], tuple[str, ...]] = {
    ("*", "Code"): tuple(f"{f} - {p} - Visual Studio Code" for f in _FILES for p in _PROJECTS),
    ("Build", "gnome-terminal-server"): ("make build", "pytest -x", "npm run dev", "git commit"),
    ("Debug", "gnome-terminal-server"): ("pytest --pdb", "python -m pdb", "tail -f app.log",
                                         "journalctl -f"),
    ("*", "gnome-terminal-server"): ("bash", "htop", "git status"),
    ("Review", "firefox"): tuple(f"Pull Request #{n} · acme/{p} — Mozilla Firefox"
                                 for n in (412, 413, 977, 1201) for p in _PROJECTS[:2]),
    ("Debug", "firefox"): ("TypeError: cannot unpack - Stack Overflow — Mozilla Firefox",
                           "Sentry issue 8812 — Mozilla Firefox",
                           "Grafana - latency — Mozilla Firefox"),
    ("ReadResearch", "firefox"): ("Attention Is All You Need - arXiv — Mozilla Firefox",
                                  "polars user guide — Mozilla Firefox",
                                  "Design notes - Wikipedia — Mozilla Firefox",
                                  "LightGBM parameters — Mozilla Firefox"),
    ("*", "firefox"): ("Inbox - Gmail — Mozilla Firefox", "docs.python.org — Mozilla Firefox",
                       "Jira board — Mozilla Firefox", "YouTube — Mozilla Firefox"),
    ("*", "libreoffice-writer"): ("design-doc.odt - LibreOffice Writer",
                                  "quarterly-report.odt - LibreOffice Writer",
                                  "blog-draft.odt - LibreOffice Writer"),
    ("*", "evince"): ("paper.pdf", "spec-v2.pdf", "manual.pdf"),
    ("*", "Slack"): ("Slack | #general | acme", "Slack | #dev | acme", "Slack | DM Alex | acme"),
    ("*", "Thunderbird"): ("Inbox - Mozilla Thunderbird", "Write: Re: release plan"),
    ("*", "zoom"): ("Zoom Meeting",),
    ("*", "gnome-shell"): ("Lock screen",),
    ("*", "Spotify"): ("Spotify Premium",),
}  # fmt: skip


def titles_for(label: str, app: str) -> tuple[str, ...]:
    return _TITLES.get((label, app)) or _TITLES.get(("*", app)) or (app,)
