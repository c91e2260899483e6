"""generator/demos/seed_stats.py: intervals, pooling of per-seed results, paired differences."""

from __future__ import annotations

import math
import random
import statistics

import pytest
from scipy import stats

from generator.demos.seed_stats import SeedMismatch, describe, interval, is_interval, paired_difference, pool, t_quantile


@pytest.mark.parametrize("df", list(range(1, 31)))
def test_t_quantiles_match_scipy(df):
    assert t_quantile(df) == pytest.approx(stats.t.ppf(0.975, df), abs=6e-4)


def test_interval_matches_scipy_on_random_samples():
    rng = random.Random(7)
    for _ in range(50):
        values = [rng.gauss(0.5, 0.2) for _ in range(rng.randint(2, 12))]
        record = interval(values, list(range(len(values))))
        low, high = stats.t.interval(0.95, len(values) - 1, loc=statistics.fmean(values),
                                     scale=stats.sem(values))
        assert record["low"] == pytest.approx(low, abs=1e-3 * (high - low))
        assert record["high"] == pytest.approx(high, abs=1e-3 * (high - low))
        assert record["mean"] == pytest.approx(statistics.fmean(values)) and record["n"] == len(values)
        assert is_interval(record)


def test_a_seed_that_was_not_finite_empties_the_interval():
    record = interval([0.2, None, 0.3], [0, 1, 2])
    assert record["mean"] is None and record["low"] is None and record["non_finite"] == 1
    assert describe(record) == "not finite in 1 of 3 seeds"
    assert describe(interval([1.0, 2.0, 3.0], [0, 1, 2])) == "2 (95% CI -0.484 to 4.48, 3 seeds)"


def test_pool_averages_numbers_keeps_constants_and_shares_flags():
    per_seed = [{"loss": {"0.1": 0.2}, "epochs": 5, "name": "sgd", "diverged": True, "lrs": [0.1, 1.0]},
                {"loss": {"0.1": 0.4}, "epochs": 5, "name": "sgd", "diverged": False, "lrs": [0.1, 1.0]}]
    means, intervals = pool(per_seed, [0, 1])
    assert means == {"loss": {"0.1": pytest.approx(0.3)}, "epochs": 5, "name": "sgd", "diverged": 0.5,
                     "lrs": [0.1, 1.0]}
    assert intervals["loss"]["0.1"]["values"] == [0.2, 0.4] and intervals["epochs"]["sd"] == 0.0
    assert "name" not in intervals and "diverged" not in intervals


def test_pool_names_the_path_that_cannot_be_pooled():
    with pytest.raises(SeedMismatch, match=r"metrics\['label'\]\['0.1'\] differs between seeds "
                                           r"\(seed 0: 'good', seed 3: 'bad'\)"):
        pool([{"label": {"0.1": "good"}}, {"label": {"0.1": "bad"}}], [0, 3])
    with pytest.raises(SeedMismatch, match=r"metrics has different keys in different seeds"):
        pool([{"a": 1.0}, {"b": 1.0}], [0, 1])
    with pytest.raises(SeedMismatch, match="2 results for 3 seeds"):
        pool([{}, {}], [0, 1, 2])


def test_paired_difference_uses_the_same_seeds():
    seeds = [0, 1, 2, 3, 4]
    a = interval([0.30, 0.50, 0.40, 0.35, 0.45], seeds)
    b = interval([0.28, 0.475, 0.38, 0.328, 0.432], seeds)
    diff = paired_difference(a, b)
    assert diff["values"] == pytest.approx([0.02, 0.025, 0.02, 0.022, 0.018]) and diff["low"] > 0
    assert a["low"] < b["high"]                 # the unpaired intervals overlap, the paired one excludes 0
    with pytest.raises(SeedMismatch, match="different seeds"):
        paired_difference(a, interval([1.0, 2.0], [0, 1]))
    assert math.isclose(diff["mean"], 0.021)
