"""Find the demos under ``training_demos/`` without importing them.

A demo is a module that assigns a literal dict to ``DEMO`` at module level and
defines ``run(params, ctx)`` (one seed's measurements) and ``summarize(pooled,
params, ctx)`` (table and figures from all seeds); every other module there is
a helper. Each file is
parsed with :mod:`ast` and ``DEMO`` read with ``ast.literal_eval``, so neither
the module nor TensorFlow is imported. Problems become :class:`ContentError`
values with file, line and column; modules that import a heavy library
(TensorFlow, Keras, scikit-learn, matplotlib) at module top are rejected, since
the rule is to import those inside ``run``.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.content.reading import listed_files, read_document
from generator.errors import ContentError, did_you_mean

DEMO_PACKAGE = "training_demos"
DATASETS = ("digits", "digits-binary", "dogs-vs-cats", "quadratic")
SWAPPABLE = {"digits-binary": ("dogs-vs-cats",)}   # KB_DEMO_DATASET may replace these
HEAVY_MODULES = ("tensorflow", "keras", "sklearn", "matplotlib", "torch", "jax")
REQUIRED = {"name": str, "title": str, "description": str, "dataset": str, "seeds": dict, "params": dict}
MIN_SEEDS = {"full": 5, "quick": 2}     # every other config: at least 2
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class DemoSpec:
    """What the registry knows about one demo, all read from its source text."""

    name: str
    title: str
    description: str
    dataset: str
    seeds: dict         # config -> list of seeds, e.g. {"full": [0, 1, 2, 3, 4], "quick": [0, 1]}
    params: dict
    path: Path          # absolute
    source_path: str    # relative to the project root, e.g. "training_demos/lr_sweep.py"
    module: str         # e.g. "training_demos.lr_sweep"
    demo_line: int
    run_line: int


def discover(project_root: Path) -> tuple[list[DemoSpec], list[ContentError]]:
    """All demos (sorted by name) and every problem found, from ``<project_root>/training_demos``."""
    root = Path(project_root)
    folder = root / DEMO_PACKAGE
    specs: list[DemoSpec] = []
    errors: list[ContentError] = []
    if not folder.is_dir():
        return specs, errors
    for path, source in python_sources(root, folder, errors):
        if path.parent != folder or (path.name.startswith("_") and path.name != "__init__.py"):
            continue  # helpers: checked as files above, imported by the demos that need them
        spec, problems = read_module(root, path, source)
        errors.extend(problems)
        if spec is not None:
            specs.append(spec)
    return sorted(specs, key=lambda s: s.name), errors


def python_sources(root: Path, folder: Path, errors: list[ContentError]) -> list[tuple[Path, str]]:
    """Every ``.py`` file under ``folder`` with its text, sorted; a link out of the project, a broken link,
    a pipe, a device, a folder named ``x.py``, an unreadable or oversized file is reported, not read."""
    found: list[tuple[Path, str]] = []
    for name in listed_files(root, folder, errors, suffixes=(".py",)):
        raw = read_document(root, name, errors)
        if raw is not None:
            found.append((Path(name), raw.decode("utf-8", errors="replace")))
    return found


def read_module(root: Path, path: Path, source: str) -> tuple[DemoSpec | None, list[ContentError]]:
    """Parse one module's source: a :class:`DemoSpec` when it declares ``DEMO``, plus its problems."""
    rel = path.relative_to(root).as_posix()
    try:
        tree = ast.parse(source, filename=rel)
    except SyntaxError as exc:
        return None, [ContentError(rel, exc.lineno, exc.offset, f"syntax error: {exc.msg}")]
    errors = [ContentError(rel, node.lineno, node.col_offset + 1,
                           f"imports {mod} at module top; import it inside run() or a helper function "
                           f"so that reading the demos stays light")
              for node, mod in heavy_top_level_imports(tree)]
    assign = next((n for n in tree.body if isinstance(n, ast.Assign)
                   and any(isinstance(t, ast.Name) and t.id == "DEMO" for t in n.targets)), None)
    if assign is None:
        return None, errors
    err = lambda node, msg, hint=None: errors.append(  # noqa: E731
        ContentError(rel, node.lineno, node.col_offset + 1, msg, hint))
    try:
        demo = ast.literal_eval(assign.value)
    except (ValueError, SyntaxError, TypeError):
        bad = _first_non_literal(assign.value)
        err(bad, f"DEMO must be a literal dict (strings, numbers, lists, dicts only); "
                 f"'{ast.get_source_segment(source, bad) or type(bad).__name__}' is not a literal")
        return None, errors
    if not isinstance(demo, dict):
        err(assign.value, f"DEMO must be a dict, not {type(demo).__name__}")
        return None, errors
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    run = functions.get("run")
    if run is None:
        err(assign, "a demo module must define run(params, ctx)")
    elif len(run.args.args) != 2:
        err(run, "run() must take exactly two arguments: run(params, ctx)")
    summarize = functions.get("summarize")
    if summarize is None:
        err(assign, "a demo module must define summarize(pooled, params, ctx)",
            "it makes the table and figures from every seed's run; see training_demos/_template.py")
    elif len(summarize.args.args) != 3:
        err(summarize, "summarize() must take exactly three arguments: summarize(pooled, params, ctx)")
    key_nodes = {k.value: k for k in getattr(assign.value, "keys", []) if isinstance(k, ast.Constant)}
    before = len(errors)
    _check_demo(demo, path.stem, key_nodes, assign.value, err)
    if len(errors) > before or run is None or summarize is None:
        return None, errors
    spec = DemoSpec(demo["name"], demo["title"].strip(), " ".join(demo["description"].split()), demo["dataset"],
                    demo["seeds"], demo["params"], path.resolve(), rel, f"{DEMO_PACKAGE}.{path.stem}",
                    assign.lineno, run.lineno)
    return spec, errors


