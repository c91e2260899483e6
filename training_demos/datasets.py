"""Datasets for the demos: scikit-learn's bundled 8x8 digits and a local dogs-vs-cats folder.

``load(spec, seed)`` turns a dataset spec (resolved by the registry, e.g.
``{"name": "digits-binary", "classes": [3, 8]}``) into a :class:`Dataset` with
deterministic, stratified train/validation/test splits (60/20/20).

* ``digits``: all ten classes of ``sklearn.datasets.load_digits`` (1,797 images).
* ``digits-binary``: a two-class task on the digits; it stands in for dogs vs
  cats. By default even against odd digits, on all 1,797 images (359 of them
  for validation, so one image is 0.28 percentage points); ``classes: [3, 8]``
  takes one pair instead (72 validation images).
* ``dogs-vs-cats``: a Kaggle-layout folder (``cat.0.jpg``, ``dog.12.jpg``, ...),
  decoded with TensorFlow, resized to small grayscale squares in [0, 1].
* ``quadratic``: no data; the quadratic demo builds its own problem.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import numpy as np

EVEN_ODD = ((0, 2, 4, 6, 8), (1, 3, 5, 7, 9))
IMAGE_NAME = re.compile(r"^(cat|dog)\.(\d+)\.(jpe?g|png)$", re.IGNORECASE)
SPLIT = (0.6, 0.2, 0.2)


class DatasetError(ValueError):
    """The dataset cannot be loaded (missing folder, no images, ...)."""


@dataclass
class Dataset:
    """Arrays of one dataset, split three ways. Images are float32 ``(n, h, w, 1)`` in [0, 1]."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: list[str]
    source: str
    options: dict = field(default_factory=dict)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(int(d) for d in self.x_train.shape[1:])

    def split(self, which: str) -> tuple[np.ndarray, np.ndarray]:
        """``("train" | "val" | "test") -> (x, y)``."""
        return {"train": (self.x_train, self.y_train), "val": (self.x_val, self.y_val),
                "test": (self.x_test, self.y_test)}[which]

    def describe(self) -> dict:
        """A JSON-able summary for provenance."""
        return {
            "name": self.name,
            "source": self.source,
            "classes": list(self.class_names),
            "input_shape": list(self.input_shape),
            "train": int(len(self.y_train)),
            "validation": int(len(self.y_val)),
            "test": int(len(self.y_test)),
            **({"options": self.options} if self.options else {}),
        }


SYNTHETIC = {"quadratic": "synthetic quadratic bowl f(x) = 1/2 x^T A x (no data)"}


def describe_spec(spec: dict) -> dict:
    """Provenance for a dataset that was never loaded (a synthetic one, or a demo that did not ask)."""
    return {"name": spec["name"], "source": SYNTHETIC.get(spec["name"], f"{spec['name']} (not loaded)")}


def load(spec: dict, seed: int) -> Dataset | None:
    """Load the dataset a spec names; ``quadratic`` has no data and returns None."""
    name = spec["name"]
    options = {k: v for k, v in spec.items() if k != "name"}
    if name == "digits":
        return load_digits(seed=seed)
    if name == "digits-binary":
        if "classes" in options:
            return load_digits(seed=seed, classes=tuple(options["classes"]))
        return load_even_odd(seed=seed)
    if name == "dogs-vs-cats":
        return load_dogs_vs_cats(options.get("directory") or os.environ.get("KB_DOGS_CATS_DIR", ""),
                                 seed=seed, image_size=int(options.get("image_size", 32)),
                                 max_per_class=int(options.get("max_per_class", 1000)))
    if name == "quadratic":
        return None
    raise DatasetError(f"unknown dataset {name!r}")


