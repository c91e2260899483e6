"""Unprofiled timings of the generator stage's suspected hot spots, each in isolation.

    python bench/hotspots.py --entries 1000      # or --root DIR

cProfile inflates pure-Python code several times over; this times the same
calls plainly (one pass over every entry) so the report can say how many
seconds each costs at a given size, and what a cheaper equivalent would cost.
It reaches into generator internals on purpose; a spot that no longer exists
is reported as "n/a".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _time(fn) -> float:
    """CPU seconds of one call (less disturbed than wall time by other work on the machine)."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def spots(root: Path) -> list[tuple[str, float | None]]:
    import yaml

    from generator.content import yamlmarks
    from generator.content.corpus import load_corpus
    from generator.content.entry_models import Entry
    from generator.content.validation import validate
    from generator.pages import bundle, links, site
    from generator.pages import templating as render

    files = sorted((root / "content").rglob("*.yml"))
    corpus = load_corpus(root)
    items = corpus.entries
    answers = render.AnswerRenderer({}, False, False)
    env = answers.env  # the answers' sandbox
    from generator.content import files as entry_files
    out: list[tuple[str, float | None]] = [  # without the in-process memo of loaded files, as a new build
        ("load_corpus total", _time(lambda: (entry_files._LOADED.clear(), load_corpus(root))))]
    docs = [yamlmarks.load_yaml(f, f.name)[0] for f in files if f.name != "taxonomy.yml"]
    out.append(("  YAML parse with marks (yamlmarks.load_yaml)",
                _time(lambda: [yamlmarks.load_yaml(f, f.name) for f in files])))
    out.append(("  YAML plain yaml.load(CSafeLoader), for comparison",
                _time(lambda: [yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader) for f in files])))
    out.append(("  pydantic validation (validation.validate)", _time(lambda: [validate(Entry, d) for d in docs if d])))
    front = bundle.front_matter
    checks = {
        "answer policy scan (policy.scan) per entry": lambda: [answers.policy_errors(i, i.entry.answer) for i in items],
        "AnswerRenderer.render per entry (demos off)": lambda: [answers.render(i, bundle.entry_src(i.entry.id)) for i in items],
        "  Jinja compile of every answer (env.checked_template), for comparison": lambda: [
            env.checked_template(i.entry.answer) for i in items],
        "front matter (bundle.front_matter) per entry": lambda: [front(
            title=i.entry.question, description=i.entry.summary, tags=list(i.entry.tags)) for i in items],
        "  yaml.safe_dump of the same, for comparison": lambda: [yaml.safe_dump(
            {"title": i.entry.question, "description": i.entry.summary, "tags": list(i.entry.tags)}) for i in items],
        "relative() links, 25 per entry": lambda: [links.relative(
            bundle.entry_src(i.entry.id), "a/b/c/d/index.md") for i in items for _ in range(25)],
    }
    for label, fn in checks.items():
        try:
            out.append((label, _time(fn)))
        except Exception:  # noqa: BLE001 - internals move; report, don't fail
            out.append((label, None))
    try:
        bundle_time = _time(lambda: site.build_site(corpus, {}, bundle.SiteSettings(), demos_enabled=False))
    except Exception:  # noqa: BLE001
        bundle_time = None
    out.insert(4, ("build_site total (no quizzes)", bundle_time))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--entries", type=int, default=1000)
    p.add_argument("--root")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-hotspots-") as tmp:
        root = Path(args.root) if args.root else Path(tmp)
        if not args.root:
            from corpus_gen import make_project
            make_project(root, args.entries)
        results = spots(root)
    n = args.entries if not args.root else "?"
    print(f"Generator stage hot spots, {n} entries (CPU seconds, one pass, no profiler):")
    for label, seconds in results:
        print(f"  {label:<62} {'n/a' if seconds is None else f'{seconds:8.3f}'}")


if __name__ == "__main__":
    main()
