"""The learning-rate explorer in the real site (the run's shared build, from the quick demo results), in Chromium.

The drawn curves and the shown numbers are read back and compared with the demo results the site was built
from; the quadratic's limits and rate with the demo's own numbers.
"""

from __future__ import annotations

import gzip
import math
import re
from urllib.parse import parse_qs, urlparse

import pytest
from factory import entry_yaml

from generator.demos import explorer_data as xd
from generator.pages import explorer_page

from .quiz_browser import Watch, serve

pytestmark = pytest.mark.browser
EMBEDDED = "questions/diagnosing-learning-rate-from-loss-curves/index.html"  # an entry that embeds an explorer


@pytest.fixture(scope="module")
def explorer_results(session_results):
    """The run's quick demo results, which the shared ``built_site`` was built from."""
    return session_results


@pytest.fixture(scope="module")
def site_url(built_site):
    base, server = serve(built_site)
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_page(browser, site_url):
    """Open a page of the site (in a context with the given options); fails on console errors or foreign requests."""
    made = []

    def go(path: str, **options):
        context = browser.new_context(**options)
        page = context.new_page()
        page.set_default_timeout(10_000)
        watch = Watch()
        watch.attach(page)
        made.append((context, watch))
        page.goto(site_url + path, wait_until="load")
        return page

    yield go
    for context, watch in made:
        context.close()
        watch.assert_clean(site_url)


def _ready(page, demo: str):
    block = page.locator(f".kbx[data-demo={demo}]")
    page.wait_for_function(f"document.querySelector('.kbx[data-demo={demo}]').dataset.on === '1'")
    return block


def _points(block, selector: str) -> list[tuple[float, float]]:
    text = block.locator(selector).get_attribute("points")
    return [tuple(map(float, p.split(","))) for p in text.split()]


def _values(block, selector: str) -> list[float]:
    """A polyline's points mapped back to values through the chart's box and top."""
    svg = block.locator("svg")
    left, top_px, width, height = map(float, svg.get_attribute("data-box").split())
    top = float(svg.get_attribute("data-top"))
    return [(top_px + height - y) / height * top for _, y in _points(block, selector)]


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_script_budget_and_only_where_used(built_site):
    size = len(gzip.compress(explorer_page.shipped("assets/explorer.js"), compresslevel=9))
    assert size <= 8 * 1024, f"explorer.js is {size} bytes gzip"
    assert (built_site / "assets/explorer.js").read_bytes() == explorer_page.shipped("assets/explorer.js")
    users = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
             if re.search(r'<script src="[^"]*assets/explorer\.js"', p.read_text(encoding="utf-8"))}
    assert {"explorer/index.html", EMBEDDED} <= users
    for page in ("index.html", "tags/index.html", "quizzes/index.html"):
        assert page not in users
    for page in users:
        assert 'class="kbx"' in (built_site / page).read_text(encoding="utf-8"), page
    assert 'href="explorer/"' in (built_site / "index.html").read_text(encoding="utf-8")  # in the nav


def test_unknown_demo_is_a_located_error(tmp_path):
    from generator.content.corpus import load_corpus
    from generator.errors import BuildFailed
    from generator.pages.site import build_site
    from tests.pages.test_templating import RESULTS, make_project

    with pytest.raises(BuildFailed) as info:
        build_site(load_corpus(make_project(tmp_path, {"a.yml": entry_yaml("a", "Q?", answer="{{ explorer(\"nosuch\") }}\n")})),
                   RESULTS)
    assert [e.format() for e in info.value.errors] == [
        "content/entries/a.yml:10:3: error: unknown result: there is no demo named 'nosuch'; demos: lr_sweep "
        "(hint: use one of the names listed; 'python -m generator demos show NAME' prints every key with its value)"]


def test_closed_form_matches_the_quadratic_demo(explorer_results):
    m = explorer_results["quadratic"].metrics
    eig = m["eigenvalues"]
    assert math.isclose(xd.heavy_ball_rate(m["optimal_learning_rate"], 0, eig), m["optimal_contraction"], rel_tol=1e-9)
    assert math.isclose(xd.heavy_ball_rate(m["theoretical_threshold"], 0, eig), 1, rel_tol=1e-9)
    for beta in (0.3, 0.9):  # at the momentum limit the sharpest direction stops contracting
        assert math.isclose(xd.heavy_ball_rate((2 + 2 * beta) / m["lambda_max"], beta, eig), 1, rel_tol=1e-9)
        assert xd.heavy_ball_rate(1.01 * (2 + 2 * beta) / m["lambda_max"], beta, eig) > 1


