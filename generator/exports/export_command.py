"""``export FORMAT [--quiz ID ...] [--out PATH]``: the question bank written atomically in one format."""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import sys
from pathlib import Path

from generator.errors import BuildFailed, note
from generator.exports import FORMATS


def export_bank_main(root: Path, fmt: str, quiz_ids: list[str], out: str | None, demos: str | None) -> int:
    """Write the chosen quizzes as ``fmt``; problems are one line each and exit status 1, nothing half-written."""
    from generator.build.swap import swap
    from generator.exports.bank import load_bank

    default, is_folder = FORMATS[fmt]
    shown = out or default
    target = Path(shown).resolve()
    if is_folder and target.exists() and not target.is_dir():
        return _fail(f"{shown} is a file, and a {fmt} export is a folder", "choose a folder for --out")
    if not is_folder and target.is_dir():
        return _fail(f"{shown} is a folder, and a {fmt} export is one file", f"choose a file name such as {default}")
    place = next((p for p in (target.parent, *target.parent.parents) if p.exists()), None)
    if place is None or not place.is_dir() or not os.access(place, os.W_OK):
        return _fail(f"cannot write {shown}: {place} is not a folder you can write to", "choose another --out")
    try:
        bank = load_bank(root, quiz_ids, demos)
    except BuildFailed as failure:
        return failure.told()
    exporter = importlib.import_module(f"generator.exports.{fmt}")
    staging = target.with_name(f".{target.name}.new-{os.getpid()}")
    done = False
    try:
        if is_folder:
            staging.mkdir(parents=True)
        else:
            staging.parent.mkdir(parents=True, exist_ok=True)
        written = exporter.write(bank, staging)
        if is_folder:
            swap(staging, target)
        else:
            os.replace(staging, target)
        done = True
    except OSError as exc:
        return _fail(f"cannot write {shown}: {exc.strerror or exc}", f"choose a {'folder' if is_folder else 'file'} "
                     "you can write to")
    finally:
        if not done:  # whatever stopped the export, the last one stays and no staging copy is left
            with contextlib.suppress(OSError):
                shutil.rmtree(staging) if staging.is_dir() else staging.unlink(missing_ok=True)
    names = ", ".join(p.name for p in written) if is_folder else target.name
    print(f"{len(bank)} quiz{'zes' if len(bank) != 1 else ''} written to {target if is_folder else target.parent}"
          f" ({names})")
    for line in getattr(exporter, "notes", lambda bank: [])(bank):  # (a handout loses nothing)
        note(line)
    return 0


def _fail(message: str, hint: str) -> int:
    print(f"error: {message} (hint: {hint})", file=sys.stderr)
    return 1
