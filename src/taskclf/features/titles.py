"""The private title signal: words of window (and browser-tab) titles -> keyed-hash buckets.

Titles tell tasks apart where apps cannot (one browser serves review, mail and meetings), but
a title must never be stored. Each word (letters only, lower-cased, 2+ characters; numbers
such as ticket ids are dropped because they never repeat) is hashed with HMAC-SHA256 under the
per-install secret (``features.store.title_salt``) into one of ``TITLE_BUCKETS`` buckets; a
row keeps only, per bucket, the share of the minute whose title had a word in it. Many words
share a bucket, and without the secret nobody can even test a guessed word against a bucket.
Pure: the secret is passed in.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import numpy as np
import polars as pl

from taskclf.core.schema import TITLE_BUCKETS

MINUTE_US = 60_000_000
WORD = re.compile(r"[^\W\d_]{2,}")


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
    pairs: pl.DataFrame, row_of_pair: np.ndarray, n_rows: int, salt: bytes
) -> np.ndarray:
    """(n_rows, TITLE_BUCKETS) float32 from ``pairs`` (minute_us, title, us): per row, the
    share of the minute spent under a title holding a word of each bucket (at most 1).

    ``row_of_pair`` is each pair's row: an int64 array aligned with ``pairs`` (-1 = none).
    """
    if pairs.height == 0:
        return np.zeros((n_rows, TITLE_BUCKETS), dtype=np.float32)
    titles = pairs["title"]
    unique = titles.unique().to_list()
    cache: dict[str, int] = {}
    per_title = [title_buckets(t or "", salt, cache) for t in unique]
    index = {t: i for i, t in enumerate(unique)}
    codes = titles.replace_strict(index, return_dtype=pl.Int64).to_numpy()
    lengths = np.array([len(b) for b in per_title], dtype=np.int64)
    flat = np.array([b for bs in per_title for b in bs], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    rows = np.asarray(row_of_pair, dtype=np.int64)
    keep = rows >= 0
    counts = lengths[codes] * keep
    pair_idx = np.repeat(np.arange(len(codes)), counts)
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    buckets = flat[offsets[codes[pair_idx]] + within]
    weights = pairs["us"].to_numpy()[pair_idx] / MINUTE_US
    cells = rows[pair_idx] * TITLE_BUCKETS + buckets
    out = np.bincount(cells, weights=weights, minlength=n_rows * TITLE_BUCKETS)
    return np.minimum(out, 1.0).reshape(n_rows, TITLE_BUCKETS).astype(np.float32)
