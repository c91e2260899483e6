"""The demo suite: which demos exist, which are fresh, run the stale ones, serve results.

``DemoSuite(project_root).ensure()`` is what a build calls: it computes every
demo's key, serves intact cached entries, runs the rest in worker processes,
stores their results atomically, and returns every result, or raises
:class:`BuildFailed` listing every failure. Nothing here imports TensorFlow,
scikit-learn or matplotlib; only the workers do.

Config: ``config=None`` means ``$KB_DEMO_CONFIG`` or ``"full"``. Cache:
``cache_dir=None`` means ``$KB_DEMO_CACHE_DIR`` or ``<project>/.cache/demos``.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.demos import fingerprint, registry, report
from generator.demos.progress import Progress
from generator.demos.result_store import DemoCache, forget_failure, record_failure, recorded_failure
from generator.demos.runner import Outcome, Task, run_tasks
from generator.errors import BuildFailed, ContentError, did_you_mean


@dataclass(frozen=True)
class DemoStatus:
    name: str
    title: str
    fresh: bool
    key: str
    cached_at: str | None      # UTC date of the fresh result, None when stale


@dataclass(frozen=True)
class DemoResult:
    """One demo's results. In templates, ``demos.lr_sweep.best`` is short for ``demos.lr_sweep.metrics.best``."""

    name: str
    title: str
    description: str
    key: str
    metrics: dict
    histories: dict
    table: dict
    figures: dict              # key -> {"svg": str, "alt": str, "caption": str}
    provenance: dict
    source_path: str
    config: str = "full"
    seeds: tuple = ()          # the seeds every result was measured on
    intervals: dict = field(default_factory=dict)   # metric path -> interval record (seed_stats)

    def __getattr__(self, attr: str):
        metrics = self.__dict__.get("metrics")
        if attr.startswith("_") or metrics is None or attr not in metrics:
            raise AttributeError(f"demo {self.__dict__.get('name')!r} has no attribute or metric {attr!r}")
        return metrics[attr]

    @classmethod
    def from_cache(cls, spec: registry.DemoSpec, data: dict) -> DemoResult:
        figures = {k: {"svg": f["svg"], "alt": f["alt"], "caption": f.get("caption", f["alt"])}
                   for k, f in data.get("figures", {}).items()}
        return cls(spec.name, spec.title, spec.description, data["key"], data["metrics"], data["histories"],
                   data["table"], figures, data["provenance"], spec.source_path, data.get("config", "full"),
                   tuple(data.get("seeds", ())), data.get("intervals", {}))


class DemosFailed(BuildFailed):
    """BuildFailed that also carries each failed demo's full traceback and output (``details``)."""

    def __init__(self, errors, details: dict[str, str] | None = None):
        self.details = dict(details or {})
        super().__init__(errors)


@dataclass
class _Plan:
    spec: registry.DemoSpec
    key: str
    material: dict
    dataset: dict
    cached: dict | None = field(default=None, repr=False)
    reason: str = ""


