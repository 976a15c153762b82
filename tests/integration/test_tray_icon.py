"""The system-tray icon on a virtual X display (Xvfb, with trayer as the tray): it starts,
its Pause item - invoked through the menu the running icon holds, as pystray's plain X
backend draws no menu - pauses the tray, and its Quit item ends the process cleanly."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fixtures.api_fx import free_port

WAIT_S = 60.0
# The real `taskclf tray` command, plus a thread that stands in for the person's mouse: it
# takes the icon this process shows and calls the menu items named on stdin.
DRIVER = """
import faulthandler, signal, sys, threading
from taskclf.tray.icon import running_icon

faulthandler.register(signal.SIGUSR1, all_threads=True)  # the test asks for stacks if it hangs

def click():
    icon = running_icon(60)
    print("icon visible" if icon is not None and icon.visible else "no icon", flush=True)
    for line in sys.stdin:
        item = next(i for i in icon.menu.items if i.text.startswith(line.strip()))
        item(icon)

threading.Thread(target=click, daemon=True).start()
from taskclf.cli.app import main
sys.argv = ["taskclf", *sys.argv[1:]]
main()
"""


def _need_xvfb() -> str:
    found = shutil.which("Xvfb")
    if found is None:
        message = "Xvfb is not installed (apt-get install xvfb trayer): the icon is NOT tested"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    if importlib.util.find_spec("pystray") is None:  # importing it needs a display
        pytest.fail("pystray is not installed: pip install -e '.[tray]' (make installs it)")
    return found


@pytest.fixture
def display() -> Iterator[str]:
    """A private X display with a system tray on it (when trayer is installed)."""
    xvfb = _need_xvfb()
    read, write = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "800x600x24"],
                              pass_fds=(write,), stderr=subprocess.DEVNULL)  # fmt: skip
    os.close(write)
    with os.fdopen(read) as pipe:
        name = f":{pipe.readline().strip()}"
    tray = None
    if shutil.which("trayer"):
        tray = subprocess.Popen(["trayer", "--edge", "top"], env={**os.environ, "DISPLAY": name},
                                stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        yield name
    finally:
        for proc in (tray, server):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=10)


def test_icon_pause_and_quit_on_a_virtual_display(display: str, tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASKCLF_")}
    env |= {"DISPLAY": display, "PYSTRAY_BACKEND": "xorg", "XDG_CONFIG_HOME": str(tmp_path)}
    args = ["tray", "--port", str(port), "--data-dir", str(tmp_path / "d"),
            "--aw-host", "http://127.0.0.1:9", "--poll-seconds", "1"]  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, *args], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)  # fmt: skip
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True).start()
    url = f"http://127.0.0.1:{port}/api/tray/state"
    try:
        _wait(lambda: "icon visible\n" in lines, lines)
        _wait(lambda: _state(url) is not None, lines)
        assert _state(url)["paused"] is False  # type: ignore[index]
        assert proc.stdin is not None
        proc.stdin.write("Pause\n")
        proc.stdin.flush()
        _wait(lambda: (_state(url) or {}).get("paused") is True, lines)
        proc.stdin.write("Quit\n")
        proc.stdin.flush()
        assert _exit_code(proc, lines) == 0, "".join(lines)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not any("no tray icon" in line for line in lines), lines
    assert any("suggestions paused" in line for line in lines), lines


def _exit_code(proc: subprocess.Popen[str], lines: list[str]) -> int:
    """The tray's exit code; if it has not ended in time, the failure shows every thread's
    stack (its faulthandler dumps them on SIGUSR1) with what it printed."""
    try:
        return proc.wait(timeout=WAIT_S)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGUSR1)
        time.sleep(2)
        raise AssertionError("the tray did not end after Quit:\n" + "".join(lines)) from None


def _state(url: str) -> dict | None:
    try:
        return dict(httpx.get(url, timeout=2).json())
    except (httpx.HTTPError, ValueError):
        return None


def _wait(condition, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("".join(lines))
