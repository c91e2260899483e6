"""A real strict MkDocs build of the project's own content, checked page by page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from factory import REPO

# Anything that makes the browser load from another host: scripts, images, frames, stylesheets,
# preloads, fonts, CSS imports. Plain <a href> links to references are navigation, not requests.
EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed|object|input)\b[^>]*\b(?:src|data|srcset)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|@import\s+(?:url\()?\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I)


def _entry(entry_id: str) -> dict:
    for path in (REPO / "content" / "entries").rglob("*.yml"):
        data = yaml.safe_load(path.read_text())
        if data["id"] == entry_id:
            return data
    raise AssertionError(entry_id)


def _some_topic_with_several_entries() -> tuple[str, list[dict]]:
    by_topic: dict[str, list[dict]] = {}
    for path in (REPO / "content" / "entries").rglob("*.yml"):
        data = yaml.safe_load(path.read_text())
        by_topic.setdefault(data["topic"], []).append(data)
    topic, entries = max(by_topic.items(), key=lambda kv: (len(kv[1]), kv[0]))
    return topic, entries


def test_entry_page_has_breadcrumbs_tags_recent_list_and_jsonld(built_site: Path):
    topic, entries = _some_topic_with_several_entries()
    entries.sort(key=lambda e: (-e["published"].toordinal(), e["question"].casefold()))
    page = entries[-1]  # the oldest: every other entry of the topic is listed on it
    html = (built_site / "questions" / page["id"] / "index.html").read_text()
    crumbs = re.search(r'<nav aria-label="Breadcrumb" class="kb-breadcrumbs">(.*?)</nav>', html).group(1)
    labels = re.findall(r">([^<]+)</a>", crumbs)
    assert labels[0] == "Home" and len(labels) == 5
    assert crumbs.count("»") == 1 and crumbs.count(" / ") == 3
    for tag in page["tags"]:
        assert f'href="../../tags/{tag}/"' in html
    recent = html.split('<h2 id="other-recent-questions', 1)[1].split("</ul>", 1)[0]
    listed = re.findall(r'href="\.\./([^/]+)/"', recent)
    expected = [e["id"] for e in entries if e["id"] != page["id"]][:10]
    assert listed == expected
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "QAPage" and ld["mainEntity"]["name"] == page["question"]
    assert ld["mainEntity"]["author"]["name"] == page["author"]


def test_every_taxonomy_level_and_tag_has_a_page(built_site: Path):
    taxonomy = yaml.safe_load((REPO / "content" / "taxonomy.yml").read_text())
    for f in taxonomy["fields"]:
        assert (built_site / f["id"] / "index.html").exists()
        for p in f["programmes"]:
            for lesson in p["lessons"]:
                for t in lesson["topics"]:
                    page = built_site / f["id"] / p["id"] / lesson["id"] / t["id"] / "index.html"
                    assert t["description"].split()[0] in page.read_text()
    assert (built_site / "tags" / "index.html").exists()
    assert (built_site / "search" / "search_index.json").exists()


def test_nav_lists_taxonomy_not_entries(built_site: Path):
    home = (built_site / "index.html").read_text()
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "questions/" not in nav


def test_no_reference_to_another_host(built_site: Path):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix in {".html", ".css"}:
            text = path.read_text(errors="replace")
            offenders += [f"{path.relative_to(built_site)}: {m.group(0)}" for m in EXTERNAL.finditer(text)]
    for path in (built_site / "assets").glob("*.js"):  # our own scripts: no address at all
        if not path.name.startswith("javascripts"):
            offenders += [f"{path.name}: {m}" for m in re.findall(r"https?://[^\s'\"]+", path.read_text())]
    assert offenders == []
    assert "fonts.googleapis.com" not in "".join(p.read_text(errors="replace") for p in built_site.rglob("*.html"))


def test_real_content_renders_with_demos_off(tmp_path):
    from factory import run_cli
    result = run_cli("export", str(tmp_path / "out"), "--demos", "off")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "docs" / "questions" / "learning-rate-too-high-vs-too-low.md").read_text()
    assert "(demo results off)" in page and "Demo results are turned off in this build" in page


def test_questions_and_quizzes_have_index_pages_linked_from_home_and_reader_pages_stay_out_of_search(built_site: Path):
    import html as html_module
    home = (built_site / "index.html").read_text()
    assert 'href="questions/"' in home and 'href="quizzes/"' in home
    listing = html_module.unescape((built_site / "questions/index.html").read_text())
    entries = [yaml.safe_load(p.read_text()) for p in (REPO / "content/entries").rglob("*.yml")]
    for data in entries:
        assert f'<a href="{data["id"]}/">{data["question"]}</a>' in listing, data["id"]
    quizzes = html_module.unescape((built_site / "quizzes/index.html").read_text())
    for path in (REPO / "quizzes").glob("*.yml"):
        quiz = yaml.safe_load(path.read_text())
        assert f'href="{quiz["id"]}/"' in quizzes and quiz["title"] in quizzes, quiz["id"]
    assert 'href="progress/"' in quizzes and 'href="review/"' in quizzes
    search = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    locations = {d["location"].split("#")[0] for d in search}
    assert not locations & {"quizzes/progress/", "quizzes/review/", "questions/"}, locations & {"quizzes/progress/"}
    assert "quizzes/" in locations


def test_an_entry_found_by_search_shows_its_summary_not_its_breadcrumbs(built_site: Path):
    docs = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    for path in sorted((REPO / "content/entries").rglob("*.yml"))[:5]:
        data = yaml.safe_load(path.read_text())
        records = [d for d in docs if d["location"].startswith(f"questions/{data['id']}/")]
        assert records and not any("Home »" in d["text"] or "Published" in d["text"] for d in records), data["id"]
        first = next(d["text"] for d in records if d["text"])
        assert " ".join(data["summary"].split())[:60] in " ".join(first.split()), data["id"]


def test_quiz_assets_load_only_on_pages_with_questions(built_site: Path):
    with_quiz, without = [], []
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loads = [bool(re.search(rf'<(?:script|link)\b[^>]*assets/quiz\.{ext}"', html)) for ext in ("js", "css")]
        (with_quiz if 'class="kbq' in html else without).append((page.relative_to(built_site).as_posix(), loads))
    assert with_quiz and all(loads == [True, True] for _, loads in with_quiz), with_quiz
    assert [name for name, loads in without if any(loads)] == []
    assert {"quizzes/learning-rate-basics/index.html", "quizzes/review/index.html",
            "quizzes/progress/index.html"} <= {name for name, _ in with_quiz}
    assert "index.html" in {name for name, _ in without} and "tags/learning-rate/index.html" in {n for n, _ in without}
