"""Cache keys: which files, data, versions and settings a demo's key covers."""

from __future__ import annotations

import copy

from demo_support import REPO, copy_real_project, make_project

from generator.demos import fingerprint
from generator.demos.fingerprint import compute_key, dependency_closure, key_material
from generator.demos.registry import discover

DEMO = '''
DEMO = {{"name": "{name}", "title": "T", "description": "D", "dataset": "quadratic",
        "seeds": {{"full": [0, 1, 2, 3, 4], "quick": [0, 1]}}, "params": {{"full": {{}}, "quick": {{}}}}}}
{imports}

def run(params, ctx):
    {inner}
    return {{}}


def summarize(pooled, params, ctx):
    return {{}}
'''


def spec_of(root, name):
    return next(s for s in discover(root)[0] if s.name == name)


def key_of(root, name, config="quick", dataset=None):
    spec = spec_of(root, name)
    return compute_key(key_material(spec, config, dataset or {"name": spec.dataset}, root))


def test_real_closures():
    base = ["training_demos/__init__.py", "training_demos/datasets.py"]
    assert dependency_closure(REPO, "training_demos/lr_sweep.py") == sorted(base + [
        "training_demos/labels.py", "training_demos/lr_sweep.py", "training_demos/plotting.py",
        "training_demos/results.py", "training_demos/training.py"])
    assert dependency_closure(REPO, "training_demos/quadratic.py") == sorted(base + [
        "training_demos/plotting.py", "training_demos/quadratic.py", "training_demos/results.py"])


def test_relative_transitive_and_package_imports(tmp_path):
    make_project(tmp_path, {
        "rel": DEMO.format(name="rel", imports="from . import helper_a", inner="from .sub.deep import x"),
        "helper_a": "from training_demos.helper_b import thing\n",
        "helper_b": "thing = 1\n",
        "unused": "y = 2\n",
    }, helpers=False)
    (tmp_path / "training_demos" / "sub").mkdir()
    (tmp_path / "training_demos" / "sub" / "__init__.py").write_text("")
    (tmp_path / "training_demos" / "sub" / "deep.py").write_text("import os\nx = 3\n")
    assert dependency_closure(tmp_path, "training_demos/rel.py") == [
        "training_demos/__init__.py", "training_demos/helper_a.py", "training_demos/helper_b.py",
        "training_demos/rel.py", "training_demos/sub/__init__.py", "training_demos/sub/deep.py"]


def test_a_copy_of_the_project_has_the_same_keys(tmp_path):
    copy_real_project(tmp_path)
    for name in ("lr_sweep", "quadratic"):
        assert key_of(tmp_path, name) == key_of(REPO, name)


def test_editing_a_helper_changes_only_the_demos_that_import_it(tmp_path):
    copy_real_project(tmp_path)
    before = {n: key_of(tmp_path, n) for n in ("lr_sweep", "schedules", "quadratic")}
    with open(tmp_path / "training_demos" / "training.py", "a") as fh:
        fh.write("\n# a comment is an edit too\n")
    after = {n: key_of(tmp_path, n) for n in ("lr_sweep", "schedules", "quadratic")}
    assert after["lr_sweep"] != before["lr_sweep"]
    assert after["schedules"] != before["schedules"]
    assert after["quadratic"] == before["quadratic"]        # quadratic does not import training.py


def test_key_covers_params_config_seeds_versions_data_and_determinism(monkeypatch):
    spec = spec_of(REPO, "lr_sweep")
    material = key_material(spec, "quick", {"name": "digits-binary"}, REPO)
    assert sorted(material) == ["config", "dataset", "demo", "determinism", "format", "machine", "params", "seeds",
                                "sources", "versions"]
    assert sorted(material["versions"]) == ["keras", "matplotlib", "numpy", "python", "scikit-learn", "tensorflow"]
    assert "missing" not in material["versions"].values()
    assert len(material["dataset"]["data"]) == 64                 # sha256 of sklearn's digits.csv.gz
    assert "<generator>/demos/worker.py" in material["sources"]
    assert "<generator>/demos/seed_stats.py" in material["sources"]
    assert material["seeds"] == [0, 1]
    key = compute_key(material)
    for path, value in [(("params", "epochs"), 9), (("versions", "tensorflow"), "2.99.0"),
                        (("determinism", "intra_op_threads"), 2), (("dataset", "data"), "0" * 64), (("seeds",), [0, 2])]:
        changed = copy.deepcopy(material)
        target = changed
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        assert compute_key(changed) != key, path
    assert compute_key(key_material(spec, "full", {"name": "digits-binary"}, REPO)) != key
    monkeypatch.setenv("TF_ENABLE_ONEDNN_OPTS", "0")
    assert compute_key(key_material(spec, "quick", {"name": "digits-binary"}, REPO)) != key


def test_dogs_vs_cats_folder_fingerprint_follows_its_files(tmp_path):
    (tmp_path / "cat.0.jpg").write_bytes(b"x")
    first = fingerprint.dataset_fingerprint({"name": "dogs-vs-cats", "directory": str(tmp_path)})
    assert first["data"].startswith("1 files, ")
    (tmp_path / "dog.0.jpg").write_bytes(b"yy")
    second = fingerprint.dataset_fingerprint({"name": "dogs-vs-cats", "directory": str(tmp_path)})
    assert second["data"].startswith("2 files, ") and second != first
    assert "directory" not in second                                    # keys never hold absolute paths