def test_rate_slider_curves_numbers_and_url(open_page, explorer_results):
    result = explorer_results["lr_sweep"]
    rates = [str(r) for r in result.metrics["learning_rates"]]
    page = open_page("explorer/?demo=lr_sweep&rate=0.3&seed=1")
    block = _ready(page, "lr_sweep")
    slider = block.locator("[data-c=rate] input")
    assert slider.input_value() == str(rates.index("0.3")) and slider.get_attribute("aria-valuetext") == "learning rate 0.3"
    assert block.locator("[data-c=seed] select").input_value() == "1"

    def check(rate: str, seed: str) -> None:
        runs = result.histories[seed][rate]
        for series in ("loss", "val_loss"):
            drawn = _values(block, f"polyline[data-seed='{seed}'][data-series={series}]")
            assert len(drawn) == len(runs[series])
            top = float(block.locator("svg").get_attribute("data-top"))
            for got, want in zip(drawn, runs[series]):
                assert math.isclose(got, min(want, top), rel_tol=1e-3, abs_tol=1e-3 * top), (rate, series)
        assert "kbx-sel" in block.locator(f"polyline[data-seed='{seed}'][data-series=loss]").get_attribute("class")
        labels = result.metrics["labels"][rate]
        assert block.locator("[data-k=label]").inner_text() == labels[int(seed)]
        for key in ("loss", "val_loss"):
            assert float(block.locator(f"[data-k={key}]").inner_text()) == pytest.approx(runs[key][-1], rel=5e-3)
        assert block.locator("[data-k=val_accuracy]").inner_text() == f"{100 * runs['val_accuracy'][-1]:.1f}%"
        neighbours = {p.get_attribute("data-rate") for p in block.locator("polyline.kbx-near").all()}
        i = rates.index(rate)
        assert neighbours == {rates[j] for j in (i - 1, i + 1) if 0 <= j < len(rates)}

    check("0.3", "1")
    slider.focus()
    page.keyboard.press("ArrowRight")
    following = rates[rates.index("0.3") + 1]
    assert block.locator("[data-c=rate] output").inner_text() == following
    check(following, "1")
    assert _query(page) == {"demo": "lr_sweep", "rate": following, "seed": "1"}
    page.keyboard.press("Home")
    assert slider.get_attribute("aria-valuetext") == f"learning rate {rates[0]}" and _query(page)["rate"] == rates[0]


def test_optimizer_selector_and_hidden_controls(open_page, explorer_results):
    result = explorer_results["optimizers"]
    page = open_page("explorer/?demo=optimizers&optimizer=adam&rate=0.01&metric=accuracy&hide=seed,table")
    block = _ready(page, "optimizers")
    assert block.locator("[data-c=optimizer] select").input_value() == "adam"
    assert block.locator("[data-c=seed]").is_hidden() and block.locator("[data-c=table]").is_hidden()
    assert block.locator("[data-c=rate]").is_visible()
    seeds = [str(s) for s in result.seeds]
    for seed in seeds:
        drawn = _values(block, f"polyline[data-seed='{seed}'][data-series=val_accuracy]")
        want = result.histories[seed]["adam"]["0.01"]["val_accuracy"]
        assert drawn == pytest.approx(want, abs=2e-3)
    mean = sum(result.histories[s]["adam"]["0.01"]["val_accuracy"][-1] for s in seeds) / len(seeds)
    assert block.locator("[data-k=val_accuracy]").inner_text() == f"{100 * mean:.1f}%"
    block.locator("[data-c=optimizer] select").select_option("sgd")
    assert _query(page)["optimizer"] == "sgd" and "hide" in _query(page)
    drawn = _values(block, f"polyline[data-seed='{seeds[0]}'][data-series=accuracy]")
    assert drawn == pytest.approx(result.histories[seeds[0]]["sgd"]["0.01"]["accuracy"], abs=2e-3)
    other = _ready(page, "lr_sweep")  # the link names another demo: lr_sweep keeps its own state and controls
    assert other.locator("[data-c=rate]").is_visible() is True and other.locator("[data-c=seed]").is_hidden()


