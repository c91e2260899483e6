"""Each real demo's result (quick config): the metric keys the content relies on, seeds and intervals, sanity."""

from __future__ import annotations

import math
import statistics

import pytest

from training_demos.labels import LABELS

pytestmark = pytest.mark.tensorflow


def close(a, b, rel=1e-9):
    return math.isclose(a, b, rel_tol=rel)


def label_ok(text: str) -> bool:
    return text in LABELS or (text.startswith("mixed: ") and all(
        part.split(" ", 1)[1] in LABELS for part in text[len("mixed: "):].split(", ")))


def test_every_figure_is_a_reproducible_svg_with_short_alt_and_a_caption_from_the_numbers(session_results):
    for result in session_results.values():
        for key, figure in result.figures.items():
            assert figure["svg"].startswith("<?xml") and "<dc:date>" not in figure["svg"], key
            assert "<text" not in figure["svg"], key                  # text drawn as paths: no font lookups
            assert figure["alt"].strip() and len(figure["alt"]) <= 150, key
            assert len(figure["caption"]) > len(figure["alt"]) and any(c.isdigit() for c in figure["caption"]), key


def test_every_number_is_the_mean_of_its_seeds_with_a_95_percent_interval(session_results):
    for name, result in session_results.items():
        assert list(result.seeds) == [0, 1], name

        def walk(means, intervals, where):
            if isinstance(intervals, dict) and "values" in intervals and "seeds" in intervals:
                values = intervals["values"]
                assert intervals["seeds"] == [0, 1] and len(values) == 2, where
                if None in values:
                    assert intervals["mean"] is None and intervals["non_finite"] == values.count(None), where
                    return
                assert close(intervals["mean"], statistics.fmean(values), 1e-12), where
                if means is not None and not isinstance(means, bool):
                    assert close(float(means), intervals["mean"], 1e-12), where
                half = 12.706 * statistics.stdev(values) / math.sqrt(2)       # t(0.975, 1) for two seeds
                assert intervals["low"] == pytest.approx(intervals["mean"] - half, abs=1e-12), where
                assert intervals["high"] == pytest.approx(intervals["mean"] + half, abs=1e-12), where
            elif isinstance(intervals, dict):
                for key, value in intervals.items():
                    walk(means.get(key) if isinstance(means, dict) else None, value, f"{where}.{key}")
            elif isinstance(intervals, list):
                for i, value in enumerate(intervals):
                    walk(means[i] if isinstance(means, list) else None, value, f"{where}[{i}]")

        walk(result.metrics, result.intervals, name)


def test_lr_sweep(session_results):
    r = session_results["lr_sweep"]
    m = r.metrics
    keys = [repr(lr) for lr in m["learning_rates"]]
    assert keys == ["0.0001", "0.001", "0.01", "0.03", "0.1", "0.3", "1.0", "3.0"]
    for part in ("final_loss", "final_accuracy", "final_val_loss", "final_val_accuracy", "diverged", "behaviour",
                 "non_finite", "output_entropy", "weight_change", "labels"):
        assert list(m[part]) == keys, part
    assert all(label_ok(v) for v in m["behaviour"].values())
    assert all(len(v) == 2 and all(x in LABELS for x in v) for v in m["labels"].values())
    assert m["behaviour"]["0.0001"] == "too slow"                     # barely moved from its start
    assert m["validation_images"] == 359
    best = m["best"]
    assert sorted(best) == ["final_loss", "learning_rate", "tied_with", "val_accuracy", "val_loss"]
    usable = [k for k in keys if m["final_val_loss"][k] is not None and "diverged" not in m["labels"][k]]
    assert best["val_loss"] == min(m["final_val_loss"][k] for k in usable)
    assert best["learning_rate"] in m["learning_rates"] and best["val_accuracy"] > 0.7
    assert r.table["columns"] == ["learning rate", "final training loss", "final validation loss",
                                  "final validation accuracy (359 images)", "label (2 seeds)"]
    assert all("±" in row[2] or row[2].startswith("diverged") for row in r.table["rows"])
    assert sorted(r.figures) == ["final_loss", "loss_curves"]


def test_schedules(session_results):
    r = session_results["schedules"]
    m = r.metrics
    names = ["constant", "step", "exponential", "cosine", "warmup_cosine"]
    assert m["schedules"] == names and m["base_learning_rates"] == [0.1, 0.3, 1.0]
    bases = ["0.1", "0.3", "1.0"]
    for part in ("final_loss", "final_val_loss", "final_val_accuracy", "test_accuracy"):
        assert list(m[part]) == names and all(list(m[part][n]) == bases for n in names), part
    for name in names:
        chosen = repr(m["chosen_base_learning_rate"][name])
        losses = {b: v for b, v in m["final_val_loss"][name].items() if v is not None}
        assert chosen == min(losses, key=losses.get)                 # each schedule at its own best base rate
        assert m["chosen"]["final_val_accuracy"][name] == m["final_val_accuracy"][name][chosen]
        assert r.intervals["chosen"]["final_val_loss"][name] == r.intervals["final_val_loss"][name][chosen]
    assert m["final_fraction_of_base"]["constant"] == 1.0
    assert m["final_fraction_of_base"]["cosine"] < 0.01
    shape = r.histories["0"]["warmup_cosine"]["rate_shape"]
    assert shape[0] == 0.0 and max(shape) == pytest.approx(1.0) and len(shape) == m["steps"]
    assert shape.index(max(shape)) == m["warmup_steps"] == round(0.1 * m["steps"])
    assert m["best"]["schedule"] in names
    assert sorted(r.figures) == ["learning_rate", "loss_curves"]


