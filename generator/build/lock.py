"""One build of a site folder at a time: an exclusive lock next to it, released when the build ends or dies.

The lock is ``fcntl.flock`` on ``.SITE.lock`` beside the site folder: the
kernel drops it with the process, so a killed build never leaves a stale lock.
A second build of the same folder does not wait: it says which process holds
the lock and stops.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BuildFailed, ContentError


class SiteBusy(BuildFailed):
    """Another process is building the same site folder."""


@contextmanager
def site_lock(final: Path):
    """Hold the build lock of ``final`` for the ``with`` block, or raise :class:`SiteBusy` at once."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: builds are not serialised
        yield
        return
    path = final.with_name(f".{final.name}.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise SiteBusy([ContentError(
                final.name + "/", None, None,
                "another build of this folder is running" + (f" (process {holder})" if holder.isdigit() else ""),
                "wait for it to finish, or stop it; builds of one site folder run one at a time")]) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock
