"""generator/build/linkcheck.py: broken internal links and anchors in built HTML are found."""

from generator.build.linkcheck import check_site


def page(path, body):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>")


def test_links_and_anchors(tmp_path):
    page(tmp_path / "index.html", '<a href="a/">ok</a> <a href="a/#sec">ok</a> <a href="https://x.org/">ext</a>'
                                  '<a href="./">self</a> <a href="../outside/">escapes</a>'
                                  '<pre><code><a href="nowhere/">in code</a></code></pre>')
    page(tmp_path / "a" / "index.html", '<h2 id="sec">S</h2><a href="../missing/">bad</a> <a href="#nope">bad</a>'
                                        '<img src="../assets/x.svg">')
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.svg").write_text("<svg/>")
    errors = check_site(tmp_path, lambda rel: "content/entries/a.yml" if rel == "a/index.html" else None)
    assert [e.format() for e in errors] == [
        "content/entries/a.yml: error: broken link '../missing/' on page a/index.html "
        "(hint: link to an existing page; see the page list with 'python -m generator export')",
        "content/entries/a.yml: error: broken anchor '#nope' on page a/index.html "
        "(hint: the target page has no heading or element with that id)",
        "site/index.html: error: broken link '../outside/' on page index.html "
        "(hint: link to an existing page; see the page list with 'python -m generator export')",
    ]


def test_cached_links_are_judged_against_the_current_site(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache" / "links.sqlite"
    page(site / "index.html", '<a href="a/">a</a> <a href="b/#part">b</a>')
    page(site / "a" / "index.html", "<p>A</p>")
    assert [e.message for e in check_site(site, cache_file=cache)] == ["broken link 'b/#part' on page index.html"]
    page(site / "b" / "index.html", "<h2>no id yet</h2>")  # index.html's scan comes from the cache
    assert [e.message for e in check_site(site, cache_file=cache)] == ["broken anchor 'b/#part' on page index.html"]
    page(site / "b" / "index.html", '<h2 id="part">Part</h2>')
    assert check_site(site, cache_file=cache) == []


def test_links_resolved_from_an_ancestor_folder_resolve_as_from_the_page():
    from generator.build.linkcheck import _relative_to_ancestor, _resolve
    dirs = {"", "a", "a/b", "a/b/c", "c", "tags", "tags/x"}
    urls = ["../", "../#x", "../?q", "../../", "../../c/", "../../../c/", "../../../../c/", "../b/c/#sec",
            "../../tags/x/", "..%2F/c/", "./../c/", "../c/../c/", "c/", "../&amp;x/", "/c/", "../../../"]
    for page in ["index.html", "a/index.html", "a/b/index.html", "a/b/c/index.html", "c/page.html"]:
        folder = page.rsplit("/", 1)[0] if "/" in page else ""
        for url in urls:
            base, rest = _relative_to_ancestor(folder, url)
            assert _resolve(f"{base}/index.html" if base else "index.html", rest, dirs) == _resolve(page, url, dirs), \
                (page, url, base, rest)
