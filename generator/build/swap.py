"""Put a freshly built site in place of the old one, and remove the old tree without waiting for it.

A build writes into a staging folder next to the site (``.site.new-PID``) and,
once it has passed the link check, :func:`swap` puts it in place with two
renames: readers and web servers see either the old site or the new one, never
a mix. The old tree (``.site.old-PID``) is then garbage. Deleting it is the
kernel's work, tens of thousands of unlinks (over a second for a 10,000-entry
site), so it is handed to a detached
process and the build returns at once. That process also removes any
``.site.old-*`` tree an earlier removal left behind (a killed process, a
full disk), so none accumulates. If no process can be started, the tree is
removed before returning.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

_REMOVE = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, ignore_errors=True)\n"


def remove_now(path: Path | None) -> None:
    """Remove a folder (a failed build's staging folder, say) before returning."""
    if path is not None and path.exists():
        shutil.rmtree(path, ignore_errors=True)


def swap(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` with two renames; old trees are removed in the background."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    try:
        os.replace(staging, final)
    except OSError:
        if old.exists():
            os.replace(old, final)  # the last site back in its place before the error is told
        raise
    garbage = sorted(final.parent.glob(f".{final.name}.old-*"))
    if garbage:
        remove_later(garbage)


_SPAWNED: list[int] = []  # removal processes started by this process, reaped when they are done


def remove_later(paths: list[Path]) -> None:
    """Remove these folders in a detached process (its own session: it outlives this one)."""
    for pid in list(_SPAWNED):  # a long-lived caller (the tests) should not collect finished children
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                _SPAWNED.remove(pid)
        except ChildProcessError:
            _SPAWNED.remove(pid)
    try:
        argv = [sys.executable, "-c", _REMOVE, *map(str, paths)]
        _SPAWNED.append(os.posix_spawn(sys.executable, argv, dict(os.environ), setsid=True))
    except (AttributeError, OSError, NotImplementedError):  # no posix_spawn, or no process to spare
        for path in paths:
            remove_now(path)
