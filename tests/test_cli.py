"""generator/cli.py: exit codes, one-line errors without tracebacks, atomic builds, export."""

from __future__ import annotations

import errno
import json
import os

import pytest
from factory import entry_yaml, make_project, run_cli

BROKEN = entry_yaml("broken", "Broken?", topic="trainng").replace("author: Ada Tester\n", "")


def test_check_reports_every_problem_and_exits_1(tmp_path):
    root = make_project(tmp_path, {"ok.yml": entry_yaml("ok", "Fine?"), "bad.yml": BROKEN, "worse.yml": "id: [\n"})
    result = run_cli("check", root=root, env={"KB_DEMO_CONFIG": "off"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/entries/bad.yml:1:1: error: missing required field 'author' (hint: add a line 'author: ...')",
        "content/entries/worse.yml:2:1: error: invalid YAML: did not find expected node content "
        "(while parsing a flow node) (hint: check the indentation and quoting around this spot)",
        "2 errors found; nothing was built.",
    ]


def test_check_json_and_single_file(tmp_path):
    root = make_project(tmp_path, {"a.yml": entry_yaml("a", "A?", related="[nope]"), "b.yml": entry_yaml("b", "B?", topic="x")})
    result = run_cli("check", "--format", "json", str(root / "content/entries/b.yml"), root=root,
                     env={"KB_DEMO_CONFIG": "off"})
    assert result.returncode == 1
    errors = json.loads(result.stdout)["errors"]
    assert errors == [{"path": "content/entries/b.yml", "line": 5, "col": 8, "message": "unknown topic 'x'",
                       "hint": "topics are declared in content/taxonomy.yml"}]


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    root = make_project(tmp_path)
    assert run_cli("build", "--demos", "off", root=root).returncode == 0
    before = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "content/entries/bad.yml").write_text(BROKEN)
    result = run_cli("build", "--demos", "off", root=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/entries/bad.yml:1:1: error: missing required field 'author'" in result.stderr
    after = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site") and p.name != ".site.lock") == []


def test_successful_build_replaces_site_and_export_writes_markdown(tmp_path):
    root = make_project(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "stale.html").write_text("old")
    assert run_cli("build", "--demos", "off", root=root).returncode == 0
    assert not (root / "site" / "stale.html").exists()
    assert (root / "site" / "questions" / "lr-basics" / "index.html").exists()
    result = run_cli("export", str(tmp_path / "out"), "--demos", "off", root=root)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "docs" / "questions" / "lr-basics.md").read_text().startswith('---\ntitle: "What is the learning rate?"')
    assert json.loads((tmp_path / "out" / "nav.json").read_text())[0] == {"Home": "index.md"}


def test_plain_mkdocs_build_strict_works(tmp_path):
    import subprocess
    import sys
    root = make_project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
                            cwd=root, capture_output=True, text=True, env={**__import__("os").environ, "KB_DEMO_CONFIG": "off"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "questions" / "predict" / "index.html").exists()


def test_two_builds_are_byte_identical(tmp_path):
    root = make_project(tmp_path)
    trees = []
    for name in ("one", "two"):
        assert run_cli("build", "--demos", "off", "--site-dir", str(tmp_path / name), root=root).returncode == 0
        trees.append({p.relative_to(tmp_path / name): p.read_bytes() for p in (tmp_path / name).rglob("*") if p.is_file()})
    assert trees[0].keys() == trees[1].keys()
    assert [k for k in trees[0] if trees[0][k] != trees[1][k]] == []


def test_unchanged_inputs_skip_the_build_without_importing_anything_heavy(tmp_path):
    import subprocess
    import sys
    root = make_project(tmp_path)
    assert run_cli("build", "--demos", "off", root=root).returncode == 0
    probe = ("import sys; from generator.cli import main; code = main(['--root', sys.argv[1], 'build', '--demos', 'off']);"
             "print(code, *(name in sys.modules for name in ('mkdocs', 'pydantic', 'jinja2', 'tensorflow')))")
    result = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["0", "False", "False", "False", "False"]
    assert "is up to date: no input changed" in result.stderr
    entry = root / "content/entries/a.yml"
    entry.write_text(entry.read_text().replace("A plain answer.", "An edited answer."))
    result = run_cli("build", "--demos", "off", root=root)
    assert result.returncode == 0 and "Site built" in result.stderr
    assert "An edited answer." in (root / "site/questions/lr-basics/index.html").read_text()


