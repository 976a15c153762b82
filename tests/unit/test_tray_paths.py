"""Path contributions: exact against the model's own raw scores, and they credit the feature
that decides the label."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pytest

from taskclf.tray.paths import path_table


@pytest.fixture(scope="module")
def booster() -> lgb.Booster:
    rng = np.random.default_rng(0)
    x = rng.random((600, 5))
    y = (x[:, 2] * 3).astype(int)  # only feature 2 decides the class
    params = {"objective": "multiclass", "num_class": 3, "verbose": -1, "num_leaves": 7}
    return lgb.train(params, lgb.Dataset(x, y), num_boost_round=20)


def test_bias_plus_contributions_is_each_labels_raw_score(booster: lgb.Booster) -> None:
    rows = np.random.default_rng(1).random((25, 5))
    raw = np.asarray(booster.predict(rows, raw_score=True))
    leaves = np.asarray(booster.predict(rows, pred_leaf=True)).astype(np.int64)
    table = path_table(booster)
    for i in range(len(rows)):
        for label in range(3):
            total = table.bias(label) + table.contributions(leaves[i], label).sum()
            assert total == pytest.approx(raw[i, label], abs=1e-9)


def test_the_deciding_feature_carries_the_chosen_labels_contribution(
    booster: lgb.Booster,
) -> None:
    rows = np.random.default_rng(2).random((40, 5))
    proba = np.asarray(booster.predict(rows))
    leaves = np.asarray(booster.predict(rows, pred_leaf=True)).astype(np.int64)
    table = path_table(booster)
    for i in range(len(rows)):
        contributions = table.contributions(leaves[i], int(proba[i].argmax()))
        assert int(np.argmax(contributions)) == 2


def test_the_table_is_built_once_per_booster(booster: lgb.Booster) -> None:
    assert path_table(booster) is path_table(booster)


def test_probabilities_from_the_leaves_are_the_models_own(booster: lgb.Booster) -> None:
    rows = np.random.default_rng(3).random((30, 5))
    leaves = np.asarray(booster.predict(rows, pred_leaf=True)).astype(np.int64)
    table = path_table(booster)
    assert table.softmax
    np.testing.assert_allclose(table.probabilities(leaves), booster.predict(rows), atol=1e-12)


def test_a_model_without_softmax_is_not_given_probabilities_from_leaves() -> None:
    rng = np.random.default_rng(4)
    x = rng.random((200, 3))
    params = {"objective": "multiclassova", "num_class": 3, "verbose": -1, "num_leaves": 4}
    ova = lgb.train(params, lgb.Dataset(x, (x[:, 0] * 3).astype(int)), num_boost_round=3)
    table = path_table(ova)
    assert not table.softmax
    with pytest.raises(ValueError, match="softmax"):
        table.probabilities(np.zeros((1, 9), dtype=np.int64))