def _check_demo(demo: dict, stem: str, key_nodes: dict, where, err) -> None:
    at = lambda key: key_nodes.get(key, where)  # noqa: E731
    for key in demo:
        if key == "seed":
            err(at(key), "DEMO 'seed' is now 'seeds', a list per config",
                'write "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]}')
        elif key not in REQUIRED:
            err(at(key), f"unknown DEMO key '{key}'", did_you_mean(key, REQUIRED))
    for key, kind in REQUIRED.items():
        if key not in demo and key == "seeds" and "seed" in demo:
            continue
        if key not in demo:
            err(where, f"DEMO is missing '{key}'")
        elif not isinstance(demo[key], kind) or (kind is int and isinstance(demo[key], bool)):
            err(at(key), f"DEMO '{key}' must be {'an' if kind is int else 'a'} {kind.__name__}, "
                         f"not {type(demo[key]).__name__}")
        elif kind is str and not demo[key].strip():
            err(at(key), f"DEMO '{key}' must not be empty")
    name = demo.get("name")
    if isinstance(name, str) and name != stem:
        err(at("name"), f"DEMO name '{name}' must match the file name '{stem}'")
    elif isinstance(name, str) and not NAME.match(name):
        err(at("name"), f"DEMO name '{name}' must be lowercase letters, digits and underscores")
    if isinstance(demo.get("dataset"), str) and demo["dataset"] not in DATASETS:
        err(at("dataset"), f"unknown dataset '{demo['dataset']}'; known: {', '.join(DATASETS)}",
            did_you_mean(demo["dataset"], DATASETS))
    params = demo.get("params")
    if isinstance(params, dict):
        for config in ("full", "quick"):
            if not isinstance(params.get(config), dict):
                err(at("params"), f"DEMO params must have a '{config}' dict (the quick one runs the same code "
                                  f"with fewer epochs)")
    seeds = demo.get("seeds")
    if isinstance(seeds, dict) and isinstance(params, dict):
        _check_seeds(seeds, params, at("seeds"), err)


