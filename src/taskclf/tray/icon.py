"""The system-tray icon: the current suggestion at a glance, and a menu to open the dashboard,
pause or resume suggestions, see the active model, and quit.

Optional (``pip install 'taskclf[tray]'`` brings pystray and Pillow): without them, or without
a desktop session, taskclf runs headless and says so in one line. The icon only *shows* the
suggester's state and calls its public methods, so headless and iconic runs behave alike.
Its loop runs detached (a thread of pystray's own), leaving the main thread to the server,
whose signal handling makes Quit a clean shutdown: Quit sends this process SIGTERM.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import webbrowser
from collections.abc import Callable
from typing import Any

SIZE = 64
COLOURS = {
    "suggesting": (46, 125, 50),
    "unsure": (249, 168, 37),
    "paused": (120, 120, 120),
    "no_model": (120, 120, 120),
    "aw_down": (198, 40, 40),
}
_running: list[Any] = []  # the icon of this process, for callers that drive its menu
_ready = threading.Event()


def desktop_reason() -> str | None:
    """Why no icon can be shown here, or None when a desktop session seems present."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no desktop session (DISPLAY is not set)"
    return None


class TrayIcon:
    def __init__(self, tray: Any, url: str, quit: Callable[[], None] | None = None) -> None:
        self.tray = tray
        self.url = url
        self._quit = quit or _terminate_self
        self._icon: Any = None

    def start(self) -> str | None:
        """Show the icon; returns why it could not be shown (then run headless)."""
        reason = desktop_reason()
        if reason is not None:
            return reason
        try:
            import pystray
        except Exception as exc:  # ImportError, or a backend that cannot reach the display
            return f"pystray is not available ({exc}); install it with pip install 'taskclf[tray]'"
        try:
            self._icon = pystray.Icon("taskclf", self._image(), self._title(), self._menu(pystray))
            _run_in_background(self._icon, self._setup)
        except Exception as exc:
            return f"the tray icon could not start ({type(exc).__name__}: {exc})"
        return None

    def refresh(self) -> None:
        """Redraw after the suggestion, the model or pause changed."""
        icon = self._icon
        if icon is None:
            return
        icon.icon = self._image()
        icon.title = self._title()
        icon.update_menu()

    def stop(self) -> None:
        if self._icon is not None:
            self._icon.stop()
            self._icon = None
            _running.clear()
            _ready.clear()

    # -- what it shows -------------------------------------------------------------------
    def _setup(self, icon: Any) -> None:
        icon.visible = True
        _running[:] = [icon]
        _ready.set()

    def _mood(self, state: dict[str, Any]) -> str:
        last = state.get("last_prediction")
        if state["aw_status"] != "ok":
            return "aw_down"
        if state["paused"]:
            return "paused"
        if state["model_id"] is None:
            return "no_model"
        return "unsure" if last and last.get("unsure") else "suggesting"

    def _title(self) -> str:
        """The tooltip: the current suggestion and its confidence, or why there is none."""
        state = self.tray.state()
        last = state.get("last_prediction")
        if state["paused"]:
            return "taskclf: paused"
        if state["aw_status"] != "ok":
            return f"taskclf: ActivityWatch {state['aw_status']}"
        if state["model_id"] is None:
            return "taskclf: no model yet"
        if not last:
            return "taskclf: waiting for activity"
        return f"taskclf: {last['smoothed_label']} ({last['confidence']:.0%})"

    def _image(self) -> Any:
        from PIL import Image, ImageDraw

        state = self.tray.state()
        last = state.get("last_prediction") or {}
        image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
        draw = ImageDraw.Draw(image)
        draw.ellipse((2, 2, SIZE - 3, SIZE - 3), fill=COLOURS[self._mood(state)])
        letter = str(last.get("smoothed_label") or "t")[:1].upper()
        draw.text((SIZE // 2, SIZE // 2), letter, fill=(255, 255, 255), anchor="mm", font_size=36)
        return image

    def _menu(self, pystray: Any) -> Any:
        item = pystray.MenuItem
        return pystray.Menu(
            item("Open dashboard", self._open, default=True),
            item(
                lambda _i: "Resume suggestions" if self._paused() else "Pause suggestions",
                self._toggle,
            ),
            item(
                lambda _i: f"Model: {self.tray.state()['model_id'] or 'none yet'}",
                None,
                enabled=False,
            ),
            item("Quit", self._quit_clicked),
        )

    # -- what it does ----------------------------------------------------------------------
    def _paused(self) -> bool:
        return bool(self.tray.state()["paused"])

    def _open(self) -> None:
        webbrowser.open(self.url)

    def _toggle(self) -> None:
        self.tray.set_paused(not self._paused())
        self.refresh()

    def _quit_clicked(self) -> None:
        """Stopping the server also removes the icon (from the main thread, on the way out)."""
        self._quit()


def _run_in_background(icon: Any, setup: Callable[[Any], None]) -> None:
    """The X backend's loop runs happily in a daemon thread of ours; its own
    ``run_detached`` starts a second setup thread that waits for ever and keeps the process
    from exiting. Other backends get ``run_detached`` as documented."""
    if type(icon).__module__.endswith("_xorg"):
        threading.Thread(target=icon.run, args=(setup,), name="taskclf-icon", daemon=True).start()
    else:
        icon.run_detached(setup)


def running_icon(timeout: float) -> Any:
    """The icon this process shows, once visible (None if none within ``timeout``)."""
    return _running[0] if _ready.wait(timeout) and _running else None


def _terminate_self() -> None:
    """The server's own SIGTERM handling stops uvicorn, the suggester and the demo cleanly."""
    os.kill(os.getpid(), signal.SIGTERM)
