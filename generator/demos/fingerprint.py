"""Freshness: one content hash over everything that can change a demo's result.

The key covers the demo's source and every project module it imports
(transitively, found with :mod:`ast`, relative imports included), the worker
that runs it, its params for the chosen config, the dataset's fingerprint, the
versions of Python, TensorFlow, Keras, NumPy, scikit-learn and matplotlib (read
from package metadata, nothing imported) and the determinism settings. Absolute
paths never enter the key, so a copy of the project has the same keys.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
from functools import cache
from pathlib import Path

from generator.demos.registry import DEMO_PACKAGE, DemoSpec

FORMAT = 2                       # bump when the cached result layout changes
KEY_LENGTH = 20
RUNTIME_FILES = ("worker.py", "result_format.py", "seed_stats.py")  # run every demo and normalise its result: part of every key
ALWAYS_INCLUDED = (f"{DEMO_PACKAGE}/__init__.py", f"{DEMO_PACKAGE}/datasets.py")   # the worker's ctx uses them
LIBRARIES = {
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tensorflow-intel", "tensorflow-macos", "tf-nightly"),
    "keras": ("keras",),
    "numpy": ("numpy",),
    "scikit-learn": ("scikit-learn",),
    "matplotlib": ("matplotlib",),
}
# Applied by the worker; part of every key, so changing one reruns every demo.
DETERMINISM = {
    "op_determinism": True,
    "intra_op_threads": 1,
    "inter_op_threads": 1,
    "xla_jit": False,
    "python_hash_seed": "0",
    "seeding": "keras.utils.set_random_seed(seed) before each seed's run()",
}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@cache
def library_versions() -> dict[str, str]:
    """Installed versions (``"missing"`` when absent), without importing the libraries."""
    versions = {"python": f"{platform.python_implementation()} {platform.python_version()}"}
    for label, dists in LIBRARIES.items():
        versions[label] = "missing"
        for dist in dists:
            with contextlib.suppress(importlib.metadata.PackageNotFoundError):
                versions[label] = importlib.metadata.version(dist)
                break
    return versions


# -- project modules a demo depends on ---------------------------------------------------------------

def _module_files(root: Path, dotted: str) -> list[Path]:
    """Files executed by importing ``dotted`` from the project: parent ``__init__``s and the module."""
    parts = dotted.split(".")
    files: list[Path] = []
    for i in range(1, len(parts) + 1):
        base = root.joinpath(*parts[:i])
        if (base / "__init__.py").is_file():
            files.append(base / "__init__.py")
        elif base.with_suffix(".py").is_file():
            files.append(base.with_suffix(".py"))
            break
        elif not base.is_dir():
            break
    return files


def _imported_names(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Dotted names a module's import statements (anywhere in it) may load."""
    names: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                if node.level - 1 >= len(base_parts):
                    continue
                base = ".".join(base_parts[: len(base_parts) - (node.level - 1)])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


def dependency_closure(project_root: Path, source_path: str) -> list[str]:
    """Project-relative paths of a module and every project module it imports, transitively."""
    root = Path(project_root)
    todo = [root / source_path] + [root / p for p in ALWAYS_INCLUDED if (root / p).is_file()]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        rel = path.relative_to(root)
        is_package = path.name == "__init__.py"
        module = ".".join(rel.parent.parts if is_package else rel.with_suffix("").parts)
        try:
            tree = ast.parse(path.read_bytes())
        except SyntaxError:
            continue                      # still hashed; the run will report the error
        for name in _imported_names(tree, module, is_package):
            todo.extend(p for p in _module_files(root, name) if p not in seen)
    return sorted(p.relative_to(root).as_posix() for p in seen)


# -- datasets -----------------------------------------------------------------------------------------

def _sklearn_data_file(name: str) -> Path | None:
    spec = importlib.util.find_spec("sklearn")          # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "datasets" / "data" / name
    return path if path.is_file() else None


def dataset_fingerprint(dataset: dict) -> dict:
    """What identifies the data a run will see (content hashes, or names/sizes/mtimes for a folder)."""
    name = dataset["name"]
    options = {k: v for k, v in dataset.items() if k not in ("name", "directory")}
    if name in ("digits", "digits-binary"):
        path = _sklearn_data_file("digits.csv.gz")
        return {"name": name, "options": options, "data": sha256_file(path) if path else "missing"}
    if name == "dogs-vs-cats":
        return {"name": name, "options": options, "data": folder_fingerprint(dataset["directory"])}
    return {"name": name, "options": options}


def folder_fingerprint(directory: str) -> str:
    """Hash of the names, sizes and modification times of a folder's image files."""
    digest = hashlib.sha256()
    with os.scandir(directory) as entries:
        rows = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries
                      if e.is_file() and e.name.lower().endswith((".jpg", ".jpeg", ".png")))
    for row in rows:
        digest.update(f"{row[0]}\0{row[1]}\0{row[2]}\n".encode())
    return f"{len(rows)} files, {digest.hexdigest()}"


# -- the key --------------------------------------------------------------------------------------------

def key_material(spec: DemoSpec, config: str, dataset: dict, project_root: Path) -> dict:
    """Everything the key is a hash of, as a JSON-able dict (also stored as provenance)."""
    root = Path(project_root)
    sources = {rel: sha256_file(root / rel) for rel in dependency_closure(root, spec.source_path)}
    for name in RUNTIME_FILES:
        sources[f"<generator>/demos/{name}"] = sha256_file(Path(__file__).with_name(name))
    return {
        "format": FORMAT,
        "demo": spec.name,
        "config": config,
        "params": spec.params[config],
        "seeds": spec.seeds[config],
        "dataset": dataset_fingerprint(dataset),
        "sources": sources,
        "versions": library_versions(),
        "machine": platform.machine(),
        "determinism": {**DETERMINISM, "onednn_opts": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default")},
    }


def compute_key(material: dict) -> str:
    canonical = json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return sha256_bytes(canonical.encode())[:KEY_LENGTH]
