"""Measuring helpers: timed child processes with peak memory, medians, site sizes, machine info.

``run(cmd)`` times one child process and reads its peak resident memory from
``os.wait4`` (the child's own RUSAGE_CHILDREN-style figure, including its
descendants, not the running maximum over every child the benchmark ever
started), plus its CPU time (user + system), which varies less than wall time
when other work shares the machine. Children get ``KB_DEMO_CONFIG=off`` and
``NO_MKDOCS_2_WARNING=1``.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator.demos.suite import cpu_model  # the same line the demos' provenance records

PY = sys.executable
REPO = Path(__file__).resolve().parent.parent


class CommandFailed(RuntimeError):
    pass


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    output: str
    cpu_s: float = 0.0  # user + system CPU time of the child and its descendants
    returncode: int = 0


def child_env(demos: str | None = "off") -> dict[str, str]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONUNBUFFERED="1", NO_MKDOCS_2_WARNING="1")
    if demos:
        env["KB_DEMO_CONFIG"] = demos
    return env


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None, check: bool = True) -> Run:
    """Run ``cmd`` to completion; wall time and peak RSS of the child (and its children)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or child_env(), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if check and proc.returncode != 0:
        raise CommandFailed(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{text[-4000:]}")
    # Linux: ru_maxrss in KiB
    return Run(seconds, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime, proc.returncode)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def gz_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def site_figures(site: Path) -> dict[str, float]:
    """Site size, median entry page (raw and gzip), search index (raw and gzip), in bytes."""
    pages = sorted((site / "questions").glob("*/index.html"))
    raw = [p.stat().st_size for p in pages]
    gz = [gz_size(p.read_bytes()) for p in pages[:: max(1, len(pages) // 200)]]  # gzip a sample of ≤ ~200 pages
    index = site / "search" / "search_index.json"
    data = index.read_bytes() if index.exists() else b""
    small = summary_only_index(data) if data else b""
    return {"site_bytes": tree_size(site), "page_bytes": median(raw), "page_gz_bytes": median(gz),
            "index_bytes": len(data), "index_gz_bytes": gz_size(data) if data else 0, "pages": len(pages),
            "index_summary_gz_bytes": gz_size(small) if small else 0}


def summary_only_index(data: bytes) -> bytes:
    """The index as ``search_full_answers: false`` writes it (what ``auto`` gives above 1,500 entries),
    derived from a full one: per entry page, the page record without text and the title's record with
    only the "In short" summary; its other records dropped. A compact index comes back unchanged."""
    index = json.loads(data)
    docs, seen = [], set()
    for doc in index.get("docs", []):
        page, _, anchor = doc.get("location", "").partition("#")
        if not page.startswith("questions/"):
            docs.append(doc)
        elif not anchor:
            docs.append(dict(doc, text=""))
        elif page not in seen:
            seen.add(page)
            text = doc.get("text", "")
            start = text.find("<p>In short</p>")
            end = text.find("</p>", start + len("<p>In short</p>"))
            docs.append(dict(doc, text=text[start:end + 4] if 0 <= start < end else text))
    return json.dumps({**index, "docs": docs}, separators=(",", ":")).encode("utf-8")


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(module)
    except PackageNotFoundError:
        return "not installed"


def machine() -> str:
    import yaml
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"CPU: {cpu_model()}, {os.cpu_count()} cores (load avg {load:.2f} at start); "
            f"Python {platform.python_version()} ({platform.python_implementation()}); "
            f"MkDocs {_version('mkdocs')}, Material {_version('mkdocs-material')}, "
            f"ProperDocs {_version('properdocs')}, Zensical {_version('zensical')}, "
            f"PyYAML {_version('PyYAML')} (libyaml: {'yes' if yaml.__with_libyaml__ else 'no'}), "
            f"Jinja2 {_version('Jinja2')}, pydantic {_version('pydantic')}")
