"""The registry reads demos with ast: real demos are found, broken declarations give exact errors."""

from __future__ import annotations

import pytest
from demo_support import REPO, loaded_heavy_modules, make_project

from generator.demos import DemoSuite
from generator.demos.registry import discover, resolve_dataset
from generator.errors import BuildFailed

GOOD = '''
"""A good demo."""

DEMO = {
    "name": "good",
    "title": "Good",
    "description": "A demo that works.",
    "dataset": "quadratic",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]},
    "params": {"full": {"n": 2}, "quick": {"n": 1}},
}


def run(params, ctx):
    return {"metrics": {}, "histories": {}}


def summarize(pooled, params, ctx):
    return {"table": {"columns": [], "rows": []}, "figures": {}}
'''


def errors_of(tmp_path, source: str, name: str = "bad") -> list[str]:
    make_project(tmp_path, {name: source}, helpers=False)
    return sorted(e.format() for e in discover(tmp_path)[1])


def test_real_demos_are_found_with_both_configs():
    specs, errors = discover(REPO)
    assert errors == []
    on_disk = sorted(p.stem for p in (REPO / "training_demos").glob("*.py") if not p.name.startswith("_")
                     and "\nDEMO = {" in p.read_text())  # every module that declares a demo, found by reading it
    assert [s.name for s in specs] == on_disk and len(specs) >= 6
    for spec in specs:
        assert spec.source_path == f"training_demos/{spec.name}.py"
        assert {"full", "quick"} <= set(spec.params)
        assert spec.title and spec.description and spec.run_line > spec.demo_line


def test_quick_and_full_configs_produce_the_same_result_keys():
    """Content is written against full results but tests and CI build with quick ones: every key a
    template can name (learning rates, optimizers, ratios) must exist in both."""
    for spec in discover(REPO)[0]:
        quick, full = spec.params["quick"], spec.params["full"]
        assert set(quick) == set(full), spec.name
        for name in ("learning_rates", "optimizers", "trajectory_ratios", "eigenvalues", "optimizer",
                     "base_learning_rates", "peak_learning_rates"):
            assert quick.get(name) == full.get(name), (spec.name, name)


def test_listing_demos_imports_no_heavy_library():
    heavy, out = loaded_heavy_modules(f"""
        import sys
        from pathlib import Path
        from generator.demos import DemoSuite
        suite = DemoSuite(Path({str(REPO)!r}), config="quick")
        print(suite.names())
        assert not any(m.startswith("training_demos") for m in sys.modules), "training_demos was imported"
    """)
    assert heavy == []
    assert "'lr_sweep'" in out


def test_good_demo_has_no_errors(tmp_path):
    assert errors_of(tmp_path, GOOD, "good") == []


def test_non_literal_demo(tmp_path):
    source = GOOD.replace('"quick": [0, 1]}', '"quick": SEEDS}')
    assert errors_of(tmp_path, source, "good") == [
        "training_demos/good.py:8:49: error: DEMO must be a literal dict (strings, numbers, lists, dicts only); "
        "'SEEDS' is not a literal",
    ]


def test_seeds_are_checked(tmp_path):
    one = GOOD.replace('"full": [0, 1, 2, 3, 4], "quick": [0, 1]', '"full": [0, 1, 2], "quick": [0]')
    assert errors_of(tmp_path, one, "good") == [
        "training_demos/good.py:8:5: error: DEMO seeds['full'] has 3 seeds; the 'full' config needs at least 5 "
        "(hint: one run is one draw: intervals need several seeds)",
        "training_demos/good.py:8:5: error: DEMO seeds['quick'] has 1 seed; the 'quick' config needs at least 2 "
        "(hint: one run is one draw: intervals need several seeds)",
    ]
    repeated = GOOD.replace('"quick": [0, 1]', '"quick": [1, 1]')
    assert errors_of(tmp_path / "b", repeated, "good") == [
        "training_demos/good.py:8:5: error: DEMO seeds['quick'] must be a list of different integers, e.g. [0, 1]"]
    old = GOOD.replace('"seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]}', '"seed": 0')
    assert errors_of(tmp_path / "c", old, "good") == [
        "training_demos/good.py:8:5: error: DEMO 'seed' is now 'seeds', a list per config (hint: write \"seeds\": "
        "{\"full\": [0, 1, 2, 3, 4], \"quick\": [0, 1]})"]
    no_summary = GOOD.replace("def summarize(pooled, params, ctx):", "def summary(pooled, params, ctx):")
    assert errors_of(tmp_path / "d", no_summary, "good") == [
        "training_demos/good.py:3:1: error: a demo module must define summarize(pooled, params, ctx) (hint: it makes "
        "the table and figures from every seed's run; see training_demos/_template.py)"]


