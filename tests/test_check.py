"""``check`` uses the demo configuration a build would use: KB_DEMO_CONFIG, else mkdocs.yml's ``demos``."""

from __future__ import annotations

from factory import make_project

from generator.check import check_project


def _set_demos(root, value: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text()
    assert "demos: full" in text
    config.write_text(text.replace("demos: full", f"demos: {value}", 1))


def test_check_follows_the_demos_option_of_mkdocs_yml(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_DEMO_CONFIG", raising=False)
    root = make_project(tmp_path)
    _set_demos(root, "off")
    errors, notes = check_project(root)
    assert errors == []
    assert "demos are off: result references and claims were not checked" in notes


def test_the_environment_still_overrides_mkdocs_yml(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_DEMO_CONFIG", "off")
    root = make_project(tmp_path)
    errors, notes = check_project(root)  # mkdocs.yml says full; the environment says off
    assert errors == [] and any(n.startswith("demos are off") for n in notes)


def test_the_plugin_reads_a_bare_off_as_off(tmp_path):
    from mkdocs.config import load_config
    root = make_project(tmp_path)
    _set_demos(root, "off")
    assert load_config(str(root / "mkdocs.yml")).plugins["knowledge-base"].config.demos == "off"
