"""The results table (plain text or Markdown) and the issue #6 targets, each met or not.

Input: one dict per corpus size, as produced by ``run.bench_size``. Every
figure is a median over that size's runs; every ratio is the median of ratios
taken within the same round (ours vs plain vs naive built back to back).
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


def rows(results: list[dict]) -> list[tuple[str, object]]:
    """(label, function of one size's results -> cell text)."""
    v = lambda path, fmt, scale=1: (lambda r: _f(fmt, scale)(_get(r, path)))  # noqa: E731
    return [
        ("runs per figure (median of)", v("runs", "{:.0f}")),
        ("topics / quizzes / generated pages", lambda r: f"{r['topics']} / {r['quizzes']} / {_get(r, 'stage.c.pages') or '–'}"),
        ("generator stage, libyaml, cold (entries/s)", v("stage.c.entries_per_s", "{:,.0f}")),
        ("  of which load+validate / render (s)", _pair("stage.c.load", "stage.c.render", "{:.2f}")),
        ("  serial (no render workers) / with them: time", v("stage.serial_over_parallel", "{:.2f}×")),
        ("generator stage, warm caches, new process (entries/s)", v("stage.c_warm.entries_per_s", "{:,.0f}")),
        ("  of which load / render (s)", _pair("stage.c_warm.load", "stage.c_warm.render", "{:.2f}")),
        ("generator stage, pure-Python YAML (entries/s)", v("stage.py.entries_per_s", "{:,.0f}")),
        ("  pure-Python / libyaml time: whole stage, load only", _pair("stage.py_over_c", "stage.py_over_c_load", "{:.2f}×")),
        ("full build, our CLI, cold (--no-cache): wall / CPU (s)", _pair("build_s", "build_cpu_s", "{:.1f}")),
        ("full build, our CLI, warm caches (s); / plain mkdocs", _pair("build_warm_s", "warm_over_plain", "{:.2f}")),
        ("  build time vs 10× fewer entries: wall / CPU", _scaling(results)),
        ("  peak memory (MB RSS)", v("build_rss_mb", "{:.0f}")),
        ("  site size (MB)", v("site.site_bytes", "{:.1f}", MB)),
        ("  median entry page, raw / gzip (KB)", _pair("site.page_bytes", "site.page_gz_bytes", "{:.1f}", KB)),
        ("  search index, raw / gzip (KB)", _pair("site.index_bytes", "site.index_gz_bytes", "{:,.0f}", KB)),
        ("  search index gzip, compact form: question, summary, tags (KB)", v("site.index_summary_gz_bytes", "{:,.0f}", KB)),
        ("plain mkdocs build, same pages + taxonomy nav, no plugin: wall / CPU (s)", _pair("plain_s", "plain_cpu_s", "{:.1f}")),
        ("  our overhead (ours / plain − 1): wall / CPU", _pair("overhead", "overhead_cpu", "{:+.0%}")),
        ("naive build, every page in nav (s)", v("naive_s", "{:.1f}")),
        ("  naive / ours: time, site size", _pair("naive_ratio", "naive_size_ratio", "{:.1f}×")),
        ("  naive peak memory (MB RSS) / site size (MB)", _pair("naive_rss_mb", "naive_site.site_mb", "{:.0f}")),
        ("  naive median entry page, raw / gzip (KB)", _pair("naive_site.page_bytes", "naive_site.page_gz_bytes", "{:.1f}", KB)),
        ("CLI rebuild, nothing changed (s)", v("rebuild_same_s", "{:.1f}")),
        ("CLI rebuild, one entry edited (s)", v("rebuild_edit_s", "{:.1f}")),
        ("our preview (generator serve): first page / edit → visible (s)",
         _pair("serve.first_page_s", "serve.latency_s", "{:.1f}")),
        ("plain mkdocs serve (full rebuilds): first page / edit → visible (s)",
         _pair("serve_mkdocs.first_page_s", "serve_mkdocs.latency_s", "{:.1f}")),
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
    """(target, 'met' | 'NOT met' | 'not measured', measured figure)."""
    out = []
    verdict = lambda ok: "met" if ok else "NOT met"  # noqa: E731

    for mode, key in (("cold", "stage.c"), ("warm caches", "stage.c_warm")):
        speeds = [(r["n"], _get(r, f"{key}.entries_per_s")) for r in results if _get(r, f"{key}.entries_per_s")]
        if speeds:
            worst = min(s for _, s in speeds)
            out.append((f"generator stage ≥ 5,000 entries/s (libyaml), {mode}", verdict(worst >= 5000),
                        ", ".join(f"{s:,.0f}/s at {n:,}" for n, s in speeds)))
    for n, limit in ((1000, 8), (10000, 90)):
        r = _at(results, n)
        out.append((f"full build of {n:,} entries ≤ {limit} s, cold", verdict(r["build_s"] <= limit) if r else "not measured",
                    f"{r['build_s']:.1f} s" if r else "–"))
        if r and r.get("build_warm_s"):
            out.append((f"full build of {n:,} entries ≤ {limit} s, warm caches", verdict(r["build_warm_s"] <= limit),
                        f"{r['build_warm_s']:.1f} s"))
    pairs = [(a, b) for a in results for b in results if b["n"] == 10 * a["n"] and a.get("build_s") and b.get("build_s")]
    if pairs:  # judged on CPU time when recorded (wall time on a shared machine is noisier)
        ratios = [(a["n"], b["n"], *_growth(a, b)) for a, b in pairs]
        out.append(("10× entries → ≤ 11× build time", verdict(all((c or w) <= 11 for *_, w, c in ratios)),
                    ", ".join(f"{a:,}→{b:,}: {w:.1f}× wall" + (f", {c:.1f}× CPU" if c else "") for a, b, w, c in ratios)))
    else:
        out.append(("10× entries → ≤ 11× build time", "not measured", "needs two sizes 10× apart"))
    r = _at(results, 1000)
    if r and r.get("naive_ratio"):
        out.append(("≥ 5× faster than naive at 1,000", verdict(r["naive_ratio"] >= 5), f"{r['naive_ratio']:.1f}×"))
        out.append(("≥ 8× smaller than naive at 1,000", verdict(r["naive_size_ratio"] >= 8), f"{r['naive_size_ratio']:.1f}×"))
    else:
        out.append(("≥ 5× faster and ≥ 8× smaller than naive at 1,000", "not measured", "–"))
    over = [(r["n"], r["overhead"]) for r in results if r.get("overhead") is not None]
    if over:
        out.append(("our overhead over plain mkdocs build ≤ 15%", verdict(all(o <= 0.15 for _, o in over)),
                    ", ".join(f"{o:+.0%} at {n:,}" for n, o in over)))
    same = [(r["n"], r["rebuild_same_s"]) for r in results if r.get("rebuild_same_s")]
    if same:
        out.append(("CLI rebuild with nothing changed < 1 s", verdict(all(s < 1 for _, s in same)),
                    ", ".join(f"{s:.1f} s at {n:,}" for n, s in same)))
    shown = [(r["n"], _get(r, "serve.latency_s")) for r in results if _get(r, "serve.latency_s")]
    if shown:
        at_10k = [s for n, s in shown if n >= 10000]
        out.append(("preview shows an edited entry within 2 s at 10,000 entries",
                    verdict(all(s <= 2 for s in at_10k)) if at_10k else "not measured at 10,000",
                    ", ".join(f"{s:.1f} s at {n:,}" for n, s in shown)))
    pages = [(r["n"], _get(r, "site.page_bytes"), _get(r, "site.page_gz_bytes")) for r in results if _get(r, "site.page_bytes")]
    if pages:
        ok = all(raw <= 60 * KB and gz <= 8 * KB for _, raw, gz in pages)
        out.append(("entry page ≤ 60 KB HTML / 8 KB gzip", verdict(ok),
                    ", ".join(f"{raw / KB:.0f} / {gz / KB:.1f} KB at {n:,}" for n, raw, gz in pages)))
    r5 = _at(results, 5000)
    if r5 and _get(r5, "site.index_gz_bytes"):
        gz = r5["site"]["index_gz_bytes"]
        out.append(("search index ≤ 2 MB gzip at 5,000 entries", verdict(gz <= 2 * MB), f"{gz / MB:.2f} MB"))
    elif results and _get(results[-1], "site.index_summary_gz_bytes"):
        big = results[-1]  # search_full_answers: auto indexes 5,000 entries in the compact form
        gz = big["site"]["index_summary_gz_bytes"] / big["n"] * 5000
        out.append(("search index ≤ 2 MB gzip at 5,000 entries", verdict(gz <= 2 * MB) + " (extrapolated)",
                    f"≈{gz / MB:.2f} MB, linear from the compact form's {big['site']['index_summary_gz_bytes'] / MB:.2f} MB "
                    f"at {big['n']:,}"))
    return out


def targets_text(results: list[dict], markdown: bool) -> str:
    items = targets(results)
    if markdown:
        return "\n".join(["| target | result | measured |", "|---|---|---|"] + [f"| {t} | {v} | {m} |" for t, v, m in items])
    width = max(len(t) for t, _, _ in items)
    return "\n".join(f"{t.ljust(width)}  {v:<22}  {m}" for t, v, m in items)
