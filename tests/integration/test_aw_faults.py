"""ActivityWatch misbehaving (down, hanging, 500, garbage, huge) -> clear error, no file."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from taskclf.aw.client import AwClient
from taskclf.cli.app import app
from taskclf.core.errors import AwBadResponse, AwError, AwNoData, AwUnavailable
from taskclf.core.settings import load_settings
from taskclf.core.timeutil import day_bounds, get_zone
from taskclf.features.store import feature_path
from taskclf.jobs.build_days import build_day
from taskclf.synthetic.aw_process import free_port

DAY = date(2026, 1, 5)
BUCKETS = {
    "aw-watcher-window_h": {
        "id": "aw-watcher-window_h",
        "type": "currentwindow",
        "hostname": "h",
        "last_updated": "2026-01-05T10:00:00+00:00",
    },
}
Behaviour = Callable[[BaseHTTPRequestHandler], None]


def _reply(status: int, body: bytes) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return behave


class Stub:
    """A tiny HTTP server whose answer to every GET is ``behaviour``."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.release = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                behaviour(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Callable[[Behaviour], Stub]]:
    made: list[Stub] = []

    def make(behaviour: Behaviour) -> Stub:
        made.append(Stub(behaviour))
        return made[-1]

    yield make
    for s in made:
        s.close()


def _settings(tmp_path, url: str):
    return load_settings(
        {"data_dir": tmp_path, "aw_host": url, "timezone": "UTC", "aw_timeout_s": 0.5}, env={}
    )


def _expect_failure(tmp_path, url: str, error: type[AwError], words: str) -> None:
    settings = _settings(tmp_path, url)
    with pytest.raises(error) as info:
        build_day(DAY, settings)
    assert words in info.value.message
    assert url in info.value.message or "host" in info.value.message
    assert not feature_path(settings, DAY).exists()
    assert not list(tmp_path.rglob("*.parquet"))


def test_server_down(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    _expect_failure(tmp_path, url, AwUnavailable, "is it running?")


def test_server_hangs(tmp_path, stub):
    s = stub(lambda handler: s.release.wait(30))
    _expect_failure(tmp_path, s.url, AwUnavailable, "did not answer within 0.5 s")


def test_server_500(tmp_path, stub):
    s = stub(_reply(500, b'{"message": "boom"}'))
    _expect_failure(tmp_path, s.url, AwUnavailable, "HTTP 500")


def test_garbage_json(tmp_path, stub):
    s = stub(_reply(200, b"<html>not json"))
    _expect_failure(tmp_path, s.url, AwBadResponse, "not JSON")


def test_malformed_events(tmp_path, stub):
    def behave(handler: BaseHTTPRequestHandler) -> None:
        listing = handler.path.split("?")[0] == "/api/0/buckets/"
        body = BUCKETS if listing else [{"timestamp": "yesterday"}]
        _reply(200, json.dumps(body).encode())(handler)

    s = stub(behave)
    _expect_failure(tmp_path, s.url, AwBadResponse, "malformed event")


def test_a_broken_browser_bucket_loses_its_tabs_not_the_build(tmp_path, stub, caplog):
    """Tab titles only add words to the window titles': a browser extension answering
    garbage is left out with a warning, and the day still builds."""
    web = {"id": "web_h", "type": "web.tab.current", "hostname": "h", "last_updated": ""}

    def behave(handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        if path == "/api/0/buckets/":
            body: object = BUCKETS | {"web_h": web}
        elif path.startswith("/api/0/buckets/web_h/"):
            body = "garbage"
        else:
            body = [
                {"timestamp": "2026-01-05T10:00:00+00:00", "duration": 120, "data": {"app": "a"}}
            ]
        _reply(200, json.dumps(body).encode())(handler)

    s = stub(behave)
    with caplog.at_level(logging.WARNING, logger="taskclf.aw.client"):
        assert build_day(DAY, _settings(tmp_path, s.url)) == 2
    assert "browser tabs of web_h left out" in caplog.text
    with AwClient(s.url) as client:
        assert client.fetch(*day_bounds(DAY, get_zone("UTC"))).web is None


def test_huge_response_is_refused(tmp_path, stub):
    s = stub(_reply(200, b"[" + b" " * 3_000_000 + b"]"))
    with (
        AwClient(s.url, timeout_s=5, max_bytes=1_000_000) as client,
        pytest.raises(AwBadResponse) as info,
    ):
        client.buckets()
    assert "refusing to read it" in info.value.message


def test_server_trickling_bytes_is_cut_off(tmp_path, stub):
    """Each byte arrives well within the read timeout, the whole answer never does."""

    def behave(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):
            if s.release.wait(0.05):
                return
            handler.wfile.write(b" ")
            handler.wfile.flush()

    s = stub(behave)
    with (
        AwClient(s.url, timeout_s=0.5, total_timeout_s=0.5) as client,
        pytest.raises(AwUnavailable) as info,
    ):
        client.buckets()
    assert "did not finish answering" in info.value.message


def test_no_buckets(tmp_path, stub):
    s = stub(_reply(200, b"{}"))
    _expect_failure(tmp_path, s.url, AwNoData, "no buckets")


def test_unknown_host_lists_known_ones(tmp_path, stub):
    s = stub(_reply(200, json.dumps(BUCKETS).encode()))
    settings = load_settings(
        {"data_dir": tmp_path, "aw_host": s.url, "timezone": "UTC", "aw_hostname": "other"}, env={}
    )
    with pytest.raises(AwNoData) as info:
        build_day(DAY, settings)
    assert "'other'" in info.value.message and "known hosts: h" in info.value.message
    assert not feature_path(settings, DAY).exists()


def test_cli_reports_one_clear_line_and_fails(tmp_path, stub):
    s = stub(_reply(500, b"{}"))
    args = [
        "--data-dir",
        str(tmp_path),
        "--aw-host",
        s.url,
        "--timezone",
        "UTC",
        "features",
        "build",
        "--from",
        "2026-01-05",
        "--to",
        "2026-01-07",
    ]
    result = CliRunner().invoke(app, args, env={"TASKCLF_CONFIG": ""})
    assert result.exit_code == 5  # ActivityWatch unavailable
    [line] = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert line.startswith("error: ActivityWatch at")  # said once, not once per day
    assert "2026-01-05" in result.output and "2026-01-07" in result.output  # the table
    assert "Traceback" not in result.output
    assert not list(tmp_path.rglob("*.parquet"))
