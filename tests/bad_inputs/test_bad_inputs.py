"""Every broken input gets one located line from both `check` and `build`, exit 1, no traceback,
bounded memory, and the previous site/ untouched."""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factory import REPO, make_project

from bad_inputs.cases import CASES, GOOD, Case

MEMORY_LIMIT = 2 * 1024**3  # address space per command: a bomb or a 50 MB file must not get near it


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def start(root: Path, *args: str, demos: str = "off") -> subprocess.Popen:
    env = {**os.environ, "KB_DEMO_CONFIG": demos, "KB_DEMO_CACHE_DIR": str(root / ".cache" / "demos")}
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_limit_memory)


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def run(root: Path, *args: str, demos: str = "off") -> subprocess.CompletedProcess:
    return finish(start(root, *args, demos=demos))


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("baseline"), {"good.yml": GOOD})
    result = run(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def apply(case: Case, root: Path) -> None:
    for rel in case.remove:
        (root / rel).unlink()
    for rel, content in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple) and content[0] == "symlink":
            path.symlink_to(content[1])
        elif isinstance(content, tuple) and content[0] == "fifo":
            os.mkfifo(path)
        elif isinstance(content, tuple) and content[0] == "folder":
            path.mkdir()
        elif isinstance(content, tuple) and content[0] == "size":
            with path.open("wb") as f:
                f.truncate(content[1])
        elif isinstance(content, tuple) and content[0] == "replace":
            text = path.read_text()
            assert content[1] in text
            path.write_text(text.replace(content[1], content[2], 1))
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def test_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, baseline: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(baseline, root, symlinks=True)
    before = snapshot(root / "site")
    apply(case, root)
    if case.build_exit == 0:  # a NaN is a result, not an error
        result = run(root, "build", demos=case.demos)
        assert result.returncode == 0, result.stderr[-2000:]
        stored = list((root / ".cache" / "demos" / "nan").glob("*/result.json"))
        assert len(stored) == 1 and '"loss": null' in stored[0].read_text()
        return
    commands = ("build", "check") if case.build_first else ("check", "build")
    if case.build_first or case.demos != "off":  # the second command reads what the first one ran
        results = [run(root, command, demos=case.demos) for command in commands]
    else:  # check only reads the project: both run at once
        results = [finish(p) for p in [start(root, command, demos=case.demos) for command in commands]]
    for command, result in zip(commands, results):
        assert result.returncode == 1, f"{command} exited {result.returncode}: {result.stderr[-2000:]}"
        assert "Traceback" not in result.stderr, result.stderr
        first = [line for line in result.stderr.splitlines() if not line.startswith(("note:", "demos:"))][0]
        first = first.replace(" (in the last run of these inputs)", "")  # check reports a recorded demo failure
        if case.expected.startswith("re:"):
            assert re.fullmatch(case.expected[3:], first), f"{command}: {first}"
        else:
            assert first == case.expected, f"{command}: {first}"
    assert snapshot(root / "site") == before
    cache = root / ".cache" / "demos"
    assert not cache.exists() or not [p for p in cache.rglob("result.json") if "boom" in str(p) or "sleepy" in str(p)]
    assert [p.name for p in root.iterdir() if p.name.startswith(".site") and p.name != ".site.lock"] == []