def test_an_edit_made_during_a_build_is_built_by_the_next_one(tmp_path):
    root = make_project(tmp_path)
    # A MkDocs hook of the project edits an entry while the site is being built (after its inputs were read).
    (root / "edit_during_build.py").write_text(
        "from pathlib import Path\n\n\ndef on_post_build(config):\n"
        "    entry = Path(config.config_file_path).parent / 'content/entries/a.yml'\n"
        "    entry.write_text(entry.read_text().replace('A plain answer.', 'Edited meanwhile.'))\n")
    with (root / "mkdocs.yml").open("a") as config:
        config.write("hooks:\n  - edit_during_build.py\n")
    assert run_cli("build", "--demos", "off", root=root).returncode == 0
    assert "Edited meanwhile." not in (root / "site/questions/lr-basics/index.html").read_text()
    result = run_cli("build", "--demos", "off", root=root)
    assert result.returncode == 0 and "Site built" in result.stderr  # not "up to date": the edit came after the read
    assert "Edited meanwhile." in (root / "site/questions/lr-basics/index.html").read_text()


def test_build_with_a_cache_outside_the_project(tmp_path):
    root = make_project(tmp_path / "project")
    cache = tmp_path / "elsewhere" / "demos" / "x"
    cache.mkdir(parents=True)
    (cache / "manifest.json").write_text("{}")
    result = run_cli("build", "--demos", "off", root=root, env={"KB_DEMO_CACHE_DIR": str(tmp_path / "elsewhere")})
    assert result.returncode == 0, result.stderr


def test_search_can_leave_answers_out(tmp_path):
    answer = ("A plain answer.\n\n!!! note\n\n    Inside an admonition.\n\n```python\nx = 1\n```\n\n"
              "| a | b |\n|---|---|\n| 1 | 2 |\n\nText after the nested blocks.\n")
    root = make_project(tmp_path, {"a.yml": entry_yaml("lr-basics", "What is the learning rate?", answer=answer)})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("search_full_answers: auto", "search_full_answers: false"))
    assert run_cli("build", "--demos", "off", root=root).returncode == 0
    assert "A plain answer" in (root / "site/questions/lr-basics/index.html").read_text()
    index = (root / "site/search/search_index.json").read_text()
    assert "A plain answer" not in index and "What is the learning rate?" in index
    assert "Text after the nested blocks" not in index and "Inside an admonition" not in index


@pytest.mark.parametrize(("code", "advice"), [(errno.ENOSPC, "free some disk space"),
                                              (errno.EROFS, "build on a writable disk")])
def test_a_full_or_read_only_disk_is_one_line_and_keeps_the_site(tmp_path, monkeypatch, capsys, code, advice):
    import mkdocs.utils

    from generator import cli
    monkeypatch.setenv("KB_DEMO_CONFIG", "off")
    root = make_project(tmp_path)
    assert cli.main(["--root", str(root), "build"]) == 0
    before = (root / "site/index.html").read_bytes()
    capsys.readouterr()

    def no_space(path, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(mkdocs.utils, "write_file", no_space)  # every page MkDocs writes
    assert cli.main(["--root", str(root), "build", "--force"]) == 1
    err = [line for line in capsys.readouterr().err.strip().splitlines() if not line.startswith("note: ")]
    assert len(err) == 1 and err[0].startswith("error: cannot write ") and f"(hint: {advice};" in err[0], err
    assert (root / "site/index.html").read_bytes() == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site") and p.name != ".site.lock"] == []


def test_a_closed_pipe_ends_quietly_and_help_is_plain_text():
    import subprocess
    import sys

    from factory import REPO
    read, write = os.pipe()
    os.close(read)  # `... | head` that has already read what it wanted
    done = subprocess.run([sys.executable, "-m", "generator", "demos", "--list", "--config", "quick"], stdout=write,
                          stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=120)
    os.close(write)
    assert done.returncode == 0 and done.stderr == ""
    help_text = run_cli("--help").stdout
    assert "``" not in help_text and "init" in help_text


def test_a_build_without_site_url_says_that_instant_navigation_needs_it(tmp_path):
    root = make_project(tmp_path)
    note = "note: Material's instant navigation needs site_url"
    assert note in run_cli("build", "--demos", "off", root=root).stderr
    assert note not in run_cli("build", "--demos", "off", "--force", "--site-url", "https://example.org/", root=root).stderr


def test_results_in_the_configured_cache_folder_make_the_next_build_stale(tmp_path):
    root = make_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("cache_dir: .cache/demos", "cache_dir: results/demos"))
    assert run_cli("build", "--demos", "off", root=root).returncode == 0
    assert "is up to date" in run_cli("build", "--demos", "off", root=root).stderr
    (root / "results/demos/lr_sweep").mkdir(parents=True)
    (root / "results/demos/lr_sweep/manifest.json").write_text("{}")  # what `demos --force` would refresh
    result = run_cli("build", "--demos", "off", root=root)
    assert result.returncode == 0 and "Site built" in result.stderr
