"""The preview's early generation: whether or not it has finished, a rebuild gets the pages of the content
as it is, and an author's mistake met early is the rebuild's error."""

from __future__ import annotations

import threading
import time

import pytest
from factory import entry_yaml, make_project

from generator.errors import BuildFailed
from generator.mkdocs.early_generation import EarlyGeneration
from generator.pages.bundle import SiteSettings
from generator.pages.pipeline import BuildOptions

SETTLED_S = 1.0  # long enough for an early generation of this small project to finish; shorter only skips it


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project")


@pytest.fixture
def early():
    generation = EarlyGeneration()
    yield generation
    generation.close()


def _options(root, **settings) -> BuildOptions:
    return BuildOptions.configured(root, {}, "off", settings=SiteSettings(**settings))


def _edit(root, answer: str) -> None:
    (root / "content/entries/c.yml").write_text(entry_yaml(
        "predict", "How do we predict on new images?", topic="using", published="2023-12-01", answer=answer))


def test_a_rebuild_right_after_a_change_has_it(project, early):
    early.generate(_options(project))
    _edit(project, "Call EARLY-ONE on a batch.\n")
    early.changed()
    assert "EARLY-ONE" in early.generate(_options(project)).pages["questions/predict.md"]


def test_a_change_after_the_early_generation_is_in_the_rebuild(project, early):
    early.generate(_options(project))
    _edit(project, "Call EARLY-ONE on a batch.\n")
    early.changed()
    time.sleep(SETTLED_S)
    _edit(project, "Call EARLY-TWO on a batch.\n")
    early.changed()
    page = early.generate(_options(project)).pages["questions/predict.md"]
    assert "EARLY-TWO" in page and "EARLY-ONE" not in page


def test_a_mistake_met_early_is_the_rebuilds_error(project, early):
    early.generate(_options(project))
    (project / "content/entries/c.yml").write_text("id: predict\nquestion: [unclosed\n")
    early.changed()
    time.sleep(SETTLED_S)
    with pytest.raises(BuildFailed) as failure:
        early.generate(_options(project))
    assert any(e.path == "content/entries/c.yml" and e.line for e in failure.value.errors)
    _edit(project, "Fixed.\n")
    early.changed()
    assert "Fixed." in early.generate(_options(project)).pages["questions/predict.md"]


def test_new_options_are_not_served_pages_made_with_the_old_ones(project, early):
    early.generate(_options(project, site_name="Old name"))
    _edit(project, "Edited.\n")
    early.changed()
    time.sleep(SETTLED_S)
    home = early.generate(_options(project, site_name="New name")).pages["index.md"]
    assert "New name" in home and "Old name" not in home


def test_close_ends_its_thread(project, early):
    early.generate(_options(project))
    early.changed()
    early.close()
    assert not [t for t in threading.enumerate() if t.name == "kb-early-generation"]
