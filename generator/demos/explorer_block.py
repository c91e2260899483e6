"""The HTML of an explorer block: the controls, the chart's place and the table view of the same numbers.

``{{ explorer("lr_sweep") }}`` in an answer and the Explorer page both write these blocks. A block is raw
HTML without blank lines (one Markdown HTML block) and without ids (a page may hold several): each
control is inside its label. The controls and the chart are ``hidden`` until ``explorer.js`` runs; the
table is always there, so the numbers read without JavaScript and by screen readers. The block loads
its own script and stylesheet, as the quiz blocks do, so pages without an explorer load neither.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from typing import Any

from generator.addresses import html_href
from generator.demos import explorer_data as xd
from generator.demos.lookup import fmt, pct
from generator.quizzes.widget import attr

SCRIPT, STYLE = "assets/explorer.js", "assets/explorer.css"
STEPS = 200  # positions of the step-size slider, from 0 to 4 / λmax (past every momentum limit)
GRID = (0.5, 0.9, 1.0, 1.1)  # step sizes of the quadratic's table, as fractions of 2 / λmax
GRID_MOMENTA = (0.0, 0.5, 0.9)


def asset_tags(link: Callable[[str], str]) -> str:
    return (f'<link rel="stylesheet" href="{attr(link(STYLE))}">'
            f'<script src="{attr(link(SCRIPT))}" defer></script>')


def block(name: str, result: Any, page_src: str, directory_urls: bool = True) -> str:
    """The explorer of one demo on the page at ``page_src`` (its links are raw HTML, which MkDocs does not rewrite)."""
    kind = xd.kind_of(result)
    if kind is None:
        raise xd.ResultLookupError(f"demo '{name}' has no learning-rate curves or eigenvalues to explore")
    link = partial(html_href, page_src, directory_urls=directory_urls)
    body = _quad(result, link) if kind == "quad" else _runs(name, result, link)
    return body.replace("\n\n", "\n")


def _select(control: str, label: str, options: list[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{attr(v)}">{html.escape(t)}</option>' for v, t in options)
    return f'<label class="kbx-c" data-c="{control}">{label} <select>{opts}</select></label>'


def _runs(name: str, result: Any, link: Callable[[str], str]) -> str:
    data = xd.run_data(name, result)
    rates, last = data["rates"], len(data["rates"]) - 1
    start = min(range(len(rates)), key=lambda i: abs(float(rates[i]) - 0.1))  # a rate in the middle of most sweeps
    controls = [
        f'<div class="kbx-c" data-c="rate"><label>Learning rate <input type="range" min="0" max="{last}" step="1" '
        f'value="{start}" aria-valuetext="{attr(rates[start])}"></label> <output>{html.escape(rates[start])}</output>'
        f'<span class="kbx-scale" aria-hidden="true"><span>{html.escape(rates[0])}</span>'
        f'<span>{html.escape(rates[-1])}</span></span></div>',
        _select("seed", "Seed", [("", "all seeds")] + [(s, f"seed {s}") for s in data["seeds"]]),
        _select("metric", "Curves", [("loss", "loss"), ("accuracy", "accuracy")]),
    ]
    if data["group"]:
        controls.insert(1, _select(data["group"], data["group"].capitalize(),
                                   list(zip(data["groups"], data["groupTitles"]))))
    head = ([data["group"]] if data["group"] else []) + ["learning rate", "seed", "final training loss",
                                                         "final validation loss", "final validation accuracy", "label"]
    cells = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in _row(row, bool(data["group"])))
                   + "</tr>" for row in xd.rows(data))
    return (f'<div class="kbx" data-kind="runs" data-demo="{attr(name)}" '
            f'data-src="{attr(link(xd.data_asset(name, result.key)))}">\n'
            f'{asset_tags(link)}\n'
            f'<p class="kbx-title"><strong>Explore: {html.escape(result.title)}</strong></p>\n'
            f'<div class="kbx-ctl kbx-js" hidden>{"".join(controls)}</div>\n'
            '<figure class="kbx-fig kbx-js" hidden><svg class="kbx-svg" viewBox="0 0 320 200" role="img" '
            'aria-label="Curves per epoch"></svg>'
            '<figcaption class="kbx-key">Solid: training; dashed: validation; the band spans the seeds; '
            'grey: the neighbouring rates.</figcaption></figure>\n'
            '<p class="kbx-out kbx-js" role="status" aria-live="polite" hidden></p>\n'
            '<details class="kbx-tab" data-c="table" open><summary>Table: the final numbers of every run</summary>\n'
            f'<div class="kbx-scroll"><table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table></div>\n'
            '</details>\n</div>')


def _row(row: list[Any], grouped: bool) -> list[str]:
    title, rate, seed, loss, val_loss, val_acc, label = row
    shown = [rate, seed, _num(loss), _num(val_loss), pct(val_acc) if val_acc is not None else "diverged", label or "—"]
    return [title, *shown] if grouped else shown


def _num(value: float | None) -> str:
    return "diverged" if value is None else fmt(value)


def _quad(result: Any, link: Callable[[str], str]) -> str:
    m = result.metrics
    eig = sorted(float(v) for v in m["eigenvalues"])
    lmin, lmax = float(m.get("lambda_min", eig[0])), float(m["lambda_max"])
    top = 4 / lmax
    limit = 2 / lmax
    controls = (
        f'<div class="kbx-c" data-c="step"><label>Step size η <input type="range" min="0" max="{top:.6g}" '
        f'step="{top / STEPS:.6g}" value="{0.9 * limit:.6g}" aria-valuetext="η = {0.9 * limit:.3g}"></label> '
        f'<output>{0.9 * limit:.3g}</output><span class="kbx-marks" aria-hidden="true">'
        f'<span class="kbx-m" data-m="gd">2/λmax</span>'
        f'<span class="kbx-m" data-m="hb">(2+2β)/λmax</span></span></div>'
        '<div class="kbx-c" data-c="momentum"><label>Momentum β <input type="range" min="0" max="0.99" step="0.01" '
        'value="0" aria-valuetext="β = 0"></label> <output>0</output></div>'
        '<button type="button" class="kbx-best" data-c="best">Use the best step size 2/(λmin+λmax)</button>')
    cols = "".join(f'<th scope="col">β = {b:g}</th>' for b in GRID_MOMENTA)
    rows = "".join(f'<tr><th scope="row">{f:g} × 2/λmax = {f * limit:.3g}</th>'
                   + "".join(f"<td>{xd.heavy_ball_rate(f * limit, b, eig):.3f}</td>" for b in GRID_MOMENTA)
                   + "</tr>" for f in GRID)
    return (f'<div class="kbx" data-kind="quad" data-eig="{attr(",".join(repr(v) for v in eig))}">\n{asset_tags(link)}\n'
            '<p class="kbx-title"><strong>Explore: gradient descent on f = ½(λmin x² + λmax y²), computed exactly'
            '</strong></p>\n'
            f'<p>The bowl of the <code>quadratic</code> demo has the eigenvalues {", ".join(f"{v:g}" for v in eig)}; the picture uses the smallest and '
            f'the largest, λmin = {lmin:g} and λmax = {lmax:g}, which decide the rate. Without momentum the steps '
            f'converge below 2/λmax = {limit:.3g}; with momentum β below (2 + 2β)/λmax.</p>\n'
            f'<div class="kbx-ctl kbx-js" hidden>{controls}</div>\n'
            '<figure class="kbx-fig kbx-js" hidden><svg class="kbx-svg kbx-sq" viewBox="0 0 240 240" role="img" '
            'aria-label="Trajectory on the contours of f"></svg></figure>\n'
            '<p class="kbx-out kbx-js" role="status" aria-live="polite" hidden></p>\n'
            '<details class="kbx-tab" data-c="table" open><summary>Table: the rate of convergence (the error shrinks '
            'by this factor per step; 1 or more diverges)</summary>\n'
            f'<div class="kbx-scroll"><table><thead><tr><th scope="col">step size η</th>{cols}</tr></thead>'
            f'<tbody>{rows}</tbody></table></div>\n</details>\n'
            '</div>')
