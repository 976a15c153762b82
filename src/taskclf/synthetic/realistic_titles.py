"""Window titles for the realistic profile: shared apps, where only the title tells the task.

Every name here is invented for taskclf. Titles have a stable part (the site or tool, words
like "merge request" or "draft") and variable parts (ticket numbers, file and project names)
that change from day to day; projects come and go, so newer days hold names older days never
had. ``Titler`` is seeded per day and keeps a few "current items" per task, as a person
returns to the same file or ticket during one episode.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

BROWSER, EDITOR, TERMINAL, CHAT, PDF, LOCK, CALL = (
    "firefox", "Code", "gnome-terminal-server", "Rocketchat", "Okular", "gnome-shell", "zoom",
)  # fmt: skip

PROJECTS = (
    "larkspur", "tidepool", "ironwood", "quillmate", "saltmarsh", "emberly", "foxglove",
    "driftnet", "copperleaf", "moorhen", "halyard", "brambleway", "cinderpath", "ospreyq",
)  # fmt: skip
PROJECTS_LIVE = 4  # projects in play on a given day; one retires and one arrives every ~5 days
FILES = ("loader", "router", "schema", "cache", "queue", "auth", "billing", "export", "sync",
         "parser", "worker", "limits", "retry", "index", "report", "session")  # fmt: skip
EXT = (".py", ".ts", ".go", ".rs")
TOPICS = ("tail latency", "vector clocks", "bloom filters", "consensus", "rate limiting",
          "columnar storage", "gradient boosting", "sleep and memory", "tidal energy",
          "compiler passes", "cache eviction", "query planning", "type inference")  # fmt: skip
ERRORS = ("KeyError", "TimeoutError", "NullPointerException", "segfault", "panic", "deadlock",
          "ConnectionReset", "OOMKilled", "AssertionError")  # fmt: skip
PEOPLE = ("Ines", "Tomasz", "Abebe", "Keiko", "Ravi", "Olu", "Marta", "Joon")
CHANNELS = ("#team-platform", "#incidents", "#random", "#release-train", "#design-crit")
SUBJECTS = ("offsite plan", "Q3 numbers", "access request", "on-call swap", "vendor invoice",
            "hiring loop", "roadmap draft", "budget")  # fmt: skip
MEETINGS = ("standup", "sprint planning", "1:1", "design review", "all hands", "retro",
            "customer call", "interview")  # fmt: skip
VIDEOS = ("lofi beats", "cat compilation", "bread baking", "chess endgames", "trail running")

Pick = Callable[[], str]


class Titler:
    """Titles for one day. ``rng`` drives every choice, so a seeded day repeats exactly."""

    def __init__(self, rng: np.random.Generator, day_index: int) -> None:
        self.rng = rng
        self.day = day_index
        first = day_index // 5
        self.projects = [PROJECTS[(first + i) % len(PROJECTS)] for i in range(PROJECTS_LIVE)]
        self.ticket_base = 1200 + 9 * day_index  # numbers grow with time
        self.pr_base = 300 + 4 * day_index

    def _c(self, options: tuple[str, ...] | list[str]) -> str:
        return str(options[int(self.rng.integers(0, len(options)))])

    def project(self) -> str:
        return self._c(self.projects)

    def source_file(self, project: str) -> str:
        return f"{self._c(FILES)}{self._c(EXT)} — {project} — Code"

    def ticket(self) -> int:
        return self.ticket_base + int(self.rng.integers(0, 40))

    def item(self, task: str) -> tuple[str, str]:
        """(app, title) of one thing the person works on during an episode of ``task``."""
        p, n, pr = self.project(), self.ticket(), self.pr_base + int(self.rng.integers(0, 15))
        options: dict[str, list[tuple[str, str]]] = {
            "Build": [
                (EDITOR, self.source_file(p)),
                (EDITOR, self.source_file(p)),
                (TERMINAL, f"make build — ~/src/{p}"),
                (TERMINAL, f"npm run watch — {p}"),
                (BROWSER, f"{self._c(FILES)} module — {p} API reference — Mozilla Firefox"),
            ],
            "Debug": [
                (EDITOR, self.source_file(p)),
                (TERMINAL, f"pytest -k {self._c(FILES)} — ~/src/{p}"),
                (TERMINAL, f"tail -f {p}-{self._c(FILES)}.log"),
                (
                    BROWSER,
                    f"{self._c(ERRORS)} when {self._c(FILES)} retries - AskAround"
                    " — Mozilla Firefox",
                ),
                (BROWSER, f"BUG-{n} {self._c(ERRORS)} in {p} · Ticketry — Mozilla Firefox"),
                (BROWSER, f"Panelview · {p} error rate — Mozilla Firefox"),
            ],
            "Review": [
                (
                    BROWSER,
                    f"Merge request !{pr}: {self._c(FILES)} cleanup · {p} · CodeYard"
                    " — Mozilla Firefox",
                ),
                (BROWSER, f"Changes · !{pr} · {p} · CodeYard — Mozilla Firefox"),
                (EDITOR, self.source_file(p)),
            ],
            "Write": [
                (EDITOR, f"{self._c(('design', 'notes', 'runbook', 'adr'))}-{n}.md — {p} — Code"),
                (BROWSER, f"{self._c(SUBJECTS).title()} draft - Sheetwise Docs — Mozilla Firefox"),
                (BROWSER, f"{p} proposal (draft) - Sheetwise Docs — Mozilla Firefox"),
            ],
            "ReadResearch": [
                (BROWSER, f"On {self._c(TOPICS)} ({2015 + n % 10}) - PaperShelf — Mozilla Firefox"),
                (BROWSER, f"A field guide to {self._c(TOPICS)} | Longreads blog — Mozilla Firefox"),
                (PDF, f"{self._c(TOPICS).replace(' ', '_')}_{n % 97}.pdf"),
            ],
            "Communicate": [
                (CHAT, f"{self._c(CHANNELS)} | Rocketchat"),
                (CHAT, f"DM {self._c(PEOPLE)} | Rocketchat"),
                (
                    BROWSER,
                    f"Inbox ({int(self.rng.integers(1, 60))}) - Postbox Mail — Mozilla Firefox",
                ),
                (BROWSER, f"Re: {self._c(SUBJECTS)} - Postbox Mail — Mozilla Firefox"),
            ],
            "Meet": [
                (
                    BROWSER,
                    f"Huddle call: {self._c(MEETINGS)} ({self._c(PEOPLE)}) — Mozilla Firefox",
                ),
                (CALL, f"{self._c(MEETINGS).title()} - Zoom Meeting"),
            ],
            "BreakIdle": [
                (LOCK, "Locked"),
                (BROWSER, f"{self._c(VIDEOS)} - ClipTube — Mozilla Firefox"),
            ],
        }
        choices = options[task]
        return choices[int(self.rng.integers(0, len(choices)))]

    def interruption(self) -> tuple[str, str]:
        """A 30-120 s glance away: chat, mail, or a quick look at a ticket."""
        kind = self.rng.random()
        if kind < 0.45:
            return self.item("Communicate")
        if kind < 0.7:
            return CHAT, f"DM {self._c(PEOPLE)} | Rocketchat"
        if kind < 0.85:
            return BROWSER, f"BUG-{self.ticket()} · Ticketry — Mozilla Firefox"
        return BROWSER, f"{self._c(VIDEOS)} - ClipTube — Mozilla Firefox"
