"""Failing demos in a temp project: exact errors with file:line, time limits, NaN as a result."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from demo_support import REPO, line_of, make_project

from generator.demos import DemosFailed, DemoSuite, cli_main

pytestmark = pytest.mark.tensorflow

HEADER = '''
"""{doc}"""

DEMO = {{
    "name": "{name}",
    "title": "{name} demo",
    "description": "A test demo.",
    "dataset": "{dataset}",
    "seeds": {{"full": [0, 1, 2, 3, 4], "quick": [0, 1]}},
    "params": {{"full": {params}, "quick": {params}}},
}}


def summarize(pooled, params, ctx):
    return {{"table": {{"columns": [], "rows": []}}, "figures": {{}}}}
'''
EMPTY = '{"metrics": {}, "histories": {}}'


def demo(name: str, body: str, doc: str = "Test.", dataset: str = "quadratic", params: str = "{}") -> str:
    return HEADER.format(name=name, doc=doc, dataset=dataset, params=params) + body


DEMOS = {
    "boom": demo("boom", '''

def check(learning_rate):
    if learning_rate <= 0:
        raise ValueError(f"learning rate must be positive, got {learning_rate}")  # RAISE


def run(params, ctx):
    ctx.progress("checking")
    check(params["learning_rate"])
''', params='{"learning_rate": -1.0}'),
    "helper_boom": demo("helper_boom", '''
from training_demos import shaky


def run(params, ctx):
    return shaky.explode(params)  # CALL
'''),
    "shaky": 'def explode(params):\n    return {"value": 1}["missing"]\n',
    "bad_result": demo("bad_result", '''

def run(params, ctx):
    print("this goes to stderr, not into the protocol")
    return {"metrics": {}, "histories": {}, "table": {"columns": [], "rows": []}}
'''),
    "seed_boom": demo("seed_boom", '''

def run(params, ctx):
    if ctx.seed == 1:
        raise RuntimeError("this seed's run fails")  # SEED
    return {"metrics": {"value": ctx.seed}, "histories": {}}
'''),
    "wrong_seeds": demo("wrong_seeds", '''

def run(params, ctx):
    return {"metrics": {"value": float(ctx.seed)}, "histories": {}}


def summarize(pooled, params, ctx):
    return {"table": {"columns": [], "rows": []}, "figures": {},
            "intervals": {"dropped": {**pooled.intervals["value"], "values": [0.0], "seeds": [0]}}}
'''),
    "labels_vary": demo("labels_vary", '''

def run(params, ctx):
    return {"metrics": {"label": "good" if ctx.seed == 0 else "bad"}, "histories": {}}
'''),
    "nan_demo": demo("nan_demo", '''

def run(params, ctx):
    from training_demos.training import Trainer

    trainer = Trainer(ctx.dataset, seed=ctx.seed)
    huge = trainer.train("sgd", 1e9, 2, ctx=ctx, label="lr=1e9")
    return {"metrics": {"diverged": huge.diverged, "diverged_epoch": huge.diverged_epoch,
                        "final_loss": huge.final("loss"), "raw_nan": float("nan"), "raw_inf": float("-inf")},
            "histories": {"lr=1e9": huge.history}}


def summarize(pooled, params, ctx):
    return {"table": {"columns": ["learning rate", "final loss"], "rows": [[1e9, pooled.means["final_loss"]]]},
            "figures": {}}
''', dataset="digits-binary"),
    "good": demo("good", f'''

def run(params, ctx):
    return {EMPTY}
'''),
    "crash": demo("crash", '''

def run(params, ctx):
    import os
    import signal

    ctx.progress("about to crash")
    os.kill(os.getpid(), signal.SIGKILL)
'''),
    "hang": demo("hang", '''

def run(params, ctx):
    import time

    ctx.progress("about to sleep")
    time.sleep(3600)
'''),
    "after_hang": demo("after_hang", f'''

def run(params, ctx):
    return {EMPTY}
'''),
}
HINT = "run `python -m generator demos --only {}` to see the full traceback"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("failing") / "project", DEMOS)


@pytest.fixture(scope="module")
def failed_run(project):
    suite = DemoSuite(project, config="quick", cache_dir=project / "cache", timeout=300, workers=2)
    log = io.StringIO()
    with pytest.raises(DemosFailed) as failure:
        suite.ensure(only=["boom", "helper_boom", "bad_result", "crash", "nan_demo", "good", "seed_boom",
                           "wrong_seeds", "labels_vary"], progress=log)
    return suite, failure.value, log.getvalue()


def test_every_failure_is_reported_with_file_and_line(project, failed_run):
    _, failure, _ = failed_run
    demos = project / "training_demos"
    hint = ("(hint: run() returns one seed's {'metrics': {...}, 'histories': {...}}; summarize() returns "
            "{'table': {'columns': [...], 'rows': [...]}, 'figures': {key: {'svg', 'alt', 'caption'}}}; see "
            "training_demos/_template.py)")
    assert failure.report().splitlines() == [
        f"training_demos/bad_result.py:{line_of(demos / 'bad_result.py', 'def run')}: error: demo 'bad_result' "
        f"returned an invalid result: run() for seed 0 returned unknown keys 'table' {hint}",
        f"training_demos/boom.py:{line_of(demos / 'boom.py', '# RAISE')}: error: demo 'boom' failed on seed 0: ValueError: "
        f"learning rate must be positive, got -1.0 (hint: {HINT.format('boom')})",
        f"training_demos/crash.py:{line_of(demos / 'crash.py', 'def run')}: error: demo 'crash' crashed its worker "
        "process (exit status -9) (hint: run `python -m generator demos --only crash` to see its output)",
        f"training_demos/helper_boom.py:{line_of(demos / 'helper_boom.py', '# CALL')}: error: demo 'helper_boom' "
        f"failed on seed 0: KeyError: 'missing' (raised at training_demos/shaky.py:2) (hint: {HINT.format('helper_boom')})",
        f"training_demos/labels_vary.py:{line_of(demos / 'labels_vary.py', 'def run')}: error: demo 'labels_vary' "
        "returned an invalid result: metrics['label'] differs between seeds (seed 0: 'good', seed 1: 'bad'); only "
        f"numbers may vary: derive labels from the pooled numbers in summarize() {hint}",
        f"training_demos/seed_boom.py:{line_of(demos / 'seed_boom.py', '# SEED')}: error: demo 'seed_boom' failed on "
        f"seed 1: RuntimeError: this seed's run fails (hint: {HINT.format('seed_boom')})",
        f"training_demos/wrong_seeds.py:{line_of(demos / 'wrong_seeds.py', 'def run')}: error: demo 'wrong_seeds' "
        "returned an invalid result: intervals['dropped'] has 1 per-seed values (seeds [0]), but the demo ran 2 "
        f"seeds (0, 1) {hint}",
        "7 errors found; nothing was built.",
    ]


def test_failure_details_hold_the_traceback(project, failed_run):
    _, failure, log = failed_run
    boom = failure.details["boom"]
    assert boom.startswith("Traceback (most recent call last):")
    assert f'boom.py", line {line_of(project / "training_demos" / "boom.py", "# RAISE")}, in check' in boom
    assert "this goes to stderr, not into the protocol" in failure.details["bad_result"]
    assert "boom: FAILED, ValueError: learning rate must be positive, got -1.0" in log
    assert failure.details["seed_boom"].startswith("Traceback (most recent call last):")


def test_nan_is_recorded_as_a_result_and_good_demos_are_kept(failed_run):
    suite, _, _ = failed_run
    results = suite.load_fresh(only=["good", "nan_demo"])
    nan = results["nan_demo"]
    assert nan.metrics == {"diverged": True, "diverged_epoch": 1, "final_loss": None, "raw_nan": None,
                           "raw_inf": None}
    assert nan.seeds == (0, 1) and list(nan.histories) == ["0", "1"]
    assert nan.histories["0"]["lr=1e9"]["loss"] == [None]
    assert nan.intervals["final_loss"]["mean"] is None and nan.intervals["final_loss"]["non_finite"] == 2
    assert nan.table["rows"] == [[1e9, None]]
    assert results["good"].metrics == {}


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmdline and "generator.demos.worker" in cmdline:
            found.append(int(pid))
    return found


def test_a_hung_demo_is_killed_reported_and_its_worker_replaced(project):
    suite = DemoSuite(project, config="quick", cache_dir=project / "cache-hang", timeout=3, workers=1)
    log = io.StringIO()
    with pytest.raises(DemosFailed) as failure:
        suite.ensure(only=["hang", "after_hang"], progress=log)
    run_line = line_of(project / "training_demos" / "hang.py", "def run")
    assert [e.format() for e in failure.value.errors] == [
        f"training_demos/hang.py:{run_line}: error: demo 'hang' took longer than 3 s and was stopped (last "
        "progress: seed 0: about to sleep) (hint: make it faster, or raise demo_timeout in mkdocs.yml (or 'demos --timeout'); run `python -m "
        "generator demos --only hang` to watch its progress)"]
    assert "hang: FAILED, timeout" in log.getvalue()
    assert suite.load_fresh(only=["after_hang"])["after_hang"].metrics == {}      # ran on a new worker
    assert _processes_mentioning(str(project)) == []


def test_cli_only_shows_the_full_traceback(project, capsys):
    status = cli_main(["--only", "boom", "--config", "quick", "--workers", "1", "--quiet",
                       "--cache-dir", str(project / "cache-cli")], project)
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("--- boom: full report ---\nTraceback (most recent call last):\n")
    assert 'raise ValueError(f"learning rate must be positive, got {learning_rate}")' in err
    assert err.rstrip().endswith(f"(hint: {HINT.format('boom')})\n1 error found; nothing was built.")


def test_a_killed_build_keeps_the_last_good_result_and_leaves_no_worker(project, tmp_path):
    from generator.demos.result_store import DemoCache

    cache = DemoCache(tmp_path / "cache")
    old = {"name": "hang", "key": "oldkey", "config": "quick", "metrics": {"old": True}, "histories": {},
           "table": {"columns": [], "rows": []}, "figures": {}, "provenance": {}}
    cache.store("hang", "oldkey", old, {})
    code = (f"from pathlib import Path\nfrom generator.demos import DemoSuite\n"
            f"DemoSuite(Path({str(project)!r}), config='quick', cache_dir=Path({str(cache.root)!r}), "
            f"workers=1).ensure(only=['hang'])\n")
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    for line in parent.stderr:
        if "hang: started" in line:
            break
    time.sleep(1.0)
    assert len(_processes_mentioning(str(project))) == 1
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while _processes_mentioning(str(project)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_mentioning(str(project)) == []                 # the worker noticed and left
    assert [p.name for p in (cache.root / "hang").iterdir()] == ["oldkey"]
    assert cache.load("hang", "oldkey")["metrics"] == {"old": True}