def test_unknown_key_missing_run_and_wrong_name(tmp_path):
    source = GOOD.replace('"quick": [0, 1]},', '"quick": [0, 1]},\n    "epochs": 3,').replace('"name": "good"', '"name": "other"')
    source = source.replace("def run(params, ctx):", "def train(params, ctx):")
    assert errors_of(tmp_path, source, "good") == [
        "training_demos/good.py:3:1: error: a demo module must define run(params, ctx)",
        "training_demos/good.py:4:5: error: DEMO name 'other' must match the file name 'good'",
        "training_demos/good.py:9:5: error: unknown DEMO key 'epochs'",
    ]


def test_wrong_types_unknown_dataset_and_missing_quick(tmp_path):
    source = (GOOD.replace('"seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]}', '"seeds": "1"')
              .replace('"quadratic"', '"digit"').replace(', "quick": {"n": 1}', ""))
    assert errors_of(tmp_path, source, "good") == [
        "training_demos/good.py:7:5: error: unknown dataset 'digit'; known: digits, digits-binary, dogs-vs-cats, "
        "quadratic (hint: did you mean 'digits'?)",
        "training_demos/good.py:8:5: error: DEMO 'seeds' must be a dict, not str",
        "training_demos/good.py:9:5: error: DEMO params must have a 'quick' dict (the quick one runs the same code "
        "with fewer epochs)",
    ]


def test_heavy_import_at_module_top_and_syntax_error(tmp_path):
    heavy = GOOD.replace('"""A good demo."""', '"""A good demo."""\nimport tensorflow as tf')
    assert errors_of(tmp_path, heavy, "good") == [
        "training_demos/good.py:2:1: error: imports tensorflow at module top; import it inside run() or a helper "
        "function so that reading the demos stays light",
    ]
    assert errors_of(tmp_path / "b", "def run(params, ctx)\n    pass\n", "broken") == [
        "training_demos/broken.py:1:21: error: syntax error: expected ':'",
    ]


def test_import_inside_run_is_fine(tmp_path):
    inside = GOOD.replace("def run(params, ctx):", "def run(params, ctx):\n    import tensorflow as tf")
    assert errors_of(tmp_path, inside, "good") == []


def test_suite_raises_build_failed_for_registry_errors(tmp_path):
    make_project(tmp_path, {"good": GOOD.replace('"quick": [0, 1]', '"quick": [0, 1.5]')}, helpers=False)
    with pytest.raises(BuildFailed) as failure:
        DemoSuite(tmp_path).names()
    assert failure.value.report() == (
        "training_demos/good.py:8:5: error: DEMO seeds['quick'] must be a list of different integers, e.g. [0, 1]\n"
        "1 error found; nothing was built.")


def test_unknown_config_and_unknown_only_name(tmp_path):
    make_project(tmp_path, {"good": GOOD}, helpers=False)
    with pytest.raises(BuildFailed) as failure:
        DemoSuite(tmp_path, config="medium").names()
    assert [e.format() for e in failure.value.errors] == [
        "training_demos/good.py:3: error: DEMO params has no 'medium' config (it has: full, quick)"]
    with pytest.raises(BuildFailed) as failure:
        DemoSuite(tmp_path).ensure(only=["god"], progress=False)
    assert [e.format() for e in failure.value.errors] == [
        "training_demos: error: no demo named 'god' (hint: did you mean 'good'?)"]


def test_dogs_vs_cats_selection_by_environment(tmp_path):
    specs, _ = discover(REPO)
    sweep = next(s for s in specs if s.name == "lr_sweep")
    quad = next(s for s in specs if s.name == "quadratic")
    assert resolve_dataset(sweep, "quick", REPO, environ={}) == ({"name": "digits-binary"}, None)
    spec, error = resolve_dataset(sweep, "quick", REPO, environ={"KB_DEMO_DATASET": "dogs-vs-cats"})
    assert spec is None and error.format() == (
        f"training_demos/lr_sweep.py:{sweep.demo_line}: error: demo 'lr_sweep' uses the dogs-vs-cats dataset but no folder is set "
        "(hint: set KB_DOGS_CATS_DIR to a folder of cat.N.jpg and dog.N.jpg images)")
    env = {"KB_DEMO_DATASET": "dogs-vs-cats", "KB_DOGS_CATS_DIR": str(tmp_path)}
    assert resolve_dataset(sweep, "quick", REPO, environ=env) == (
        {"name": "dogs-vs-cats", "directory": str(tmp_path.resolve())}, None)
    assert resolve_dataset(quad, "quick", REPO, environ=env) == ({"name": "quadratic"}, None)


def test_importing_generator_demos_imports_no_heavy_library():
    heavy, _ = loaded_heavy_modules("import generator.demos\nfrom generator.demos import DemoSuite, DemoResult\n")
    assert heavy == []


def test_importing_every_training_demos_module_imports_no_heavy_library():
    heavy, _ = loaded_heavy_modules(
        "import importlib, pkgutil, training_demos\n"
        "for m in pkgutil.iter_modules(training_demos.__path__):\n"
        "    importlib.import_module('training_demos.' + m.name)\n")
    assert heavy == []