def load_digits(seed: int, classes: tuple[int, ...] | None = None) -> Dataset:
    from sklearn.datasets import load_digits as sk_load_digits

    bunch = sk_load_digits()
    x = (bunch.images / 16.0).astype("float32")[..., None]
    y = bunch.target.astype("int64")
    if classes:
        keep = np.isin(y, classes)
        x, y = x[keep], np.searchsorted(np.asarray(classes), y[keep]).astype("int64")
        names = [str(c) for c in classes]
        name, source = "digits-binary", f"scikit-learn digits, classes {' vs '.join(names)}"
    else:
        names = [str(c) for c in range(10)]
        name, source = "digits", "scikit-learn digits, 10 classes"
    parts = stratified_split(y, seed)
    return Dataset(name, *(a for idx in parts for a in (x[idx], y[idx])), class_names=names,
                   source=source, options={"classes": list(classes)} if classes else {})


def load_even_odd(seed: int) -> Dataset:
    """All ten digits as a two-class task: even (0) against odd (1)."""
    from sklearn.datasets import load_digits as sk_load_digits

    bunch = sk_load_digits()
    x = (bunch.images / 16.0).astype("float32")[..., None]
    y = (bunch.target % 2).astype("int64")
    parts = stratified_split(bunch.target, seed)   # stratified by digit, so every digit is in every split
    return Dataset("digits-binary", *(a for idx in parts for a in (x[idx], y[idx])), class_names=["even", "odd"],
                   source="scikit-learn digits, even vs odd", options={"task": "even vs odd"})


def stratified_split(y: np.ndarray, seed: int, fractions=SPLIT) -> list[np.ndarray]:
    """Indices of train/val/test, each class split in the given fractions, each part shuffled."""
    rng = np.random.RandomState(seed)
    parts: list[list[int]] = [[], [], []]
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_train = int(round(len(idx) * fractions[0]))
        n_val = int(round(len(idx) * fractions[1]))
        for part, chunk in zip(parts, (idx[:n_train], idx[n_train:n_train + n_val], idx[n_train + n_val:])):
            part.extend(chunk.tolist())
    return [rng.permutation(np.asarray(p, dtype="int64")) for p in parts]


def list_dogs_vs_cats(directory: str | os.PathLike, max_per_class: int | None = None) -> list[tuple[str, int]]:
    """``[(file name, label)]`` of a Kaggle-layout folder, cats (0) then dogs (1), by number."""
    if not directory:
        raise DatasetError("dogs-vs-cats needs a folder: set KB_DOGS_CATS_DIR or params.dataset_options.directory")
    if not os.path.isdir(directory):
        raise DatasetError(f"dogs-vs-cats folder {directory} does not exist")
    found: dict[str, list[tuple[int, str]]] = {"cat": [], "dog": []}
    for entry in os.scandir(directory):
        match = IMAGE_NAME.match(entry.name)
        if match and entry.is_file():
            found[match.group(1).lower()].append((int(match.group(2)), entry.name))
    files: list[tuple[str, int]] = []
    for label, kind in enumerate(("cat", "dog")):
        if not found[kind]:
            raise DatasetError(f"no {kind}.N.jpg images in {directory}")
        files.extend((name, label) for _, name in sorted(found[kind])[:max_per_class])
    return files


def load_dogs_vs_cats(directory: str, seed: int, image_size: int = 32, max_per_class: int = 1000) -> Dataset:
    import tensorflow as tf

    files = list_dogs_vs_cats(directory, max_per_class)
    images = []
    for name, _ in files:
        raw = tf.io.read_file(os.path.join(directory, name))
        img = tf.io.decode_image(raw, channels=1, expand_animations=False)
        img = tf.image.resize(tf.cast(img, tf.float32) / 255.0, (image_size, image_size), antialias=True)
        images.append(img.numpy())
    x = np.clip(np.stack(images), 0.0, 1.0).astype("float32")
    y = np.asarray([label for _, label in files], dtype="int64")
    parts = stratified_split(y, seed)
    return Dataset("dogs-vs-cats", *(a for idx in parts for a in (x[idx], y[idx])), class_names=["cat", "dog"],
                   source=f"dogs-vs-cats folder, {len(files)} images as {image_size}x{image_size} grayscale",
                   options={"image_size": image_size, "max_per_class": max_per_class})
