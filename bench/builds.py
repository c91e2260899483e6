"""The builds being compared: our CLI build, plain ``mkdocs build`` of the same pages, the engines.

* ``cli_build``: ``python -m generator --root DIR build --demos off`` (the real thing), cold
  (``--no-cache``) or warm (page cache filled by an earlier build).
* ``export``: ``python -m generator --root DIR export OUT --demos off`` (a self-contained project:
  OUT/mkdocs.yml, OUT/docs/, OUT/nav.json, ...). Then ``write_config`` writes a plugin-free
  ``mkdocs.yml`` over OUT/docs with the project's theme, Markdown extensions and search, and either
  - ``naive=False``: the taxonomy-only nav from OUT/nav.json, entries and tag
    pages ``not_in_nav`` (what our plugin produces: the difference is our overhead), or
  - ``naive=True``: every page in the nav, each entry under its topic, no pruning.
* ``engine_build``: the exported project itself, built from inside OUT by MkDocs, ProperDocs or Zensical.
* ``edit_entry``: change one entry's answer so a rebuild has something to do.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from measure import PY, REPO, Run, run


def cli_build(root: Path, *flags: str) -> Run:
    """Our build; flags e.g. ``--no-cache`` (cold: nothing reused) or ``--force`` (build even if unchanged)."""
    return run([PY, "-m", "generator", "--root", str(root), "build", "--demos", "off", *flags], cwd=root)


def export(root: Path, out: Path) -> Run:
    if out.exists():
        shutil.rmtree(out)
    return run([PY, "-m", "generator", "--root", str(root), "export", str(out), "--demos", "off"], cwd=root)


def mkdocs_build(config: Path) -> Run:
    return run([PY, "-m", "mkdocs", "build", "-q", "-f", str(config)], cwd=config.parent)


ENGINES = {  # each run from inside the exported project, so Python finds kb_markdown.py
    "mkdocs": lambda site: [PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
    "properdocs": lambda site: [PY, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict", "-q", "-d", str(site)],
    "zensical": lambda site: [PY, "-m", "zensical", "build", "--clean"],  # always writes OUT/site (and OUT/.cache)
}


def engine_build(engine: str, out: Path, site: Path) -> tuple[Run, Path]:
    """A cold build of the exported project ``out``; returns the run and the folder the site is in."""
    if engine == "zensical":
        site = out / "site"
        shutil.rmtree(out / ".cache", ignore_errors=True)  # cold, like the others
    shutil.rmtree(site, ignore_errors=True)
    return run(ENGINES[engine](site), cwd=out), site


def _naive_nav(nav: list, topic_entries: dict[str, list[str]]) -> list:
    """The taxonomy nav with every topic's entries listed under it (no pruning)."""
    def walk(item):
        if isinstance(item, list):
            return [walk(i) for i in item]
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, str) and item in topic_entries:
            return [item] + [f"questions/{e}.md" for e in topic_entries[item]]
        return item
    return walk(nav)


def write_config(root: Path, out: Path, site_dir: Path, *, naive: bool, manifest) -> Path:
    """A plugin-free mkdocs.yml building the exported pages in ``out``; returns its path."""
    project = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    own_nav = [item for item in (project.get("nav") or [])]
    nav = json.loads((out / "nav.json").read_text(encoding="utf-8"))
    docs = out / "docs"
    assets = sorted(p.relative_to(docs).as_posix() for p in (docs / "assets").rglob("*") if p.is_file())
    config = {
        "site_name": project.get("site_name", "Knowledge Base"),
        "docs_dir": str(docs), "site_dir": str(site_dir), "use_directory_urls": True,
        "theme": project.get("theme", {"name": "material"}),
        "markdown_extensions": project.get("markdown_extensions", []),
        "plugins": ["search"],
        "extra_css": [a for a in assets if a.endswith(".css")],
        "extra_javascript": [a for a in assets if a.endswith(".js")],
    }
    if project.get("validation"):
        config["validation"] = project["validation"]
    if naive:  # the naive site: no pruning, every page carries the whole nav
        theme = dict(config["theme"])
        theme["features"] = [f for f in theme.get("features", []) if f != "navigation.prune"]
        config["theme"] = theme
        by_topic: dict[str, list[str]] = {}
        for entry_id, topic in sorted(manifest.entry_topic.items()):
            by_topic.setdefault(manifest.topic_index[topic], []).append(entry_id)
        tags = sorted(p.relative_to(docs).as_posix() for p in (docs / "tags").glob("*.md") if p.name != "index.md")
        nav = [i for i in _naive_nav(nav, by_topic) if i != {"Tags": "tags/index.md"}]
        config["nav"] = nav + [{"Tags": ["tags/index.md"] + tags}] + own_nav
    else:
        config["nav"] = nav + own_nav
        config["not_in_nav"] = "questions/*.md\ntags/*.md\n"
    path = root / ("mkdocs-naive.yml" if naive else "mkdocs-plain.yml")
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def edit_entry(path: Path, marker: str) -> None:
    """Put ``marker`` at the top of the entry's answer (replacing an earlier marker line)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("answer: |")) + 1
    if lines[at].startswith("  BENCH-MARKER-"):
        lines[at] = f"  {marker}\n"
    else:
        lines[at:at] = [f"  {marker}\n", "\n"]
    path.write_text("".join(lines), encoding="utf-8")
