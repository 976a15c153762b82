"""Title words -> keyed buckets: what a row keeps, and the in-memory memo of hashed titles."""

from __future__ import annotations

import numpy as np
import pytest

from taskclf.core.schema import TITLE_BUCKETS
from taskclf.features import titles

MINUTE = 60_000_000


def shares(title: str, salt: bytes) -> np.ndarray:
    names = np.array([title], dtype=object)
    one = np.array([0])
    return titles.bucket_shares(names, one, np.array([MINUTE]), one, 1, salt)[0]


def expected(title: str, salt: bytes) -> np.ndarray:
    row = np.zeros(TITLE_BUCKETS, dtype=np.float32)
    row[titles.title_buckets(title, salt, {})] = 1.0
    return row


def test_a_whole_minute_under_a_title_fills_exactly_its_words_buckets() -> None:
    title = "Review pull request 4711 — payments ledger"
    np.testing.assert_array_equal(shares(title, b"one"), expected(title, b"one"))
    assert titles.title_buckets("4711 — 12", b"one", {}) == []  # numbers are no words


def test_the_memo_of_hashed_titles_is_kept_per_secret() -> None:
    title = "Quarterly planning notes draft"
    first, second = shares(title, b"secret-a"), shares(title, b"secret-b")
    np.testing.assert_array_equal(first, expected(title, b"secret-a"))
    np.testing.assert_array_equal(second, expected(title, b"secret-b"))
    assert not np.array_equal(first, second)


def test_the_memo_is_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(titles, "CACHED_TITLES", 3)
    salt = b"bounded"
    for i in range(10):
        shares(f"title number {chr(97 + i) * 3}", salt)
        assert len(titles._TITLE_CACHE[salt]) <= 4
