"""The pure checks behind the security middleware."""

from __future__ import annotations

import pytest

from taskclf.api.security import content_type_allowed, host_allowed, origin_allowed


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:8741", "127.0.0.1", "127.0.0.1:1", "[::1]", "[::1]:8741", "LOCALHOST"],
)
def test_loopback_hosts_are_allowed(host: str) -> None:
    assert host_allowed(host)


@pytest.mark.parametrize(
    "host",
    [
        None,
        "",
        "evil.example",
        "evil.example:8741",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
        "0.0.0.0:8741",
        "192.168.1.5",
        "[::1]x",
        "localhost:80a",
        "[::2]:8741",
    ],
)
def test_other_hosts_are_refused(host: str | None) -> None:
    assert not host_allowed(host)


def test_origin_must_be_the_server_itself() -> None:
    assert origin_allowed(None, "127.0.0.1:8741", "http")
    assert origin_allowed("http://127.0.0.1:8741", "127.0.0.1:8741", "http")
    assert origin_allowed("http://127.0.0.1:8741", "127.0.0.1:8741", "ws")
    assert not origin_allowed("http://evil.example", "127.0.0.1:8741", "http")
    assert not origin_allowed("http://127.0.0.1:9999", "127.0.0.1:8741", "http")
    assert not origin_allowed("http://localhost:8741", "127.0.0.1:8741", "http")
    assert not origin_allowed("https://127.0.0.1:8741", "127.0.0.1:8741", "http")
    assert not origin_allowed("null", "127.0.0.1:8741", "http")


def test_json_endpoints_need_a_json_content_type() -> None:
    assert content_type_allowed("/api/train/start", "application/json")
    assert content_type_allowed("/api/train/start", "application/json; charset=utf-8")
    assert content_type_allowed("/api/train/start", "application/merge-patch+json")
    for kind in (None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        assert not content_type_allowed("/api/train/start", kind)


def test_the_csv_import_takes_files_not_json() -> None:
    path = "/api/labels/import"
    assert content_type_allowed(path, "multipart/form-data; boundary=x")
    assert content_type_allowed(path, "text/csv")
    assert not content_type_allowed(path, "text/plain")
