"""Dataset loaders: digits splits, and the dogs-vs-cats folder on a few tiny images written here."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from training_demos import datasets
from training_demos.datasets import DatasetError, list_dogs_vs_cats, load_digits

REPO = Path(__file__).resolve().parents[2]


def test_digits_binary_split_is_stratified_deterministic_and_relabelled():
    a = load_digits(seed=0, classes=(3, 8))
    b = load_digits(seed=0, classes=(3, 8))
    assert a.class_names == ["3", "8"] and a.input_shape == (8, 8, 1)
    assert (len(a.y_train), len(a.y_val), len(a.y_test)) == (214, 72, 71)
    assert set(np.unique(a.y_train)) == {0, 1}
    assert 0.0 <= a.x_train.min() and a.x_train.max() <= 1.0 and a.x_train.dtype == np.float32
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(load_digits(seed=1, classes=(3, 8)).y_train, a.y_train)
    assert abs(a.y_train.mean() - 0.5) < 0.05


def test_digits_ten_classes():
    d = load_digits(seed=0)
    assert d.num_classes == 10 and (len(d.y_train), len(d.y_val), len(d.y_test)) == (1078, 359, 360)
    assert d.describe()["source"] == "scikit-learn digits, 10 classes"


def write_images(folder: Path, cats: int, dogs: int) -> None:
    """Tiny JPEGs with Pillow (installed with matplotlib): cats dark, dogs bright."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(0)
    for kind, count, level in (("cat", cats, 40), ("dog", dogs, 210)):
        for i in range(count):
            pixels = np.clip(rng.normal(level, 20, size=(12 + i, 10, 3)), 0, 255).astype("uint8")
            Image.fromarray(pixels).save(folder / f"{kind}.{i}.jpg", quality=90)
    (folder / "notes.txt").write_text("not an image")


def test_listing_orders_by_number_and_limits_per_class(tmp_path):
    write_images(tmp_path, cats=3, dogs=12)
    files = list_dogs_vs_cats(tmp_path, max_per_class=10)
    assert files[:3] == [("cat.0.jpg", 0), ("cat.1.jpg", 0), ("cat.2.jpg", 0)]
    assert [n for n, _ in files[3:]] == [f"dog.{i}.jpg" for i in range(10)]     # dog.10, dog.11 left out


@pytest.mark.parametrize("setup, message", [
    (lambda p: None, "dogs-vs-cats folder {p}/missing does not exist"),
    (lambda p: write_images(p / "missing", cats=2, dogs=0), "no dog.N.jpg images in {p}/missing"),
])
def test_listing_errors(tmp_path, setup, message):
    setup(tmp_path)
    with pytest.raises(DatasetError) as error:
        list_dogs_vs_cats(tmp_path / "missing")
    assert str(error.value) == message.format(p=tmp_path)
    with pytest.raises(DatasetError, match="dogs-vs-cats needs a folder: set KB_DOGS_CATS_DIR"):
        list_dogs_vs_cats("")


@pytest.mark.tensorflow
def test_dogs_vs_cats_loader_decodes_resizes_and_splits(tmp_path):
    write_images(tmp_path / "train", cats=10, dogs=10)
    code = textwrap.dedent(f"""
        import json
        from training_demos.datasets import load
        d = load({{"name": "dogs-vs-cats", "directory": {str(tmp_path / 'train')!r}, "image_size": 16}}, seed=0)
        print(json.dumps({{"describe": d.describe(), "dtype": str(d.x_train.dtype),
                          "range": [float(d.x_train.min()), float(d.x_train.max())],
                          "cat_mean": float(d.x_train[d.y_train == 0].mean()),
                          "dog_mean": float(d.x_train[d.y_train == 1].mean())}}))
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["describe"] == {
        "name": "dogs-vs-cats", "source": "dogs-vs-cats folder, 20 images as 16x16 grayscale",
        "classes": ["cat", "dog"], "input_shape": [16, 16, 1], "train": 12, "validation": 4, "test": 4,
        "options": {"image_size": 16, "max_per_class": 1000}}
    assert out["dtype"] == "float32" and 0.0 <= out["range"][0] <= out["range"][1] <= 1.0
    assert out["cat_mean"] < 0.3 < 0.7 < out["dog_mean"]


def test_load_rejects_unknown_dataset():
    with pytest.raises(DatasetError, match="unknown dataset 'cifar'"):
        datasets.load({"name": "cifar"}, seed=0)
    assert datasets.load({"name": "quadratic"}, seed=0) is None
