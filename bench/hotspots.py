"""Unprofiled timings of the generator stage's suspected hot spots, each in isolation.

    python bench/hotspots.py --entries 1000      # or --root DIR
    python bench/hotspots.py --what-if           # the stage with the proposed fixes patched in (in memory)

cProfile inflates pure-Python code several times over; this times the same
calls plainly (one pass over every entry) so the report can say how many
seconds each costs at a given size, and what a cheaper equivalent would cost.
It reaches into generator internals on purpose; a spot that no longer exists
is reported as "n/a". ``--what-if`` monkeypatches the proposed fixes into the
imported modules (never into the files) and times ``build_site`` with and
without them, alternating, in CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def spots(root: Path) -> list[tuple[str, float | None]]:
    import yaml
    from generator import render, site, yamlio
    from generator.corpus import load_corpus
    from generator.validation import validate
    from generator.models import Entry

    files = sorted((root / "content").rglob("*.yml"))
    corpus = load_corpus(root)
    items = corpus.entries
    answers = render.AnswerRenderer({}, False, False)
    env = render.answer_env()
    out: list[tuple[str, float | None]] = [("load_corpus total", _time(lambda: load_corpus(root)))]
    docs = [yamlio.load_yaml(f, f.name)[0] for f in files if f.name != "taxonomy.yml"]
    out.append(("  YAML parse with marks (yamlio.load_yaml)", _time(lambda: [yamlio.load_yaml(f, f.name) for f in files])))
    out.append(("  YAML plain yaml.load(CSafeLoader), for comparison",
                _time(lambda: [yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader) for f in files])))
    out.append(("  pydantic validation (validation.validate)", _time(lambda: [validate(Entry, d) for d in docs if d])))
    checks = {
        "corpus.by_id() once per entry (site._entry_page)": lambda: [corpus.by_id() for _ in items],
        "  the same dict built once": lambda: corpus.by_id(),
        "corpus.entries_in_topic() once per entry": lambda: [corpus.entries_in_topic(i.entry.topic) for i in items],
        "answer policy scan (policy.scan) per entry": lambda: [answers.policy_errors(i, i.entry.answer) for i in items],
        "AnswerRenderer.render per entry (demos off)": lambda: [answers.render(i, site.entry_src(i.entry.id)) for i in items],
        "  of which Jinja compile of the answer (env.from_string)": lambda: [env.from_string(i.entry.answer) for i in items],
        "front matter via yaml.safe_dump (site._front_matter)": lambda: [site._front_matter(
            title=i.entry.question, description=i.entry.summary, tags=list(i.entry.tags)) for i in items],
        "  the same as JSON (valid YAML), for comparison": lambda: [json.dumps(
            {"title": i.entry.question, "description": i.entry.summary, "tags": list(i.entry.tags)}) for i in items],
        "relative() links, 25 per entry (posixpath.relpath)": lambda: [render.relative(
            site.entry_src(i.entry.id), "a/b/c/d/index.md") for i in items for _ in range(25)],
    }
    for label, fn in checks.items():
        try:
            out.append((label, _time(fn)))
        except Exception:  # noqa: BLE001 - internals move; report, don't fail
            out.append((label, None))
    try:
        bundle_time = _time(lambda: site.build_site(corpus, {}, site.SiteSettings(), demos_enabled=False))
    except Exception:  # noqa: BLE001
        bundle_time = None
    out.insert(4, ("build_site total (no quizzes)", bundle_time))
    return out


def patch_fixes() -> None:
    """The proposed fixes, applied in memory: cached lookups, no Jinja for Jinja-free answers, JSON front matter."""
    import functools
    import html as _html
    import posixpath
    from generator import corpus as c, render, site

    by_id, topics = {}, {}
    def cached_by_id(self):
        if id(self) not in by_id:
            by_id[id(self)] = {e.entry.id: e for e in self.entries}
        return by_id[id(self)]
    c.Corpus.by_id = cached_by_id

    def entries_in_topic(self, topic_id):
        table = topics.get(id(self))
        if table is None:
            table = topics[id(self)] = {}
            for e in self.entries:
                table.setdefault(e.entry.topic, []).append(e.entry)
            for lst in table.values():
                lst.sort(key=lambda e: (-e.published.toordinal(), e.question.casefold()))
        return list(table.get(topic_id, []))
    c.Corpus.entries_in_topic = entries_in_topic

    original_render = render.AnswerRenderer.render

    def fast_render(self, item, page_src):
        source = item.entry.answer
        if "{{" in source or "{%" in source or "{#" in source:
            return original_render(self, item, page_src)
        violations = self.policy_errors(item, source)
        return ("", violations) if violations else (source, [])
    render.AnswerRenderer.render = fast_render

    def front_matter(**data):
        clean = {k: (_html.escape(" ".join(v.split()), quote=True) if k in ("title", "description") else v)
                 for k, v in data.items() if v not in (None, [], "")}
        return json.dumps(clean, ensure_ascii=False, default=str)  # JSON is YAML: a flow mapping
    site._front_matter = front_matter

    cached = functools.lru_cache(maxsize=None)(lambda target, base: posixpath.relpath(target, base))
    site.relative = lambda page_src, target_src: cached(target_src, posixpath.dirname(page_src) or ".")


def what_if(root: Path, repeat: int = 3) -> None:
    import statistics
    from generator import corpus as c, render, site
    from generator.corpus import load_corpus
    from generator.pipeline import quiz_extras
    originals = (c.Corpus.by_id, c.Corpus.entries_in_topic, render.AnswerRenderer.render, site._front_matter,
                 site.relative)

    def restore():
        c.Corpus.by_id, c.Corpus.entries_in_topic, render.AnswerRenderer.render, site._front_matter, \
            site.relative = originals

    corpus = load_corpus(root)
    extras = quiz_extras(corpus, {}, False)
    times: dict[str, list[float]] = {"as is": [], "with fixes": []}
    pages = {}
    for _ in range(repeat):
        for label in times:
            restore()
            if label == "with fixes":
                patch_fixes()
            start = time.process_time()
            bundle = site.build_site(corpus, {}, site.SiteSettings(), demos_enabled=False, extras=extras)
            times[label].append(time.process_time() - start)
            pages[label] = bundle.pages
    restore()
    body = lambda text: text.split("\n---\n", 1)[-1]  # noqa: E731 - the page without its front matter
    same = sum(body(pages["as is"][k]) == body(pages["with fixes"].get(k, "")) for k in pages["as is"])
    n = len(corpus.entries)
    for label, ts in times.items():
        med = statistics.median(ts)
        print(f"  build_site {label:<11} {med:7.2f} CPU s  ({n / med:,.0f} entries/s, median of {repeat})")
    print(f"  page bodies identical with fixes: {same} of {len(pages['as is'])} (front matter is JSON, by design)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--entries", type=int, default=1000)
    p.add_argument("--root")
    p.add_argument("--what-if", action="store_true", help="time build_site with the proposed fixes patched in")
    p.add_argument("--repeat", type=int, default=3, help="runs of each variant for --what-if (default 3)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-hotspots-") as tmp:
        root = Path(args.root) if args.root else Path(tmp)
        if not args.root:
            from corpus_gen import make_project
            make_project(root, args.entries)
        if args.what_if:
            print(f"Generator stage render (build_site), as is vs with the proposed fixes, {root}:")
            what_if(root, args.repeat)
            return
        results = spots(root)
    n = args.entries if not args.root else "?"
    print(f"Generator stage hot spots, {n} entries (seconds, one pass, no profiler):")
    for label, seconds in results:
        print(f"  {label:<62} {'n/a' if seconds is None else f'{seconds:8.3f}'}")


if __name__ == "__main__":
    main()
