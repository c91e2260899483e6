"""``export FORMAT [--quiz ID ...] [--out PATH]``: the question bank written atomically in one format."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from generator.errors import BuildFailed

DEFAULT_OUT = {"handout": "handouts"}


def export_bank_main(root: Path, fmt: str, quiz_ids: list[str], out: str | None, demos: str | None) -> int:
    """Write the chosen quizzes as ``fmt``; problems are one line each and exit status 1, nothing half-written."""
    from generator.build.swap import swap
    from generator.exports.bank import load_bank
    from generator.exports.handout import write_handouts

    target = Path(out or DEFAULT_OUT[fmt]).resolve()
    if target.exists() and not target.is_dir():
        return _fail(f"{out} is a file, and a {fmt} export is a folder", "choose a folder for --out")
    try:
        bank = load_bank(root, quiz_ids, demos)
    except BuildFailed as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    staging = target.with_name(f".{target.name}.new-{os.getpid()}")
    try:
        staging.mkdir(parents=True)
        written = write_handouts(bank, staging)
        swap(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        return _fail(f"cannot write {out or DEFAULT_OUT[fmt]}: {exc.strerror or exc}", "choose a folder you can write to")
    print(f"{len(bank)} quiz{'zes' if len(bank) != 1 else ''} written to {target} "
          f"({', '.join(p.name for p in written)})")
    return 0


def _fail(message: str, hint: str) -> int:
    print(f"error: {message} (hint: {hint})", file=sys.stderr)
    return 1
