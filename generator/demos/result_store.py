"""Content-addressed cache of demo results: ``<cache>/<name>/<key>/``.

An entry holds ``result.json`` (metrics, histories, table, figure alt texts,
provenance), ``figures/<figure>.svg`` and ``manifest.json`` with the sha256 of
every other file. Entries are written into a temporary sibling directory,
fsynced, then renamed into place with ``os.replace``: a killed run leaves only
an ignored ``.tmp-*`` directory, never a half-written entry. An entry whose
manifest does not match its files, or whose JSON does not parse, is treated as
missing (stale) and is never served. Old entries of a demo are pruned only
after a new one has been stored.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.demos.fingerprint import sha256_bytes, sha256_file

MANIFEST = "manifest.json"
RESULT = "result.json"


def _write(path: Path, data: bytes) -> str:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return sha256_bytes(data)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DemoCache:
    """Stores and verifies demo results under one root directory."""

    def __init__(self, root: Path):
        self.root = Path(root)

    # -- reading ----------------------------------------------------------------------------------------

    def verify(self, name: str, key: str) -> tuple[dict | None, str]:
        """``(result, "ok")`` for an intact entry, else ``(None, reason)``."""
        entry = self.root / name / key
        if not entry.is_dir():
            return None, "no cached result"
        try:
            manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
            files = manifest.get("files") if isinstance(manifest, dict) else None
            if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
                return None, "the manifest has no table of its files and their digests"
            for rel, digest in files.items():
                if sha256_file(entry / rel) != digest:
                    return None, f"{rel} does not match the manifest"
            if RESULT not in files:
                return None, "the manifest does not list result.json"
            result = json.loads((entry / RESULT).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            return None, f"missing file {Path(exc.filename).name}"
        except (OSError, ValueError) as exc:
            return None, f"unreadable entry ({type(exc).__name__}: {exc})"
        if not isinstance(result, dict) or result.get("key") != key or result.get("name") != name:
            return None, "result.json belongs to another demo or key"
        figures = result.get("figures") or {}
        if not isinstance(figures, dict) or not all(isinstance(f, dict) for f in figures.values()):
            return None, "result.json's figures are not a table of files"
        for figure in figures.values():
            if figure.get("file") not in files:
                return None, f"figure {figure.get('file')} is not in the manifest"
        return result, "ok"

    def load(self, name: str, key: str) -> dict | None:
        """The verified ``result.json`` of an entry with each figure's ``svg`` text added, or None."""
        result, _ = self.verify(name, key)
        if result is None:
            return None
        entry = self.root / name / key
        try:
            for figure in result.get("figures", {}).values():
                figure["svg"] = (entry / figure["file"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return result

    def entries(self, name: str) -> list[Path]:
        folder = self.root / name
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))

    # -- writing ----------------------------------------------------------------------------------------

    def store(self, name: str, key: str, result: dict, svgs: dict[str, str]) -> Path:
        """Write an entry atomically; ``result["figures"][k]["file"]`` names each SVG."""
        parent = self.root / name
        parent.mkdir(parents=True, exist_ok=True)
        self.clean_temporaries(name)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-{os.getpid()}-", dir=parent))
        final = parent / key
        try:
            files: dict[str, str] = {}
            (tmp / "figures").mkdir()
            for figure_key, svg in svgs.items():
                rel = f"figures/{figure_key}.svg"
                files[rel] = _write(tmp / rel, svg.encode("utf-8"))
            files[RESULT] = _write(tmp / RESULT, json.dumps(result, indent=1, allow_nan=False)
                                   .encode("utf-8"))
            _write(tmp / MANIFEST, json.dumps({"files": files}, indent=1, sort_keys=True).encode("utf-8"))
            _fsync_dir(tmp / "figures")
            os.chmod(tmp, 0o755)              # mkdtemp makes it private; entries are ordinary folders
            _fsync_dir(tmp)
            self._move_into_place(tmp, final, name, key)
            _fsync_dir(parent)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        return final

    def _move_into_place(self, tmp: Path, final: Path, name: str, key: str) -> None:
        trash = None
        if final.exists():
            if self.verify(name, key)[0] is not None:
                return                        # an identical key was stored meanwhile; keep it
            trash = final.with_name(f".trash-{key}-{os.getpid()}")
            os.replace(final, trash)
        try:
            os.replace(tmp, final)
        except OSError:
            if self.verify(name, key)[0] is None:   # lost a race to a broken writer: try once more
                raise
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)

    def clean_temporaries(self, name: str) -> None:
        """Remove ``.tmp-*`` / ``.trash-*`` left by processes that no longer run."""
        folder = self.root / name
        if not folder.is_dir():
            return
        for path in folder.iterdir():
            if not path.name.startswith((".tmp-", ".trash-")):
                continue
            try:
                pid = int(path.name.split("-")[2])
            except (IndexError, ValueError):
                pid = -1
            if pid != os.getpid() and (pid < 0 or not _pid_alive(pid)):
                shutil.rmtree(path, ignore_errors=True)

    def prune(self, name: str, keep: str, config: str) -> list[str]:
        """Delete this demo's other entries of the same config (and unreadable ones); the kept key must be
        intact, so the last good result is never removed before a new one exists."""
        if self.verify(name, keep)[0] is None:
            return []
        removed = []
        for entry in self.entries(name):
            if entry.name == keep:
                continue
            try:
                other = json.loads((entry / RESULT).read_text(encoding="utf-8")).get("config")
            except (OSError, ValueError, AttributeError):
                other = None
            if other in (config, None):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry.name)
        return removed

    def latest(self, name: str, config: str) -> dict | None:
        """The most recently stored intact result of a demo for a config (any key), for run-time estimates."""
        best = None
        for entry in self.entries(name):
            result, _ = self.verify(name, entry.name)
            if result and result.get("config") == config:
                if best is None or result["provenance"].get("date_utc", "") > best["provenance"].get("date_utc", ""):
                    best = result
        return best


def _failure_path(root: Path, name: str, key: str) -> Path:
    return root / name / f"failed-{key}.json"


def record_failure(root: Path, name: str, key: str, error: dict) -> None:
    """Remember that the run for ``key`` failed, so ``check`` can report it without rerunning."""
    path = _failure_path(root, name, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}")
    tmp.write_text(json.dumps(error, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def recorded_failure(root: Path, name: str, key: str) -> dict | None:
    try:
        data = json.loads(_failure_path(root, name, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "message" in data else None


def forget_failure(root: Path, name: str, key: str) -> None:
    _failure_path(root, name, key).unlink(missing_ok=True)
