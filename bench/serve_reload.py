"""Edit → visible latency through a live-reload server.

Starts ``python -m generator serve`` (our preview: dirty rebuilds of changed
pages) or plain ``python -m mkdocs serve`` (a full rebuild per change, with our
plugin's caches) in the project (demos off), waits for the first build, then repeatedly writes a new marker string
into one entry file and polls that entry's URL until the marker shows up.
The server is stopped by its process id at the end, whatever happens.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from builds import edit_entry
from measure import PY, child_env

POLL = 0.05


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(url: str, needle: str | None, proc: subprocess.Popen, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        body = _get(url)
        if body is not None and (needle is None or needle in body):
            return time.perf_counter() - start
        time.sleep(POLL)
    raise TimeoutError(f"{url} did not show {needle!r} within {timeout:.0f} s")


SERVERS = {"ours": ["-m", "generator", "serve", "--dev-addr"], "mkdocs": ["-m", "mkdocs", "serve", "-a"]}


def reload_latency(root: Path, entry_id: str, entry_file: Path, repeat: int, timeout: float = 600,
                   server: str = "ours") -> dict:
    """Seconds to first page, and a list of edit → visible latencies."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/questions/{entry_id}/"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([PY, *SERVERS[server], f"127.0.0.1:{port}"], cwd=root,
                                env=child_env(), stdout=log, stderr=subprocess.STDOUT)
        try:
            first = _wait_for(url, None, proc, timeout)
            latencies = []
            for i in range(repeat):
                time.sleep(1.0)  # let the watcher settle after the previous build
                marker = f"BENCH-MARKER-{time.time_ns()}-{i}"
                edit_entry(entry_file, marker)
                latencies.append(_wait_for(url, marker, proc, timeout))
            return {"first_page_s": first, "latencies_s": latencies}
        except (RuntimeError, TimeoutError) as exc:
            log.seek(0)
            raise RuntimeError(f"{exc}\n{log.read().decode('utf-8', 'replace')[-3000:]}") from None
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
