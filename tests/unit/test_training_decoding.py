"""Sequence decoding: deterministic, keeps a steady confident run, removes a lone blip."""

from __future__ import annotations

from itertools import pairwise

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


def one_step_at_a_time(proba: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The textbook loop, one minute per step: the oracle the batched decoder must match."""
    emit, trans = np.log(np.maximum(proba, 1e-6)), np.log(transitions)
    back = np.zeros(proba.shape, dtype=np.int64)
    score = emit[0].copy()
    for t in range(1, proba.shape[0]):
        step = score[:, None] + trans
        back[t] = step.argmax(axis=0)
        score = step[back[t], np.arange(proba.shape[1])] + emit[t]
    path = [int(score.argmax())]
    for t in range(proba.shape[0] - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return np.array(path[::-1], dtype=np.int64)


def test_runs_decoded_side_by_side_equal_each_run_decoded_alone():
    rng = np.random.default_rng(7)
    k = 5
    proba = rng.dirichlet(np.full(k, 0.3), size=900)
    proba[100:140] = 1 / k  # ties everywhere: lowest index wins in both
    steps = rng.choice([1, 1, 1, 1, 1, 1, 2, 7, 30], size=900)  # gaps over 5 min split runs
    ts = np.cumsum(steps) * M
    trans = rng.dirichlet(np.full(k, 1.0), size=k) * 0.5 + np.eye(k) * 0.5
    days = np.array([300, 600])  # row indices that start a new run whatever the gap
    bounds = np.union1d(np.r_[0, np.flatnonzero(np.diff(ts) > 5 * M) + 1, days], [900])
    expected = np.concatenate(
        [one_step_at_a_time(proba[lo:hi], trans) for lo, hi in pairwise(bounds)]
    )
    assert len(bounds) > 20  # many runs of many lengths, not one
    assert decode(proba, trans, ts, starts=days).tolist() == expected.tolist()
    assert viterbi(proba, trans).tolist() == one_step_at_a_time(proba, trans).tolist()
    assert decode(proba[:0], trans, ts[:0]).tolist() == []
