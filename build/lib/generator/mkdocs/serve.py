"""``python -m generator serve``: MkDocs' live preview, with its address said once and a busy port in one line.

The preview itself (dirty rebuilds of changed pages only, errors shown in the browser over the last
good pages) is :mod:`generator.mkdocs.preview`, driven by the plugin.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import sys
from pathlib import Path

from generator.mkdocs.config import mkdocs_logging


def serve_preview(root: Path, dev_addr: str, demos: str | None) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException
    host, _, port = dev_addr.rpartition(":")
    busy = port_problem(host or "127.0.0.1", port)
    if busy:
        print(f"error: {busy}", file=sys.stderr)
        return 1
    if demos:
        os.environ["KB_DEMO_CONFIG"] = demos  # (the plugin is made anew by every rebuild: an option would not last)
    serve_logging()
    try:
        serve(str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True, build_type="dirty")
    except MkDocsException as exc:
        failure = getattr(exc, "failure", None)
        print(failure.report() if failure else f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the port was taken between the check and the start
        print(f"error: cannot serve on {dev_addr}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def port_problem(host: str, port: str) -> str | None:
    """Why the preview cannot listen on host:port, said before a first build is spent on it."""
    import socket

    if not port.isdigit():
        return f"--dev-addr must be HOST:PORT, such as 127.0.0.1:8000 (not {host}:{port})"
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host.strip("[]"), int(port)))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return (f"port {port} on {host} is in use (hint: stop the other server, or choose another port: "
                    f"make serve PORT={int(port) + 1}, or serve --dev-addr {host}:{int(port) + 1})")
        return f"cannot serve on {host}:{port}: {exc.strerror or exc}"
    return None


def serve_logging() -> None:
    """The preview's terminal: its address once, warnings and errors, and not MkDocs' notice that a dirty
    rebuild may show stale navigation (the preview decides what to rebuild, so it does not)."""
    mkdocs_logging()
    shown = ("Serving on ", "Detected file changes", "Reloading browsers")

    def keep(record: logging.LogRecord) -> bool:
        message = re.sub(r"^\[\d\d:\d\d:\d\d\] ", "", record.getMessage())  # (the server's time stamp)
        if record.levelno >= logging.WARNING:
            return not message.startswith("A 'dirty' build is being performed")
        return message.startswith(shown)

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    for handler in logger.handlers:
        if getattr(handler, "_kb", False):
            handler.addFilter(keep)