def test_optimizers(session_results):
    r = session_results["optimizers"]
    m = r.metrics
    opts = ["sgd", "momentum", "rmsprop", "adam", "adagrad"]
    keys = [repr(lr) for lr in m["learning_rates"]]
    assert m["optimizers"] == opts and len(keys) == 7
    for part in ("val_accuracy", "final_loss", "diverged"):
        assert list(m[part]) == opts and all(list(m[part][o]) == keys for o in opts), part
    for opt in opts:
        per_seed = r.intervals["best_val_accuracy"][opt]["values"]
        for seed, peak in enumerate(per_seed):
            accs = [m["chance_accuracy"] if a is None else a
                    for a in (r.intervals["val_accuracy"][opt][k]["values"][seed] for k in keys)]
            assert close(peak, max(accs))                             # the peak is each seed's own best
        assert 1 <= m["good_rates"][opt] <= len(keys)
        assert m["best_learning_rate"][opt] in m["good_learning_rates"][opt]
    assert m["highest_peak"] == max(opts, key=lambda o: m["best_val_accuracy"][o])
    assert m["widest_range"] == max(opts, key=lambda o: m["good_rates"][o])
    assert sorted(r.figures) == ["sensitivity"]


def test_range_test(session_results):
    r = session_results["range_test"]
    m = r.metrics
    assert m["min_learning_rate"] <= m["suggested_learning_rate"] <= m["max_learning_rate"]
    assert m["suggested_learning_rate_low"] <= m["suggested_learning_rate"] <= m["suggested_learning_rate_high"]
    geometric = math.exp(statistics.fmean(math.log(v) for v in m["suggested_by_seed"]))
    assert close(m["suggested_learning_rate"], geometric, 1e-9)
    assert close(m["min_loss_tenth_learning_rate"], m["min_loss_learning_rate"] / 10)
    assert m["min_smoothed_loss"] < m["initial_smoothed_loss"]
    assert 0 <= m["seeds_stopped_early"] <= 2 and m["smoothing"] == 0.98
    for seed in ("0", "1"):
        assert len(r.histories[seed]["smoothed_loss"]) == len(r.histories[seed]["learning_rate"])
    assert sorted(r.figures) == ["loss_vs_lr"]


def test_grid_search(session_results):
    r = session_results["grid_search"]
    m = r.metrics
    keys = [repr(lr) for lr in m["learning_rates"]]
    assert list(m["validation_accuracy"]) == keys == list(m["validation_loss"])
    assert m["chosen_learning_rate"] in m["chosen_learning_rates"]
    assert [repr(c) for c in m["chosen_learning_rates"]] == [r.histories[s]["chosen"] for s in ("0", "1")]
    optimism = r.intervals["optimism"]["values"]
    assert all(v >= 0 for v in optimism)                        # choosing on test can only flatter
    assert 0 < m["test_accuracy"] <= m["optimistic_test_accuracy"] <= 1
    assert m["split"] == {"train": 1078, "validation": 359, "test": 360}
    assert sorted(r.figures) == ["validation_accuracy"]


def test_batchnorm(session_results):
    r = session_results["batchnorm"]
    m = r.metrics
    keys = ["0.03", "0.1", "0.3", "1.0", "3.0"]
    for variant in ("plain", "batchnorm"):
        assert list(m["final_val_accuracy"][variant]) == keys and list(m["behaviour"][variant]) == keys
        assert all(label_ok(v) for v in m["behaviour"][variant].values())
        top = m["largest_converged"][variant]
        assert top is None or m["behaviour"][variant][repr(top)] == "converged"
    assert len(r.table["columns"]) == 7 and sorted(r.figures) == ["accuracy"]


def test_one_cycle(session_results):
    r = session_results["one_cycle"]
    m = r.metrics
    keys = ["0.1", "0.3", "1.0", "3.0"]
    for policy in ("constant", "one_cycle"):
        assert list(m["final_val_accuracy"][policy]) == keys
    for key in keys:
        gain = r.intervals["one_cycle_gain"][key]
        one, const = (r.intervals["final_val_accuracy"][p][key]["values"] for p in ("one_cycle", "constant"))
        if None not in one + const:
            assert gain["values"] == pytest.approx([a - b for a, b in zip(one, const)])
    assert sorted(r.figures) == ["accuracy"]


def test_quadratic_threshold_matches_theory_within_5_percent(session_results):
    r = session_results["quadratic"]
    m = r.metrics
    assert m["lambda_max"] == 10.0 and m["lambda_min"] == 0.5
    assert m["theoretical_threshold"] == pytest.approx(2 / m["lambda_max"])
    assert abs(m["measured_threshold"] - m["theoretical_threshold"]) / m["theoretical_threshold"] < 0.05
    assert r.intervals["measured_threshold"]["high"] - r.intervals["measured_threshold"]["low"] < 1e-3
    finals = m["final_loss_by_ratio"]
    assert all(v < m["initial_loss"] for k, v in finals.items() if float(k) < 1)
    assert all(v is None or v > m["initial_loss"] for k, v in finals.items() if float(k) > 1)
    assert sorted(r.figures) == ["threshold_scan", "trajectories"]
