"""Build-time TensorFlow demos: registry, freshness, cache, worker processes, and a small API.

    from generator.demos import DemoSuite
    suite = DemoSuite(project_root)          # config: $KB_DEMO_CONFIG or "full"
    results = suite.ensure()                 # runs stale demos in subprocesses, returns all results
    results["lr_sweep"].metrics["best"]["learning_rate"]

Importing this package never imports TensorFlow, scikit-learn or matplotlib:
demos are read with ``ast`` and run in worker subprocesses (:mod:`.worker`).
Modules: :mod:`.registry` (find demos), :mod:`.fingerprint` (cache keys),
:mod:`.result_store` (atomic, verified entries), :mod:`.runner` (worker pool, time
limits), :mod:`.report` (failures as ContentError), :mod:`.suite` (the API),
:mod:`.demos_command` (``python -m generator demos``).
"""

from generator.demos.demos_command import cli_main
from generator.demos.suite import DemoResult, DemosFailed, DemoStatus, DemoSuite

__all__ = ["DemoSuite", "DemoResult", "DemoStatus", "DemosFailed", "cli_main"]
