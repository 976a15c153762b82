"""Start and stop a real, throw-away aw-server (for ``taskclf demo`` and the test suite).

The server gets its own temporary XDG directories so it never sees or touches the user's
real ActivityWatch data, and runs in ``--testing`` mode on a loopback port.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self

from taskclf.aw.client import AwClient
from taskclf.core.errors import AwError, TaskclfError

BIN_ENV = "TASKCLF_AW_SERVER_BIN"


class AwServerError(TaskclfError):
    """aw-server could not be found or did not come up; the message carries its log."""


def find_aw_server() -> str:
    explicit = os.environ.get(BIN_ENV)
    if explicit:
        if not os.access(explicit, os.X_OK):
            raise AwServerError(f"{BIN_ENV}={explicit} is not an executable file")
        return explicit
    found = shutil.which("aw-server")
    if found is None:
        raise AwServerError(
            f"aw-server not found: install it (`make aw-server`) or set {BIN_ENV} to its path"
        )
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class AwServerProcess:
    """``with AwServerProcess() as aw: aw.base_url`` — a running server, stopped on exit."""

    def __init__(self, port: int | None = None, binary: str | None = None) -> None:
        self.port = port or free_port()
        self.binary = binary or find_aw_server()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_path: Path | None = None

    def start(self, ready_timeout_s: float = 30.0) -> Self:
        self._tmp = tempfile.TemporaryDirectory(prefix="taskclf-aw-")
        root = Path(self._tmp.name)
        env = {k: v for k, v in os.environ.items() if k != "AW_PROFILE"}
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            (root / name.lower()).mkdir()
            env[name] = str(root / name.lower())
        self._log_path = root / "aw-server.log"
        cmd = [self.binary, "--testing", "--host", "127.0.0.1", "--port", str(self.port),
               "--storage", "peewee"]  # fmt: skip
        with self._log_path.open("wb") as log:
            self._proc = subprocess.Popen(
                cmd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        try:
            self._wait_ready(ready_timeout_s)
        except AwServerError:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        with AwClient(self.base_url, timeout_s=2.0) as client:
            while time.monotonic() < deadline:
                assert self._proc is not None
                if self._proc.poll() is not None:
                    raise AwServerError(
                        f"aw-server exited with code {self._proc.returncode}:\n{self.log()}"
                    )
                try:
                    client.info()
                    return
                except AwError:
                    time.sleep(0.1)
        raise AwServerError(f"aw-server did not answer within {timeout_s} s:\n{self.log()}")

    def log(self, tail_chars: int = 4000) -> str:
        if self._log_path is None or not self._log_path.exists():
            return "(no log)"
        return self._log_path.read_text(errors="replace")[-tail_chars:]

    def stop(self, timeout_s: float = 10.0) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Self:
        return self.start() if self._proc is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()
