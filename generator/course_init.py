"""``kbgen init DIR``: a new course of one's own, with one entry, one quiz and one demo that build as made.

The course is :data:`TEMPLATE` (mkdocs.yml, a Makefile, a README, a taxonomy of one topic, an entry,
a quiz, the authoring guide) plus ``training_demos/``: the demo helpers of this generator, the
template demo, and a working demo ``two_rates`` made from it. ``requirements.txt`` installs this
generator from where it is installed now; ``constraints.txt`` comes along when the generator's own
project has one, so the course installs the same versions.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from generator.content.schemas import write_schemas

TEMPLATE = Path(__file__).parent / "course_template"
DISTRIBUTION = "lr-knowledge-base"
DEMO_FILES = ("__init__.py", "datasets.py", "training.py", "results.py", "plotting.py", "labels.py", "_template.py")


def _generator_source() -> Path | None:
    """The folder this generator is installed from, when it is a local project (pip install -e / a path)."""
    for dist in metadata.distributions(name=DISTRIBUTION):  # (a source tree's own .egg-info has no direct_url)
        url = json.loads(dist.read_text("direct_url.json") or "{}").get("url", "")
        if url.startswith("file://"):
            return Path(url[len("file://"):])
    return None


def _default_author() -> str | None:
    try:
        done = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def init_course(target: Path, title: str, author: str) -> list[Path]:
    """Write a new course into ``target`` (new or empty); returns the files written."""
    fill = {"@TITLE@": title.replace('"', "'").replace("\\", "/"), "@AUTHOR@": author.replace('"', "'").replace("\\", "/"),
            "@DATE@": dt.date.today().isoformat()}
    written: list[Path] = []
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(TEMPLATE)
        dest = target / (".gitignore" if rel.as_posix() == "gitignore" else rel)
        text = source.read_text(encoding="utf-8")
        for token, value in fill.items():
            text = text.replace(token, value)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        written.append(dest)
    demos = Path(__import__("training_demos").__file__).parent
    (target / "training_demos").mkdir(exist_ok=True)
    for name in DEMO_FILES:
        written.append(Path(shutil.copy2(demos / name, target / "training_demos" / name)))
    two_rates = (demos / "_template.py").read_text(encoding="utf-8").replace('"name": "template"', '"name": "two_rates"')
    (target / "training_demos/two_rates.py").write_text(two_rates, encoding="utf-8")
    written.append(target / "training_demos/two_rates.py")
    source = _generator_source()
    requirement = f"{DISTRIBUTION} @ {source.as_uri()}" if source else DISTRIBUTION
    lines = ["# The generator this course is built with (see README.md to install it from elsewhere).", requirement]
    if source and (source / "constraints.txt").is_file():
        shutil.copy2(source / "constraints.txt", target / "constraints.txt")
        written.append(target / "constraints.txt")
        lines.insert(1, "-c constraints.txt")
    (target / "requirements.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    written.append(target / "requirements.txt")
    written += write_schemas(target)
    return written


def init_main(args) -> int:
    target = Path(args.dir).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"error: {args.dir} is not an empty folder (hint: choose a new or empty folder)", file=sys.stderr)
        return 1
    author = args.author or _default_author()
    if not author:
        print("error: init needs the sample entry's author (hint: pass --author \"Your Name\")", file=sys.stderr)
        return 1
    staging = target.with_name(f".{target.name}.init-{os.getpid()}")  # a course appears whole or not at all
    try:
        written = init_course(staging, args.title, author)
        os.replace(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: cannot write {exc.filename or args.dir}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Created a course of {len(written)} files in {target}.\nNext: cd {args.dir} && make site "
          "(or make serve to preview); the README there says what is where.", file=sys.stderr)
    return 0
