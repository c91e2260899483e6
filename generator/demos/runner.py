"""Run demos in worker subprocesses: a small pool with per-demo time limits.

Up to ``workers`` processes (``python -m generator.demos.worker``) each import
TensorFlow once and take demos from a shared queue, longest expected first.
A demo running past its time limit gets its worker killed (the whole process
group) and reported; a replacement worker is started if demos remain. A worker
that dies (a crash, the OOM killer) is reported the same way. Results and
failures come back as plain dicts; :mod:`generator.demos.report` turns failures
into :class:`ContentError` values.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.demos.progress import Progress
from generator.demos.worker import OUTPUT_END

GENERATOR_PARENT = str(Path(__file__).resolve().parents[2])
STARTUP_LIMIT = 300.0       # seconds for a worker to import TensorFlow
OUTPUT_LINES = 200          # stderr lines kept per demo for --only


@dataclass
class Task:
    name: str
    payload: dict           # sent to the worker: module, params, seed, dataset, config
    expected_seconds: float = 0.0


@dataclass
class Outcome:
    """What happened to one task: ``kind`` is done, error, invalid, timeout or crash."""

    name: str
    kind: str
    message: dict = field(default_factory=dict)
    seconds: float = 0.0
    output: list[str] = field(default_factory=list)
    last_progress: str = ""


class Worker:
    """One worker subprocess and the threads that read its pipes."""

    def __init__(self, project_root: Path, events: queue.Queue):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (GENERATOR_PARENT, env.get("PYTHONPATH", "")) if p)
        env["PYTHONHASHSEED"] = "0"
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator.demos.worker", str(project_root)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(project_root),
            env=env, start_new_session=True)
        self.spawned = time.monotonic()
        self.ready = False
        self.task: Task | None = None
        self.task_started = 0.0
        self.last_progress = ""
        self.output: collections.deque[str] = collections.deque(maxlen=OUTPUT_LINES)
        self._events = events
        self._output_ends = threading.Semaphore(0)  # one release per OUTPUT_END the worker writes
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()
        threading.Thread(target=self._read_protocol, daemon=True).start()

    def _read_protocol(self) -> None:
        for raw in self.proc.stdout:
            try:
                message = json.loads(raw)
            except ValueError:
                continue
            self._events.put((self, message))
        try:
            status = self.proc.wait(timeout=30)  # its output has ended: it is exiting
        except subprocess.TimeoutExpired:  # it closed its output but runs on: it is ended
            self.kill()
            status = self.proc.returncode
        self._stderr_reader.join(timeout=2.0)          # so a crash report includes the last output
        self._events.put((self, {"type": "exit", "status": status}))

    def _read_stderr(self) -> None:
        for raw in self.proc.stderr:
            if raw == OUTPUT_END:
                self._output_ends.release()
            else:
                self.output.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def task_output(self) -> list[str]:
        """What the finished task printed: waits (briefly) until its stderr is read to the end."""
        self._output_ends.acquire(timeout=2.0)
        return list(self.output)

    def assign(self, task: Task) -> None:
        self.task, self.task_started, self.last_progress = task, time.monotonic(), ""
        self.output.clear()
        self._write({"type": "run", "name": task.name, **task.payload})

    def _write(self, message: dict) -> None:
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass                                   # the exit event reports it

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        self.proc.wait(timeout=30)  # a killed process is reaped at once; a longer wait is a kernel problem

    def request_stop(self) -> None:
        if self.proc.poll() is None:
            self._write({"type": "stop"})
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def wait_or_kill(self, grace: float = 10.0) -> None:
        """Wait for a stopped worker; a busy one (interrupted run) is killed at once."""
        try:
            self.proc.wait(timeout=0 if self.task is not None else grace)
        except subprocess.TimeoutExpired:
            self.kill()


def run_tasks(tasks: list[Task], project_root: Path, workers: int, timeout: float, progress: Progress,
              config: str, on_outcome: Callable[[Outcome], None]) -> dict[str, Outcome]:
    """Run every task; returns an :class:`Outcome` per task name. Never raises for a demo's failure.

    ``on_outcome`` is called as soon as each task ends (the suite stores results there, so a
    result is safe in the cache even if a later demo hangs or the build is interrupted)."""
    return _Pool(tasks, project_root, workers, timeout, progress, config, on_outcome).run()


class _Pool:
    def __init__(self, tasks, project_root, workers, timeout, progress, config, on_outcome):
        self.on_outcome = on_outcome
        self.pending = collections.deque(sorted(tasks, key=lambda t: -t.expected_seconds))
        self.names = [t.name for t in tasks]
        self.project_root, self.timeout, self.progress, self.config = project_root, timeout, progress, config
        self.count = max(1, min(workers, len(tasks)))
        self.outcomes: dict[str, Outcome] = {}
        self.events: queue.Queue = queue.Queue()
        self.pool: list[Worker] = []
        self.startup_failures = 0

    def run(self) -> dict[str, Outcome]:
        start = time.monotonic()
        self.progress.begin(self.names, self.count, self.config)
        try:
            while self.pending or any(w.task for w in self.pool):
                while self.pending and len(self.pool) < self.count:
                    self.pool.append(Worker(self.project_root, self.events))
                for w in self.pool:
                    if w.ready and w.task is None and self.pending:
                        w.assign(self.pending.popleft())
                        self.progress.started(w.task.name)
                try:
                    worker, message = self.events.get(timeout=0.2)
                except queue.Empty:
                    worker, message = None, None
                if message is not None and worker in self.pool:
                    self._handle(worker, message)
                self._check_deadlines()
        finally:
            for w in self.pool:
                w.request_stop()
            for w in self.pool:
                w.wait_or_kill()
        self.progress.end(time.monotonic() - start, sum(o.kind != "done" for o in self.outcomes.values()))
        return self.outcomes

    def _check_deadlines(self) -> None:
        now = time.monotonic()
        for w in list(self.pool):
            if w.task is not None and now - w.task_started > self.timeout:
                w.kill()
                self.pool.remove(w)
                self._finish(Outcome(w.task.name, "timeout", {"limit": self.timeout}, now - w.task_started,
                                     list(w.output), w.last_progress))
            elif not w.ready and now - w.spawned > STARTUP_LIMIT:
                w.kill()
                self.pool.remove(w)
                self._fail_pending(f"a demo worker did not start within {STARTUP_LIMIT:g} s")

    def _handle(self, worker: Worker, message: dict) -> None:
        kind = message.get("type")
        task = worker.task
        if kind == "ready":
            worker.ready = True
        elif kind == "progress" and task is not None:
            worker.last_progress = message.get("message", "")
            self.progress.update(task.name, worker.last_progress)
        elif kind in ("done", "error", "invalid") and task is not None:
            seconds = message.get("seconds", time.monotonic() - worker.task_started)
            self._finish(Outcome(task.name, kind, message, seconds, worker.task_output(), worker.last_progress))
            worker.task = None
        elif kind == "exit":
            self.pool.remove(worker)
            status = message.get("status")
            if task is not None:
                self._finish(Outcome(task.name, "crash", {"status": status}, time.monotonic() - worker.task_started,
                                     list(worker.output), worker.last_progress))
            elif not worker.ready:
                self.startup_failures += 1
                if self.startup_failures >= 2 or not any(w.ready for w in self.pool):
                    tail = next((line for line in reversed(worker.output) if line.strip()), "no output")
                    self._fail_pending(f"a demo worker exited with status {status} before it was ready: {tail}")

    def _finish(self, outcome: Outcome) -> None:
        self.outcomes[outcome.name] = outcome
        self.on_outcome(outcome)
        if outcome.kind == "done":
            self.progress.finished(outcome.name, outcome.seconds)
        else:
            detail = outcome.kind
            if outcome.kind == "error":
                text = " ".join(str(outcome.message.get("message")).split())[:120]
                detail = f"{outcome.message.get('exc_type')}: {text}"
            self.progress.failed(outcome.name, detail)

    def _fail_pending(self, reason: str) -> None:
        while self.pending:
            task = self.pending.popleft()
            self._finish(Outcome(task.name, "startup", {"reason": reason}))