def test_quadratic_limits_rate_and_trajectory(open_page, explorer_results):
    m = explorer_results["quadratic"].metrics
    lmax, eig = m["lambda_max"], m["eigenvalues"]
    page = open_page(f"explorer/?step={m['optimal_learning_rate']}&momentum=0")
    block = page.locator(".kbx[data-kind=quad]")
    page.wait_for_function("document.querySelector('.kbx[data-kind=quad]').dataset.on === '1'")
    assert float(block.locator("[data-m=gd]").get_attribute("data-v")) == pytest.approx(m["theoretical_threshold"])
    assert float(block.locator("[data-k=gd]").inner_text()) == pytest.approx(m["theoretical_threshold"], rel=1e-3)
    assert block.locator("[data-k=rate]").inner_text() == f"{m['optimal_contraction']:.3f}"
    momentum = block.locator("[data-c=momentum] input")
    momentum.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    beta = 0.05
    assert momentum.get_attribute("aria-valuetext") == "β = 0.05"
    assert float(block.locator("[data-m=hb]").get_attribute("data-v")) == pytest.approx((2 + 2 * beta) / lmax)
    assert block.locator("[data-m=hb]").is_visible()
    eta = m["optimal_learning_rate"]
    assert block.locator("[data-k=rate]").inner_text() == f"{xd.heavy_ball_rate(eta, beta, eig):.3f}"
    assert _query(page) == {"step": f"{eta:.6g}", "momentum": "0.05"}
    step = block.locator("[data-c=step] input")
    step.focus()
    page.keyboard.press("ArrowRight")
    eta = float(step.input_value())
    assert float(_query(page)["step"]) == pytest.approx(eta)
    assert block.locator("[data-k=rate]").inner_text() == f"{xd.heavy_ball_rate(eta, beta, eig):.3f}"
    # The trajectory is the heavy-ball iteration on ½(λmin x² + λmax y²) from (−1.6, 0.6).
    svg = block.locator("svg")
    scale, centre = float(svg.get_attribute("data-scale")), float(svg.get_attribute("data-centre"))
    lmin, x, prev = min(eig), [-1.6, 0.6], [-1.6, 0.6]
    for i, (px, py) in enumerate(_points(block, "polyline")[:6]):
        assert (px, py) == pytest.approx((centre + scale * x[0], centre - scale * x[1]), abs=0.01), i
        x, prev = [x[0] - eta * lmin * x[0] + beta * (x[0] - prev[0]),
                   x[1] - eta * lmax * x[1] + beta * (x[1] - prev[1])], x
    block.locator("[data-c=best]").click()
    assert block.locator("[data-k=rate]").inner_text() == f"{m['optimal_contraction']:.3f}"


def test_embedded_block_without_javascript_dark_and_on_a_phone(open_page, explorer_results):
    page = open_page(EMBEDDED[:-len("index.html")], java_script_enabled=False)
    block = page.locator(".kbx[data-demo=lr_sweep]")
    assert block.locator(".kbx-ctl").is_hidden() and block.locator("table").is_visible()
    rows = block.locator("tbody tr").count()
    result = explorer_results["lr_sweep"]
    assert rows == len(result.metrics["learning_rates"]) * len(result.seeds)
    assert re.search(r"\d", block.locator("tbody tr").first.inner_text())
    page = open_page(EMBEDDED[:-len("index.html")], color_scheme="dark", viewport={"width": 390, "height": 800})
    block = _ready(page, "lr_sweep")
    shown = page.evaluate("""() => ({page: document.documentElement.scrollWidth, viewport: innerWidth,
        svg: document.querySelector('.kbx svg').getBoundingClientRect().width,
        stroke: getComputedStyle(document.querySelector('.kbx-line')).stroke})""")
    assert shown["page"] <= shown["viewport"], shown
    assert 250 <= shown["svg"] <= 390 and shown["stroke"] not in ("", "none"), shown
