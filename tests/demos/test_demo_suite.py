"""The suite with real TensorFlow (quick config): results, freshness, reruns, determinism."""

from __future__ import annotations

import io
import shutil

import pytest
from demo_support import REAL_DEMOS, REPO, copy_real_project, loaded_heavy_modules

from generator.demos import DemoResult, DemoSuite, fingerprint
from generator.errors import BuildFailed

pytestmark = pytest.mark.tensorflow


def test_ensure_returns_every_demo_with_its_parts(session_results):
    assert sorted(session_results) == REAL_DEMOS
    for name, result in session_results.items():
        assert isinstance(result, DemoResult)
        assert result.name == name and result.source_path == f"training_demos/{name}.py"
        assert result.title and result.description and len(result.key) == 20
        assert result.provenance["config"] == "quick" and result.provenance["gpu"] == "none"
        assert result.provenance["seeds"] == [0, 1] == list(result.seeds) and result.provenance["run_seconds"] > 0
        assert list(result.histories) == ["0", "1"] and result.intervals
        assert result.provenance["date_utc"].endswith("Z") and result.provenance["date"].endswith(" UTC")
        assert result.provenance["hardware"].endswith("CPU cores, no GPU")
        assert {"tensorflow", "keras", "numpy", "scikit-learn", "matplotlib", "python"} <= set(
            result.provenance["versions"])
        assert result.figures and all(f["svg"].startswith("<?xml") and f["alt"] and f["caption"]
                                      for f in result.figures.values())
        assert result.table["columns"] and all(len(r) == len(result.table["columns"]) for r in result.table["rows"])


def test_provenance_names_the_dataset(session_results):
    assert session_results["lr_sweep"].provenance["dataset"] == (
        "scikit-learn digits, even vs odd (1078 train, 359 validation, 360 test)")
    assert session_results["quadratic"].provenance["dataset"] == (
        "synthetic quadratic bowl f(x) = 1/2 x^T A x (no data)")


def test_metrics_are_reachable_as_attributes(session_results):
    sweep = session_results["lr_sweep"]
    assert sweep.best == sweep.metrics["best"]
    with pytest.raises(AttributeError, match="demo 'lr_sweep' has no attribute or metric 'bset'"):
        sweep.bset


def test_second_ensure_runs_nothing_and_imports_no_tensorflow(session_cache, session_results):
    heavy, out = loaded_heavy_modules(f"""
        from pathlib import Path
        from generator.demos import DemoSuite
        suite = DemoSuite(Path({str(REPO)!r}), config="quick", cache_dir=Path({str(session_cache)!r}))
        results = suite.ensure()
        print("KEYS=" + ",".join(f"{{n}}:{{r.key}}" for n, r in sorted(results.items())))
    """)
    assert heavy == []
    assert "demos: running" not in out
    expected = ",".join(f"{n}:{r.key}" for n, r in sorted(session_results.items()))
    assert f"KEYS={expected}" in out


def test_status_and_load_fresh(session_cache, session_results):
    suite = DemoSuite(REPO, config="quick", cache_dir=session_cache)
    assert [(s.name, s.fresh, s.key) for s in suite.status()] == [
        (n, True, session_results[n].key) for n in REAL_DEMOS]
    loaded = suite.load_fresh()
    assert loaded["quadratic"].metrics == session_results["quadratic"].metrics


def test_editing_a_helper_makes_its_demos_stale(tmp_path, session_cache):
    project = copy_real_project(tmp_path / "project")
    cache = tmp_path / "cache"
    shutil.copytree(session_cache, cache)
    suite = DemoSuite(project, config="quick", cache_dir=cache)
    assert all(s.fresh for s in suite.status())                 # a copy has the same keys
    with open(project / "training_demos" / "training.py", "a") as fh:
        fh.write("\nBATCH_NOTE = 'an edit'\n")
    suite = DemoSuite(project, config="quick", cache_dir=cache)
    importers = {s.name for s in suite.specs()
                 if "training_demos/training.py" in fingerprint.dependency_closure(project, s.source_path)}
    assert "lr_sweep" in importers and "quadratic" not in importers  # (a demo that trains, one that does not)
    assert {s.name: s.fresh for s in suite.status()} == {n: n not in importers for n in REAL_DEMOS}
    with pytest.raises(BuildFailed) as failure:
        suite.load_fresh(only=["lr_sweep", "quadratic"])
    assert [e.format() for e in failure.value.errors] == [
        "training_demos/lr_sweep.py: error: demo 'lr_sweep' has no up-to-date result for config 'quick' "
        "(no cached result) (hint: run `python -m generator demos --config quick` to regenerate stale demos)"]


@pytest.fixture(scope="module")
def rerun(tmp_path_factory, session_cache, session_results):
    """Corrupt two cached entries in a copy of the session cache, then ensure()."""
    cache = tmp_path_factory.mktemp("rerun") / "cache"
    shutil.copytree(session_cache, cache)
    quadratic = cache / "quadratic" / session_results["quadratic"].key
    (quadratic / "result.json").write_text((quadratic / "result.json").read_text()[:100])
    range_test = cache / "range_test" / session_results["range_test"].key
    next((range_test / "figures").iterdir()).unlink()
    log = io.StringIO()
    results = DemoSuite(REPO, config="quick", cache_dir=cache).ensure(progress=log)
    return results, log.getvalue()


def test_corrupted_entries_are_rerun_not_served(rerun):
    results, log = rerun
    assert log.splitlines()[0] == ("demos: running 2 stale demos (quadratic, range_test) with config 'quick' "
                                   "in 2 worker processes")
    assert sorted(results) == REAL_DEMOS


def test_same_key_gives_the_same_numbers_and_bytes(rerun, session_results):
    results, _ = rerun
    for name in ("quadratic", "range_test"):
        again, first = results[name], session_results[name]
        assert again.key == first.key
        assert again.provenance["date_utc"] >= first.provenance["date_utc"]
        assert again.metrics == first.metrics
        assert again.histories == first.histories and again.intervals == first.intervals
        assert again.table == first.table
        assert again.figures == first.figures                    # SVG text identical, byte for byte
