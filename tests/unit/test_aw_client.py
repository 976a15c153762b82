"""The AW client's pure parts: which buckets a host is read from, and a bad address."""

from __future__ import annotations

import pytest

from taskclf.aw.client import AwClient, Bucket, choose_buckets
from taskclf.core.errors import AwNoData, AwUnavailable

URL = "http://127.0.0.1:5600"


def _b(bucket_id: str, kind: str, host: str, updated: str) -> Bucket:
    return Bucket(bucket_id, kind, host, updated)


BUCKETS = [
    _b("win_old", "currentwindow", "old", "2026-01-05T09:00:00+00:00"),
    _b("win_new", "currentwindow", "new", "2026-01-05T10:00:00.5+00:00"),
    _b("afk_old", "afkstatus", "old", "2026-01-05T09:00:00+00:00"),
    _b("afk_new", "afkstatus", "new", "2026-01-05T10:00:00+00:00"),
    _b("input_old", "os.hid.input", "old", "2026-01-05T09:00:00+00:00"),
    _b("web_b", "web.tab.current", "unknown", "2026-01-05T08:00:00+00:00"),
    _b("web_a", "web.tab.current", "new", "2026-01-05T08:00:00+00:00"),
    _b("web_x", "web.tab.current", "old", "2026-01-05T08:00:00+00:00"),
]


def test_without_a_host_setting_the_latest_window_bucket_decides_the_host():
    chosen = choose_buckets(BUCKETS, None, URL)
    assert (chosen.hostname, chosen.window, chosen.afk) == ("new", "win_new", "afk_new")
    assert chosen.input is None  # the other host's input bucket is not borrowed
    assert chosen.web == ("web_a", "web_b")


def test_a_configured_host_is_read_even_if_another_is_newer():
    chosen = choose_buckets(BUCKETS, "old", URL)
    assert (chosen.window, chosen.afk, chosen.input, chosen.web) == (
        "win_old",
        "afk_old",
        "input_old",
        ("web_b", "web_x"),
    )


def test_missing_window_bucket_and_unknown_host_say_what_to_do():
    with pytest.raises(AwNoData, match="start aw-watcher-window"):
        choose_buckets([b for b in BUCKETS if b.type != "currentwindow"], None, URL)
    with pytest.raises(AwNoData, match="known hosts: new, old"):
        choose_buckets(BUCKETS, "laptop", URL)


def test_an_address_that_is_not_a_url_is_an_aw_error_not_a_traceback():
    with pytest.raises(AwUnavailable, match="TASKCLF_AW_HOST"):
        AwClient("http://[::1", timeout_s=0.5)