@lru_cache(maxsize=1)
def cpu_model() -> str:
    """The CPU's model name (also used by the benchmarks' machine line)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _describe_dataset(details: dict) -> str:
    """``"scikit-learn digits, classes 3 vs 8 (214 train, 72 validation, 71 test)"``."""
    text = details.get("source") or details.get("name", "")
    if "train" in details:
        text += f" ({details['train']} train, {details['validation']} validation, {details['test']} test)"
    return text or "none"


class DemoSuite:
    """All demos of one project, for one config, with one cache."""

    def __init__(self, project_root: Path, config: str | None = None, cache_dir: Path | None = None,
                 timeout: float = 600, workers: int | None = None):
        self.project_root = Path(project_root).resolve()
        self.config = config or os.environ.get("KB_DEMO_CONFIG") or "full"
        default_cache = os.environ.get("KB_DEMO_CACHE_DIR") or self.project_root / ".cache" / "demos"
        self.cache = DemoCache(Path(cache_dir or default_cache))
        self.timeout = float(timeout)
        self.workers = workers or os.cpu_count() or 1
        self._specs: list[registry.DemoSpec] | None = None

    # -- what exists ------------------------------------------------------------------------------------

    def specs(self) -> list[registry.DemoSpec]:
        if self._specs is None:
            specs, errors = registry.discover(self.project_root)
            errors += [ContentError(s.source_path, s.demo_line, None,
                                    f"DEMO params has no '{self.config}' config (it has: {', '.join(s.params)})")
                       for s in specs if self.config not in s.params]
            if errors:
                raise DemosFailed(errors)  # the demos' own files are wrong: an error, not just stale results
            self._specs = specs
        return self._specs

    def names(self) -> list[str]:
        return [s.name for s in self.specs()]

    def _select(self, only: list[str] | None) -> list[registry.DemoSpec]:
        specs = self.specs()
        if not only:
            return specs
        known = {s.name for s in specs}
        unknown = [n for n in only if n not in known]
        if unknown:
            raise BuildFailed(ContentError(registry.DEMO_PACKAGE, None, None, f"no demo named '{n}'",
                                           did_you_mean(n, known)) for n in unknown)
        return [s for s in specs if s.name in set(only)]

    def _plan(self, specs: list[registry.DemoSpec]) -> list[_Plan]:
        plans, errors = [], []
        for spec in specs:
            dataset, error = registry.resolve_dataset(spec, self.config, self.project_root)
            if error:
                errors.append(error)
                continue
            material = fingerprint.key_material(spec, self.config, dataset, self.project_root)
            key = fingerprint.compute_key(material)
            cached, reason = self.cache.verify(spec.name, key)
            plans.append(_Plan(spec, key, material, dataset, cached, reason))
        if errors:
            raise BuildFailed(errors)
        return plans

    # -- public API -------------------------------------------------------------------------------------

    def status(self) -> list[DemoStatus]:
        return [DemoStatus(p.spec.name, p.spec.title, p.cached is not None, p.key,
                           p.cached["provenance"].get("date_utc") if p.cached else None)
                for p in self._plan(self.specs())]

    def load_fresh(self, only: list[str] | None = None) -> dict[str, DemoResult]:
        """Results of the (selected) demos without running anything; BuildFailed names every stale one."""
        results, errors, failed = {}, [], []
        for p in self._plan(self._select(only)):
            data = self.cache.load(p.spec.name, p.key) if p.cached is not None else None
            last = recorded_failure(self.cache.root, p.spec.name, p.key) if data is None else None
            if last is not None:
                failed.append(ContentError(**{**last, "message": f"{last['message']} (in the last run of these inputs)"}))
            elif data is None:
                errors.append(ContentError(
                    p.spec.source_path, None, None,
                    f"demo '{p.spec.name}' has no up-to-date result for config '{self.config}' "
                    f"({p.reason or 'unreadable cache entry'})",
                    f"run `python -m generator demos{'' if self.config == 'full' else ' --config ' + self.config}` to regenerate stale demos"))
            else:
                results[p.spec.name] = DemoResult.from_cache(p.spec, data)
        if failed:
            raise DemosFailed(failed)
        if errors:
            raise BuildFailed(errors)
        return results

    def ensure(self, force: bool = False, only: list[str] | None = None, progress=True) -> dict[str, DemoResult]:
        """Run stale demos (all selected ones with ``force``) and return every demo's result.

        With ``only``, just those demos may run; the others are served when fresh and left out
        when stale. Raises :class:`DemosFailed` (a :class:`BuildFailed`) after all runs finished.
        """
        plans = self._plan(self.specs())
        selected = {s.name for s in self._select(only)}
        to_run = [p for p in plans if p.spec.name in selected and (force or p.cached is None)]
        outcomes: dict[str, Outcome] = {}
        if to_run:
            by_name = {p.spec.name: p for p in to_run}

            def store(outcome: Outcome) -> None:
                if outcome.kind == "done":
                    self._store(by_name[outcome.name], outcome)

            outcomes = run_tasks([self._task(p) for p in to_run], self.project_root, self.workers, self.timeout,
                                 Progress.make(progress), self.config, on_outcome=store)
        errors, details, results = [], {}, {}
        for p in plans:
            outcome = outcomes.get(p.spec.name)
            if outcome is not None and outcome.kind != "done":
                error = report.outcome_error(p.spec, outcome, self.project_root)
                record_failure(self.cache.root, p.spec.name, p.key, error.as_dict())
                errors.append(error)
                details[p.spec.name] = report.details(outcome)
                continue
            data = self.cache.load(p.spec.name, p.key)
            if data is not None:
                results[p.spec.name] = DemoResult.from_cache(p.spec, data)
            elif p.spec.name in selected:
                errors.append(ContentError(p.spec.source_path, None, None,
                                           f"demo '{p.spec.name}' result could not be read back from the cache",
                                           report.rerun_hint(p.spec.name)))
        if errors:
            raise DemosFailed(errors, details)
        return results

    # -- helpers ----------------------------------------------------------------------------------------

    def _task(self, p: _Plan) -> Task:
        previous = self.cache.latest(p.spec.name, self.config)
        expected = previous["provenance"].get("run_seconds", 0.0) if previous else 1e6  # unknown: first
        payload = {"module": p.spec.module, "config": self.config, "seeds": p.spec.seeds[self.config],
                   "params": p.spec.params[self.config], "dataset": p.dataset}
        return Task(p.spec.name, payload, expected)

    def _store(self, p: _Plan, outcome: Outcome) -> None:
        result = outcome.message["result"]
        figures = {k: {"alt": f["alt"], "caption": f["caption"], "file": f"figures/{k}.svg"}
                   for k, f in result["figures"].items()}
        dataset = outcome.message.get("dataset") or {"name": p.dataset["name"]}
        now = dt.datetime.now(dt.UTC)
        provenance = {
            "demo": p.spec.name,
            "source_path": p.spec.source_path,
            "config": self.config,
            "params": p.spec.params[self.config],
            "seeds": p.spec.seeds[self.config],
            "dataset": _describe_dataset(dataset),
            "dataset_details": dataset,
            "dataset_fingerprint": p.material["dataset"],
            "versions": p.material["versions"],
            "determinism": p.material["determinism"],
            "sources": p.material["sources"],
            "cpu": cpu_model(),
            "cpu_count": os.cpu_count(),
            "gpu": "none",
            "hardware": f"{cpu_model()}, {os.cpu_count()} CPU cores, no GPU",
            "platform": f"{platform.system()} {platform.machine()}",
            "run_seconds": round(float(outcome.seconds), 2),
            "date_utc": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "date": now.strftime("%Y-%m-%d %H:%M UTC"),
            "key": p.key,
        }
        document = {"format": fingerprint.FORMAT, "name": p.spec.name, "key": p.key, "config": self.config,
                    "title": p.spec.title, "description": p.spec.description, "seeds": result["seeds"],
                    "metrics": result["metrics"], "intervals": result["intervals"], "histories": result["histories"],
                    "table": result["table"], "figures": figures, "provenance": provenance}
        self.cache.store(p.spec.name, p.key, document, {k: f["svg"] for k, f in result["figures"].items()})
        forget_failure(self.cache.root, p.spec.name, p.key)
        self.cache.prune(p.spec.name, p.key, self.config)
