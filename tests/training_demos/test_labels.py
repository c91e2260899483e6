"""training_demos/labels.py: each label from the numbers that define it, and the combined label of seeds."""

from __future__ import annotations

from training_demos.labels import combined, label


def test_each_label_follows_its_definition():
    initial = 0.70
    assert label(initial, None, None, None, None, 2) == "diverged"                  # not finite
    assert label(initial, 1.5, 0.5, 1.0, 3.0, 2) == "diverged"                      # above 2x the initial loss
    assert label(initial, 0.69, 0.50, 0.99, 2.0, 2) == "collapsed to chance"        # moved far, says "no idea"
    assert label(initial, 0.69, 0.50, 0.99, 0.01, 2) == "too slow"                  # barely moved from its start
    assert label(initial, 0.50, 0.80, 0.70, 0.3, 2) == "too slow"                   # fell by less than half
    assert label(initial, 0.20, 0.93, 0.30, 0.8, 2) == "converged"
    assert label(2.30, 2.28, 0.15, 0.95, 1.2, 10) == "collapsed to chance"          # ten classes: ln 10, 10%


def test_seeds_that_disagree_are_mixed_with_counts():
    assert combined(["converged"] * 5) == "converged"
    assert combined(["converged", "too slow", "converged"]) == "mixed: 2 converged, 1 too slow"
