"""Turn a failed demo run into a :class:`ContentError` that points into the demo's source.

An exception is reported at the line of the innermost traceback frame in the
demo's own file (``training_demos/<name>.py``), with its type and message; when
it was raised deeper in a project helper, that place is named too. Timeouts,
crashed workers and invalid results point at ``def run``. Every message ends
with a hint to run the demo alone, which prints the full traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.demos.registry import DemoSpec
from generator.demos.runner import Outcome
from generator.errors import ContentError

MAX_MESSAGE = 300


def rerun_hint(name: str, purpose: str = "to see the full traceback") -> str:
    return f"run `python -m generator demos --only {name}` {purpose}"


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _project_frames(frames: list, project_root: Path) -> list[tuple[str, int]]:
    """``(relative path, line)`` of the traceback frames inside the project, outermost first."""
    root = os.path.realpath(project_root)
    out = []
    for filename, line, _ in frames:
        real = os.path.realpath(filename)
        if real.startswith(root + os.sep) and "site-packages" not in real:
            out.append((Path(os.path.relpath(real, root)).as_posix(), int(line)))
    return out


def outcome_error(spec: DemoSpec, outcome: Outcome, project_root: Path) -> ContentError:
    """The author-facing error for a demo that did not produce a result."""
    name, msg = spec.name, outcome.message
    if outcome.kind == "error":
        frames = _project_frames(msg.get("frames", []), project_root)
        own = [line for path, line in frames if path == spec.source_path]
        line = own[-1] if own else spec.run_line
        seed = f" on seed {msg['seed']}" if msg.get("seed") is not None else ""
        text = f"demo '{name}' failed{seed}: {msg.get('exc_type')}: {_short(msg.get('message', ''))}"
        if frames and frames[-1][0] != spec.source_path:
            text += f" (raised at {frames[-1][0]}:{frames[-1][1]})"
        return ContentError(spec.source_path, line, None, text, rerun_hint(name))
    if outcome.kind == "timeout":
        text = f"demo '{name}' took longer than {msg['limit']:g} s and was stopped"
        if outcome.last_progress:
            text += f" (last progress: {outcome.last_progress})"
        return ContentError(spec.source_path, spec.run_line, None, text,
                            "make it faster, or raise demo_timeout in mkdocs.yml (or 'demos --timeout'); "
                            + rerun_hint(name, "to watch its progress"))
    if outcome.kind == "invalid":
        return ContentError(spec.source_path, spec.run_line, None,
                            f"demo '{name}' returned an invalid result: {_short(msg.get('message', ''))}",
                            "run() returns one seed's {'metrics': {...}, 'histories': {...}}; summarize() returns "
                            "{'table': {'columns': [...], 'rows': [...]}, 'figures': {key: {'svg', 'alt', 'caption'}}}"
                            "; see training_demos/_template.py")
    if outcome.kind == "crash":
        tail = next((line for line in reversed(outcome.output) if line.strip()), "")
        text = f"demo '{name}' crashed its worker process (exit status {msg.get('status')})"
        if tail:
            text += f"; last output: {_short(tail)}"
        return ContentError(spec.source_path, spec.run_line, None, text, rerun_hint(name, "to see its output"))
    return ContentError(spec.source_path, spec.run_line, None,
                        f"demo '{name}' could not run: {_short(msg.get('reason', outcome.kind))}",
                        "check that TensorFlow imports: python -c 'import tensorflow'")


def details(outcome: Outcome) -> str:
    """The full story of a failure for the terminal: traceback (or reason) and the demo's output."""
    parts = []
    if outcome.kind == "error":
        parts.append(outcome.message.get("traceback", "").rstrip())
    elif outcome.kind == "timeout":
        parts.append(f"stopped after {outcome.seconds:.1f} s; last progress: {outcome.last_progress or 'none'}")
    elif outcome.kind == "invalid":
        parts.append(f"invalid result: {outcome.message.get('message')}")
    else:
        parts.append(f"{outcome.kind}: {outcome.message}")
    if outcome.output:
        parts.append("output of the worker while it ran the demo (last lines):\n" + "\n".join(outcome.output[-60:]))
    return "\n".join(parts)
