"""training_demos/_template.py: copied under a new name, it is a demo that runs and whose keys answers can use."""

from __future__ import annotations

import pytest
from demo_support import REPO, make_project

from generator.demos import DemoSuite
from generator.demos.registry import discover
from generator.demos.show import describe

pytestmark = pytest.mark.tensorflow


def test_the_template_copied_as_a_new_demo_runs_and_shows_its_keys(tmp_path):
    source = (REPO / "training_demos/_template.py").read_text().replace('"name": "template"', '"name": "my_demo"')
    root = make_project(tmp_path, {"my_demo": source})
    specs, errors = discover(root)
    assert errors == [] and [s.name for s in specs] == ["my_demo"]
    results = DemoSuite(root, config="quick", cache_dir=tmp_path / "cache").ensure(progress=False)
    result = results["my_demo"]
    assert sorted(result.metrics["final_loss"]) == ["0.01", "0.5"]
    assert all(isinstance(v, float) for v in result.metrics["final_val_accuracy"].values())
    assert list(result.figures) == ["loss_curves"] and result.figures["loss_curves"]["alt"].startswith("Training loss")
    shown = describe(result)
    assert 'demos.my_demo.final_loss["0.5"] = ' in shown and '{{ figure("my_demo", "loss_curves") }}' in shown
    assert 'demos.my_demo.intervals.final_loss["0.5"]: ' in shown and "(95% CI " in shown
    assert result.seeds == (0, 1, 2) and len(result.intervals["final_loss"]["0.5"]["values"]) == 3
