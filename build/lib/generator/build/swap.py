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

A build that was killed leaves its staging folder, and a kill between the two
renames leaves no site at all: :func:`recover`, called at the start of every
build while it holds the folder's lock, puts the last site back and removes
what earlier builds left.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

_REMOVE = ("import os, shutil, sys\nfor path in sys.argv[1:]:\n"
           "    if os.path.isdir(path) and not os.path.islink(path):\n        shutil.rmtree(path, ignore_errors=True)\n"
           "    elif os.path.lexists(path):\n        os.unlink(path)\n")


def remove_now(path: Path | None) -> None:
    """Remove a folder (a failed build's staging folder, say), or a file, before returning."""
    if path is None or not os.path.lexists(path):
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink()


def recover(final: Path) -> str | None:
    """Undo what killed builds of ``final`` left; what was done, to tell the user, or None.

    Call it only while holding the folder's build lock: then no staging folder belongs to a live build."""
    old = sorted(final.parent.glob(f".{final.name}.old-*"), key=lambda p: p.lstat().st_mtime)
    told = None
    if old and not os.path.lexists(final):
        os.replace(old.pop(), final)  # the last complete site, renamed away just before a build was stopped
        told = f"{final.name}/ was missing after an interrupted build: the last complete site was put back"
    garbage = old + sorted(final.parent.glob(f".{final.name}.new-*"))
    if garbage:
        remove_later(garbage)
    return told


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
