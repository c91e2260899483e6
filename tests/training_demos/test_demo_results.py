"""Each real demo's result (quick config): the metric keys the content relies on, and sanity."""

from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.tensorflow


def close(a, b, rel=1e-9):
    return math.isclose(a, b, rel_tol=rel)


def test_every_figure_is_a_reproducible_svg_with_alt_text(session_results):
    for result in session_results.values():
        for key, figure in result.figures.items():
            assert figure["svg"].startswith("<?xml") and "<dc:date>" not in figure["svg"], key
            assert "<text" not in figure["svg"], key                  # text drawn as paths: no font lookups
            assert figure["alt"].strip(), key


def test_lr_sweep(session_results):
    m = session_results["lr_sweep"].metrics
    keys = [repr(lr) for lr in m["learning_rates"]]
    assert keys == ["0.0001", "0.001", "0.01", "0.03", "0.1", "0.3", "1.0", "3.0"]
    for part in ("final_loss", "final_accuracy", "final_val_loss", "final_val_accuracy", "diverged", "behaviour",
                 "non_finite"):
        assert list(m[part]) == keys, part
    assert set(m["behaviour"].values()) <= {"too slow", "good", "oscillating", "diverged"}
    assert m["behaviour"]["0.0001"] == "too slow"
    best = m["best"]
    assert sorted(best) == ["final_loss", "learning_rate", "val_accuracy", "val_loss"]
    assert best["learning_rate"] in m["learning_rates"] and best["val_accuracy"] > 0.8
    largest = repr(m["largest_learning_rate"])
    assert m["diverged"][largest] or m["final_loss"][largest] > best["final_loss"]
    assert session_results["lr_sweep"].table["columns"] == [
        "learning rate", "final training loss", "final validation accuracy", "behaviour"]
    assert sorted(session_results["lr_sweep"].figures) == ["final_loss", "loss_curves"]


def test_schedules(session_results):
    r = session_results["schedules"]
    m = r.metrics
    names = ["constant", "step", "exponential", "cosine", "warmup_cosine"]
    assert m["schedules"] == names
    for part in ("final_loss", "final_val_loss", "final_val_accuracy", "best_val_accuracy", "final_learning_rate",
                 "diverged", "titles"):
        assert list(m[part]) == names, part
    assert m["final_learning_rate"]["constant"] == m["base_learning_rate"]
    assert m["final_learning_rate"]["cosine"] < 0.01 * m["base_learning_rate"]
    assert r.histories["warmup_cosine"]["learning_rate"][0] == 0.0
    assert max(r.histories["warmup_cosine"]["learning_rate"]) == pytest.approx(m["base_learning_rate"], rel=1e-6)
    assert len(r.histories["constant"]["learning_rate"]) == m["steps"]
    assert m["best"]["schedule"] in names
    assert sorted(r.figures) == ["learning_rate", "loss_curves"]


def test_optimizers(session_results):
    r = session_results["optimizers"]
    m = r.metrics
    opts = ["sgd", "momentum", "rmsprop", "adam", "adagrad"]
    keys = [repr(lr) for lr in m["learning_rates"]]
    assert m["optimizers"] == opts and 3 <= len(keys) <= 4
    for part in ("val_accuracy", "final_loss", "diverged"):
        assert list(m[part]) == opts and all(list(m[part][o]) == keys for o in opts), part
    for opt in opts:
        accs = [m["chance_accuracy"] if a is None else a for a in m["val_accuracy"][opt].values()]
        assert close(m["spread"][opt], max(accs) - min(accs))
        assert 0 <= m["spread"][opt] <= 1
        assert m["best_learning_rate"][opt] in m["learning_rates"]
        assert m["best_learning_rate"][opt] in m["good_learning_rates"][opt]
    assert m["most_sensitive"] == max(opts, key=lambda o: m["spread"][o])
    assert m["least_sensitive"] == min(opts, key=lambda o: m["spread"][o])
    assert r.table["columns"] == ["optimizer"] + [f"lr {lr:g}" for lr in m["learning_rates"]] + ["best rate", "spread"]
    assert sorted(r.figures) == ["sensitivity"]


def test_range_test(session_results):
    r = session_results["range_test"]
    m = r.metrics
    assert m["min_learning_rate"] <= m["suggested_learning_rate"] <= m["min_loss_learning_rate"] <= m["max_learning_rate"]
    assert m["suggested_learning_rate"] == m["steepest_learning_rate"]
    assert close(m["min_loss_tenth_learning_rate"], m["min_loss_learning_rate"] / 10)
    assert m["min_smoothed_loss"] < m["initial_smoothed_loss"]
    assert len(r.histories["smoothed_loss"]) == m["steps_run"] == len(r.histories["learning_rate"])
    assert sorted(m["check"]) == ["epochs", "final_loss", "learning_rate", "val_accuracy"]
    assert m["check"]["val_accuracy"] > 0.6
    assert sorted(r.figures) == ["loss_vs_lr"]


def test_grid_search(session_results):
    r = session_results["grid_search"]
    m = r.metrics
    keys = [repr(lr) for lr in m["learning_rates"]]
    assert list(m["validation_accuracy"]) == keys == list(m["validation_loss"])
    assert m["chosen_learning_rate"] in m["learning_rates"]
    assert m["chosen_validation_accuracy"] == max(v for v in m["validation_accuracy"].values() if v is not None)
    assert 0 < m["test_accuracy"] <= m["optimistic_test_accuracy"] <= 1
    assert m["split"] == {"train": 1078, "validation": 359, "test": 360}
    assert [row[-1] for row in r.table["rows"]].count("chosen") == 1
    assert sorted(r.figures) == ["validation_accuracy"]


def test_quadratic_threshold_matches_theory_within_5_percent(session_results):
    m = session_results["quadratic"].metrics
    assert m["lambda_max"] == 10.0 and m["lambda_min"] == 0.5
    assert m["theoretical_threshold"] == pytest.approx(2 / m["lambda_max"])
    assert abs(m["measured_threshold"] - m["theoretical_threshold"]) / m["theoretical_threshold"] < 0.05
    assert m["relative_error"] < 0.05
    finals = m["final_loss_by_ratio"]
    assert all(v < m["initial_loss"] for k, v in finals.items() if float(k) < 1)
    assert all(v is None or v > m["initial_loss"] for k, v in finals.items() if float(k) > 1)
    assert sorted(session_results["quadratic"].figures) == ["threshold_scan", "trajectories"]
