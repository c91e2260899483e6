"""A demo worker process: imports TensorFlow once, then runs the demos it is sent, one at a time.

Started by :mod:`generator.demos.runner` as ``python -m generator.demos.worker
PROJECT_ROOT``. It reads tasks as JSON lines on stdin and answers with JSON lines
on a private copy of stdout (``ready``, ``start``, ``progress``, ``done``,
``error``); anything a demo prints goes to stderr instead, so it cannot corrupt
the protocol. A demo runs once per seed, each time after
``keras.utils.set_random_seed(seed)`` and a cleared Keras session; the runs are
pooled (:mod:`generator.demos.seed_stats`) and handed to the demo's
``summarize()``, which makes the table and figures; the whole process runs with op determinism, one
intra-op and one inter-op thread, and no XLA (see ``fingerprint.DETERMINISM``,
which is part of every cache key, as is this file).
"""

from __future__ import annotations

import copy
import gc
import importlib
import json
import os
import sys
import threading
import time
import traceback

from generator.demos import seed_stats
from generator.demos.fingerprint import DETERMINISM
from generator.demos.result_format import InvalidResult, check_seed_result, combine

# Written to stderr just before a demo's final message, so the runner (reading stderr and the
# protocol in two threads) knows it has all the demo printed before it files the outcome.
OUTPUT_END = b"\x1ekb-demo-output-ends\n"
FINAL = ("done", "invalid", "error")


class RunContext:
    """What a demo's ``run(params, ctx)`` receives."""

    def __init__(self, task: dict, send, seed: int):
        self.name = task["name"]
        self.config = task["config"]
        self.seed = int(seed)                 # the seed of this run
        self.seeds = list(task["seeds"])      # every seed the demo runs
        self.dataset_spec = dict(task["dataset"])
        self._send = send
        self._dataset = None
        self._loaded = False

    def progress(self, message: str) -> None:
        """Report what the demo is doing, e.g. ``"lr=0.1 epoch 3/12 loss=0.43"`` (the seed is added)."""
        text = f"seed {self.seed}: {message}"
        self._send({"type": "progress", "name": self.name, "message": " ".join(text.split())[:200]})

    @property
    def dataset(self):
        """The demo's dataset (:class:`training_demos.datasets.Dataset`), loaded on first use."""
        if not self._loaded:
            from training_demos import datasets

            self._dataset = datasets.load(self.dataset_spec, self.seed)
            self._loaded = True
        return self._dataset

    def load_dataset(self, name: str, **options):
        """Another dataset by name, e.g. ``ctx.load_dataset("digits")``."""
        from training_demos import datasets

        return datasets.load({"name": name, **options}, self.seed)

    def dataset_description(self) -> dict:
        if self._loaded and self._dataset is not None:
            return self._dataset.describe()
        from training_demos import datasets

        return datasets.describe_spec(self.dataset_spec)


def configure_tensorflow():
    """Import TensorFlow with the deterministic, single-threaded, no-XLA settings."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ["TF_DETERMINISTIC_OPS"] = "1"
    os.environ["CUDA_VISIBLE_DEVICES"] = ""
    os.environ["KERAS_BACKEND"] = "tensorflow"
    os.environ.setdefault("MPLBACKEND", "Agg")
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(DETERMINISM["intra_op_threads"])
    tf.config.threading.set_inter_op_parallelism_threads(DETERMINISM["inter_op_threads"])
    tf.config.optimizer.set_jit(DETERMINISM["xla_jit"])
    if DETERMINISM["op_determinism"]:
        tf.config.experimental.enable_op_determinism()
    tf.get_logger().setLevel("ERROR")
    return tf


def run_seeds(module, task: dict, send) -> dict:
    """``run(params, ctx)`` once per seed, pooled, then ``summarize(pooled, params, ctx)``: the result."""
    import keras

    runs, ctx = [], None
    for seed in task["seeds"]:
        keras.backend.clear_session()
        keras.utils.set_random_seed(int(seed))
        ctx = RunContext(task, send, seed)
        try:
            output = module.run(copy.deepcopy(task["params"]), ctx)
        except Exception as exc:
            raise SeedFailed(seed) from exc
        runs.append(check_seed_result(output, seed))
    try:
        pooled = seed_stats.Pooled.of(runs, task["seeds"])
    except seed_stats.SeedMismatch as exc:
        raise InvalidResult(str(exc)) from None
    summary = module.summarize(pooled, copy.deepcopy(task["params"]), ctx)
    return {"result": combine(pooled, summary), "dataset": ctx.dataset_description()}


class SeedFailed(Exception):
    """A seed's run raised: the cause is the demo's exception, the seed says which run."""

    def __init__(self, seed: int):
        super().__init__(f"seed {seed}")
        self.seed = seed


def run_task(task: dict, send) -> None:
    name = task["name"]
    send({"type": "start", "name": name})
    start = time.perf_counter()
    try:
        module = importlib.import_module(task["module"])
        done = run_seeds(module, task, send)
        send({"type": "done", "name": name, "result": done["result"],
              "seconds": round(time.perf_counter() - start, 3), "dataset": done["dataset"]})
    except InvalidResult as exc:
        send({"type": "invalid", "name": name, "message": str(exc)})
    except BaseException as exc:  # noqa: BLE001 - a demo's failure is reported, never fatal
        if isinstance(exc, KeyboardInterrupt):
            raise
        seed = exc.seed if isinstance(exc, SeedFailed) else None
        exc = exc.__cause__ if isinstance(exc, SeedFailed) else exc
        frames = [[f.filename, f.lineno, f.name] for f in traceback.extract_tb(exc.__traceback__)]
        if isinstance(exc, SyntaxError) and exc.filename:
            frames.append([exc.filename, exc.lineno or 0, "<module>"])
        send({"type": "error", "name": name, "exc_type": type(exc).__name__, "message": str(exc), "seed": seed,
              "frames": frames, "traceback": "".join(traceback.format_exception(exc))})
    finally:
        gc.collect()


def _exit_with_parent(parent: int) -> None:
    """Leave when the build process that started us is gone (killed builds leave no orphans)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _exit_with_parent(os.getppid())
    project_root = os.path.abspath(argv[0])
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)                       # prints from demos and libraries go to stderr
    sys.stdout = sys.stderr

    def send(message: dict) -> None:
        if message.get("type") in FINAL:  # the demo's output ends here: the runner waits for this line
            sys.stderr.flush()
            os.write(2, OUTPUT_END)
        channel.write(json.dumps(message, allow_nan=False) + "\n")
        channel.flush()

    sys.path.insert(0, project_root)
    started = time.perf_counter()
    configure_tensorflow()
    send({"type": "ready", "pid": os.getpid(), "seconds": round(time.perf_counter() - started, 3)})
    for line in sys.stdin:
        if not line.strip():
            continue
        task = json.loads(line)
        if task.get("type") == "stop":
            break
        run_task(task, send)
    return 0


if __name__ == "__main__":
    sys.exit(main())
