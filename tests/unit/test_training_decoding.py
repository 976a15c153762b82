"""Sequence decoding: deterministic, keeps a steady confident run, removes a lone blip."""

from __future__ import annotations

import numpy as np

from taskclf.training.decoding import decode, decode_online, fit_transitions, viterbi

M = 60_000_000


def sticky(k: int = 3, stay: float = 0.97) -> np.ndarray:
    out = np.full((k, k), (1 - stay) / (k - 1))
    np.fill_diagonal(out, stay)
    return out


def rows(labels: list[int], confidence: float = 0.8, k: int = 3) -> np.ndarray:
    proba = np.full((len(labels), k), (1 - confidence) / (k - 1))
    proba[np.arange(len(labels)), labels] = confidence
    return proba


def test_a_steady_confident_sequence_is_unchanged():
    labels = [0] * 20 + [1] * 25 + [2] * 15
    assert viterbi(rows(labels, 0.9), sticky()).tolist() == labels


def test_a_lone_one_minute_blip_inside_a_long_stretch_is_removed():
    labels = [1] * 30
    labels[14] = 2
    assert viterbi(rows(labels, 0.7), sticky()).tolist() == [1] * 30


def test_decoding_is_deterministic_including_ties():
    proba = np.full((12, 3), 1 / 3)
    first = viterbi(proba, sticky())
    assert first.tolist() == viterbi(proba.copy(), sticky()).tolist() == [0] * 12


def test_gaps_split_the_sequence_and_transitions_come_from_consecutive_minutes():
    ts = np.r_[np.arange(10), np.arange(30, 40)] * M
    labels = [0] * 10 + [2] * 10
    assert decode(rows(labels), sticky(), ts).tolist() == labels
    y = np.array([0, 0, 0, 1, 1], dtype=np.int64)
    t = np.array([0, 1, 2, 3, 10]) * M  # 1 -> 1 crosses a gap: not counted
    trans = fit_transitions(y, t, 2)
    assert np.allclose(trans.sum(axis=1), 1.0)
    assert trans[0, 0] > trans[0, 1] and trans[1, 0] == trans[1, 1]


def test_online_form_uses_only_the_rows_it_is_given():
    recent = rows([0] * 10 + [2], 0.7)
    assert decode_online(recent, sticky(), lag=0) in (0, 2)
    assert decode_online(recent, sticky(), lag=2) == 0
    assert decode_online(rows([1] * 15, 0.9), sticky(), lag=2) == 1
