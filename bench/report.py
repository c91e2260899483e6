"""The results table (plain text or Markdown) and the performance targets, each met or not.

Input: one dict per corpus size, as produced by ``run.bench_size``. Every
figure is a median over that size's runs; every ratio is the median of ratios
taken within the same round (the builds compared run back to back).
"""

from __future__ import annotations

import math

KB, MB = 1024, 1024 * 1024


def _get(res: dict, path: str):
    node = res
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node or node[key] is None:
            return None
        node = node[key]
    return node


def _f(fmt: str, scale: float = 1):
    def show(value):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        return fmt.format(value / scale)
    return show


def _pair(a: str, b: str, fmt: str, scale: float = 1):
    def show(res):
        va, vb = _get(res, a), _get(res, b)
        return "–" if va is None else f"{fmt.format(va / scale)} / {fmt.format(vb / scale) if vb is not None else '–'}"
    return show


def _growth(small: dict, big: dict) -> tuple[float, float | None]:
    """Build time ratio big / small: wall, and CPU when both runs recorded it."""
    cpu = big["build_cpu_s"] / small["build_cpu_s"] if small.get("build_cpu_s") and big.get("build_cpu_s") else None
    return big["build_s"] / small["build_s"], cpu


def _scaling(results: list[dict]):
    by_n = {r["n"]: r for r in results}

    def show(res):
        prev = by_n.get(res["n"] // 10) if res["n"] % 10 == 0 else None
        if not prev or not prev.get("build_s") or not res.get("build_s"):
            return "–"
        wall, cpu = _growth(prev, res)
        return f"{wall:.1f}×" + (f" / {cpu:.1f}×" if cpu else "") + f" (vs {prev['n']:,})"
    return show


def _engine(name: str):
    def show(res):
        e = _get(res, f"engines.{name}")
        if not e:
            return "–"
        ratio = "" if name == "mkdocs" else f"; {e['over_mkdocs']:.2f}× / {e['over_mkdocs_cpu']:.2f}×"
        return f"{e['s']:.1f} / {e['cpu_s']:.1f}{ratio}" + ("" if e.get("verified", True) else " (verify FAILED)")
    return show


def rows(results: list[dict]) -> list[tuple[str, object]]:
    """(label, function of one size's results -> cell text)."""
    v = lambda path, fmt, scale=1: (lambda r: _f(fmt, scale)(_get(r, path)))  # noqa: E731
    return [
        ("runs per figure (median of)", v("runs", "{:.0f}")),
        ("topics / quizzes / generated pages", lambda r: f"{r['topics']} / {r['quizzes']} / {_get(r, 'stage.pages') or '–'}"),
        ("generator stage, in process (entries/s)", v("stage.entries_per_s", "{:,.0f}")),
        ("  of which load+validate / quizzes / render (s)",
         lambda r: " / ".join(_f("{:.2f}")(_get(r, f"stage.{k}")) for k in ("load", "quizzes", "render"))),
        ("cold build, ours (--no-cache --force): wall / CPU (s)", _pair("build_s", "build_cpu_s", "{:.1f}")),
        ("plain mkdocs build, same pages + nav, no plugin: wall / CPU (s)", _pair("plain_s", "plain_cpu_s", "{:.1f}")),
        ("  cold / plain: wall / CPU", _pair("cold_over_plain", "cold_over_plain_cpu", "{:.2f}×")),
        ("warm build, ours (page cache filled, --force): wall / CPU (s)",
         _pair("build_warm_s", "build_warm_cpu_s", "{:.1f}")),
        ("  warm / plain: wall / CPU", _pair("warm_over_plain", "warm_over_plain_cpu", "{:.2f}×")),
        ("  cold build time vs 10× fewer entries: wall / CPU", _scaling(results)),
        ("  peak memory, cold (MB RSS)", v("build_rss_mb", "{:.0f}")),
        ("  site size (MB)", v("site.site_bytes", "{:.1f}", MB)),
        ("  median entry page, raw / gzip (KB)", _pair("site.page_bytes", "site.page_gz_bytes", "{:.1f}", KB)),
        ("  search index, raw / gzip (KB)", _pair("site.index_bytes", "site.index_gz_bytes", "{:,.0f}", KB)),
        ("naive build, every page in nav (s); naive / ours cold", _pair("naive_s", "naive_ratio", "{:.1f}")),
        ("  naive site size (MB); naive / ours", _pair("naive_site.site_mb", "naive_size_ratio", "{:.1f}")),
        ("rebuild, nothing changed (2nd build: up to date) (s)", v("rebuild_same_s", "{:.2f}")),
        ("rebuild, one entry edited (s)", v("rebuild_edit_s", "{:.1f}")),
        ("our preview (generator serve): first page / edit → visible (s)",
         _pair("serve.first_page_s", "serve.latency_s", "{:.2f}")),
        ("plain mkdocs serve (full rebuilds): first page / edit → visible (s)",
         _pair("serve_mkdocs.first_page_s", "serve_mkdocs.latency_s", "{:.1f}")),
        ("export (python -m generator export) (s)", v("export_s", "{:.1f}")),
        ("exported, MkDocs: wall / CPU (s)", _engine("mkdocs")),
        ("exported, ProperDocs: wall / CPU (s); / MkDocs", _engine("properdocs")),
        ("exported, Zensical: wall / CPU (s); / MkDocs", _engine("zensical")),
    ]


def table(results: list[dict], markdown: bool) -> str:
    header = ["entries"] + [f"{r['n']:,}" for r in results]
    body = [[label] + [fn(r) for r in results] for label, fn in rows(results)]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" + "---:|" * len(results)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header] + body) for i in range(len(header))]
    fmt = lambda row: "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row))  # noqa: E731
    return "\n".join([fmt(header), "-" * (sum(widths) + 2 * len(widths))] + [fmt(row) for row in body])


def _at(results: list[dict], n: int) -> dict | None:
    return next((r for r in results if r["n"] == n), None)


def targets(results: list[dict]) -> list[tuple[str, str, str]]:
    """(target, 'met' | 'NOT met' | 'not measured', measured figure); build ratios are judged on CPU time."""
    verdict = lambda ok: "met" if ok else "NOT met"  # noqa: E731

    def each(label: str, key: str, limit: float, fmt: str, smallest: int = 0) -> tuple[str, str, str]:
        got = [(r["n"], _get(r, key)) for r in results if _get(r, key) is not None and r["n"] >= smallest]
        if not got:
            return label, "not measured", "–"
        return label, verdict(all(x <= limit for _, x in got)), ", ".join(f"{fmt.format(x)} at {n:,}" for n, x in got)

    return [
        each("cold build CPU ≤ 1.10× plain mkdocs build (≥ 1,000 entries)", "cold_over_plain_cpu", 1.10, "{:.2f}×", 1000),
        each("warm build CPU ≤ 0.4× plain mkdocs build (≥ 1,000 entries)", "warm_over_plain_cpu", 0.4, "{:.2f}×", 1000),
        each("rebuild with nothing changed ≤ 0.3 s", "rebuild_same_s", 0.3, "{:.2f} s"),
        each("preview edit → visible ≤ 1 s at 10,000 entries", "serve.latency_s", 1.0, "{:.2f} s", 10_000),
    ]


def targets_text(results: list[dict], markdown: bool) -> str:
    items = targets(results)
    if markdown:
        return "\n".join(["| target | result | measured |", "|---|---|---|"] + [f"| {t} | {v} | {m} |" for t, v, m in items])
    width = max(len(t) for t, _, _ in items)
    return "\n".join(f"{t.ljust(width)}  {v:<22}  {m}" for t, v, m in items)
