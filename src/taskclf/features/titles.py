"""The private title signal: words of window (and browser-tab) titles -> keyed-hash buckets.

Titles tell tasks apart where apps cannot (one browser serves review, mail and meetings), but
a title must never be stored. Each word (letters only, lower-cased, 2+ characters; numbers
such as ticket ids are dropped because they never repeat) is hashed with HMAC-SHA256 under the
per-install secret (``features.store.title_salt``) into one of ``TITLE_BUCKETS`` buckets; a
row keeps only, per bucket, the share of the minute whose title had a word in it. Many words
share a bucket, and without the secret nobody can even test a guessed word against a bucket.
Pure: the secret is passed in (titles already hashed are remembered per secret, in memory
only, so the live tray does not hash the same few titles every minute).
"""

from __future__ import annotations

import hashlib
import hmac
import re

import numpy as np

from taskclf.core.schema import TITLE_BUCKETS
from taskclf.core.timeutil import MINUTE_US

WORD = re.compile(r"[^\W\d_]{2,}")
# Buckets of titles already split and hashed, per secret; kept in memory only (never
# written), dropped whole when full. The live tray sees the same few titles every minute.
CACHED_TITLES = 20_000
_TITLE_CACHE: dict[bytes, dict[str, list[int]]] = {}


def word_bucket(word: str, salt: bytes) -> int:
    digest = hmac.new(salt, word.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") % TITLE_BUCKETS


def title_buckets(title: str, salt: bytes, cache: dict[str, int]) -> list[int]:
    """Distinct buckets of the title's words (``cache`` maps words already hashed)."""
    out = set()
    for word in WORD.findall(title.lower()):
        bucket = cache.get(word)
        if bucket is None:
            bucket = cache[word] = word_bucket(word, salt)
        out.add(bucket)
    return sorted(out)


def bucket_shares(
    names: np.ndarray,
    title_of_pair: np.ndarray,
    us_of_pair: np.ndarray,
    row_of_pair: np.ndarray,
    n_rows: int,
    salt: bytes,
) -> np.ndarray:
    """(n_rows, TITLE_BUCKETS) float32: per row, the share of the minute spent under a title
    holding a word of each bucket (at most 1).

    A pair is (title code into ``names``, µs, row); ``row_of_pair`` -1 means no row. Each
    distinct title is split into words and hashed once, however many minutes it spans.
    """
    if len(title_of_pair) == 0 or n_rows == 0:
        return np.zeros((n_rows, TITLE_BUCKETS), dtype=np.float32)
    rows = np.asarray(row_of_pair, dtype=np.int64)
    used = rows >= 0  # only the titles of returned rows are split and hashed
    rows, us_of_pair = rows[used], us_of_pair[used]
    needed, title_of_pair = np.unique(title_of_pair[used], return_inverse=True)
    title_of_pair = title_of_pair.reshape(-1)
    per_title = _buckets_of(names[needed], salt)
    lengths = np.array([len(b) for b in per_title], dtype=np.int64)
    flat = np.array([b for bs in per_title for b in bs], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    counts = lengths[title_of_pair]
    pair_idx = np.repeat(np.arange(len(title_of_pair)), counts)
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    buckets = flat[offsets[title_of_pair[pair_idx]] + within]
    weights = us_of_pair[pair_idx] / MINUTE_US
    cells = rows[pair_idx] * TITLE_BUCKETS + buckets
    out = np.bincount(cells, weights=weights, minlength=n_rows * TITLE_BUCKETS)
    return np.minimum(out, 1.0).reshape(n_rows, TITLE_BUCKETS).astype(np.float32)


def _buckets_of(names: np.ndarray, salt: bytes) -> list[list[int]]:
    known = _TITLE_CACHE.setdefault(salt, {})
    if len(known) > CACHED_TITLES:
        known.clear()
    words: dict[str, int] = {}
    out = []
    for name in names:
        title = str(name)
        buckets = known.get(title)
        if buckets is None:
            buckets = known[title] = title_buckets(title, salt, words)
        out.append(buckets)
    return out