def _check_seeds(seeds: dict, params: dict, node, err) -> None:
    for config in params:
        if config not in seeds:
            err(node, f"DEMO seeds has no '{config}' list (every config of params needs its seeds)")
    for config, listed in seeds.items():
        need = MIN_SEEDS.get(config, 2)
        if config not in params:
            err(node, f"DEMO seeds names config '{config}', which params does not have", did_you_mean(config, params))
        elif (not isinstance(listed, list) or not all(isinstance(x, int) and not isinstance(x, bool) for x in listed)
              or len(set(listed)) != len(listed)):
            err(node, f"DEMO seeds['{config}'] must be a list of different integers, e.g. {list(range(need))}")
        elif len(listed) < need:
            err(node, f"DEMO seeds['{config}'] has {len(listed)} seed{'s' * (len(listed) != 1)}; "
                      f"the '{config}' config needs at least {need}",
                "one run is one draw: intervals need several seeds")


LITERAL_NODES = (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Set, ast.UnaryOp, ast.USub, ast.UAdd,
                 ast.Load, ast.expr_context)


def _first_non_literal(node: ast.AST) -> ast.AST:
    """The first node (in source order) that ``ast.literal_eval`` rejects."""
    for child in ast.walk(node):
        if not isinstance(child, LITERAL_NODES):
            return child if hasattr(child, "lineno") else node
    return node


def heavy_top_level_imports(tree: ast.Module):
    """``(node, module)`` for imports of :data:`HEAVY_MODULES` that run when the module is imported."""
    stack = list(tree.body)
    while stack:
        node = stack.pop(0)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in HEAVY_MODULES:
                    yield node, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in HEAVY_MODULES:
                yield node, node.module.split(".")[0]
        else:
            stack.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt))


def resolve_dataset(spec: DemoSpec, config: str, project_root: Path,
                    environ=os.environ) -> tuple[dict | None, ContentError | None]:
    """The dataset spec a run will load: ``{"name": ..., options...}``.

    ``params[config]["dataset"]`` may replace the declared dataset and
    ``params[config]["dataset_options"]`` adds loader options. ``KB_DEMO_DATASET=dogs-vs-cats``
    switches every ``digits-binary`` demo to the dogs-vs-cats folder named by ``KB_DOGS_CATS_DIR``
    (or ``dataset_options.directory``, relative to the project root).
    """
    params = spec.params.get(config, {})
    name = params.get("dataset", spec.dataset)
    override = environ.get("KB_DEMO_DATASET", "").strip()
    if override:
        if override not in DATASETS:
            return None, ContentError(spec.source_path, spec.demo_line, None,
                                      f"KB_DEMO_DATASET names unknown dataset '{override}'",
                                      did_you_mean(override, DATASETS))
        if override in SWAPPABLE.get(name, ()):
            name = override
    if name not in DATASETS:
        return None, ContentError(spec.source_path, spec.demo_line, None, f"unknown dataset '{name}'",
                                  did_you_mean(name, DATASETS))
    resolved = {"name": name, **dict(params.get("dataset_options") or {})}
    if name == "dogs-vs-cats":
        directory = resolved.get("directory") or environ.get("KB_DOGS_CATS_DIR", "")
        if not directory:
            return None, ContentError(spec.source_path, spec.demo_line, None,
                                      f"demo '{spec.name}' uses the dogs-vs-cats dataset but no folder is set",
                                      "set KB_DOGS_CATS_DIR to a folder of cat.N.jpg and dog.N.jpg images")
        folder = (Path(project_root) / directory).resolve()
        if not folder.is_dir():
            return None, ContentError(spec.source_path, spec.demo_line, None,
                                      f"dogs-vs-cats folder {folder} does not exist",
                                      "set KB_DOGS_CATS_DIR to a folder of cat.N.jpg and dog.N.jpg images")
        resolved["directory"] = str(folder)
    return resolved, None
