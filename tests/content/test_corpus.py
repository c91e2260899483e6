"""generator/corpus.py + validation.py: every content mistake as one exact line."""

from pathlib import Path

import pytest
from factory import entry_yaml, make_project

from generator.content.corpus import load_corpus
from generator.errors import BuildFailed


def errors_of(root: Path) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        load_corpus(root)
    return [e.format() for e in info.value.errors]


def test_valid_project_loads(tmp_path):
    corpus = load_corpus(make_project(tmp_path))
    assert [e.entry.id for e in corpus.entries] == ["lr-basics", "lr-too-high", "predict"]
    assert corpus.places["training"].programme.code == "EITC/AI/DLTF"
    assert [e.id for e in corpus.entries_in_topic("training")] == ["lr-too-high", "lr-basics"]


def test_unknown_and_missing_fields(tmp_path):
    text = entry_yaml("x", "Q?").replace("author: Ada Tester\n", "autor: Ada Tester\n")
    make_project(tmp_path, {"x.yml": text})
    assert errors_of(tmp_path) == [
        "content/entries/x.yml:1:1: error: missing required field 'author' (hint: add a line 'author: ...')",
        "content/entries/x.yml:3:1: error: unknown field 'autor' (hint: did you mean 'author'?)",
    ]


def test_wrong_types_and_dates(tmp_path):
    text = (entry_yaml("x", "Q?", tags="learning-rate", published="2024-02-30")
            .replace("summary: A short summary of x.", "summary: [a, b]"))
    make_project(tmp_path, {"x.yml": text})
    assert errors_of(tmp_path) == [
        "content/entries/x.yml:4:12: error: invalid date '2024-02-30': day is out of range for month "
        "(hint: write dates as YYYY-MM-DD)",
        "content/entries/x.yml:6:7: error: 'tags' must be a list, not 'learning-rate' (hint: write 'tags: [a, b]' or one '- item' per line)",
        "content/entries/x.yml:7:10: error: 'summary' must be text, not a list "
        "(hint: quote the value if it looks like a number or date)",
    ]


def test_quoted_bad_date_and_updated_before_published(tmp_path):
    a = entry_yaml("a", "Qa?").replace("published: 2024-01-10", "published: '10/01/2024'")
    b = entry_yaml("b", "Qb?", extra="updated: 2023-01-01\n")
    make_project(tmp_path, {"a.yml": a, "b.yml": b})
    assert errors_of(tmp_path) == [
        "content/entries/a.yml:4:12: error: 'published' must be a date written YYYY-MM-DD, not '10/01/2024'",
        "content/entries/b.yml:9:10: error: updated: 2023-01-01 is before the published date 2024-01-10",
    ]


def test_unknown_topic_and_related_with_did_you_mean(tmp_path):
    make_project(tmp_path, {
        "a.yml": entry_yaml("alpha", "First?", topic="trainin", related="[betta, alpha]"),
        "b.yml": entry_yaml("beta", "Second?"),
    })
    assert errors_of(tmp_path) == [
        "content/entries/a.yml:5:8: error: unknown topic 'trainin' (hint: did you mean 'training'?)",
        "content/entries/a.yml:8:11: error: unknown related entry 'betta' (hint: did you mean 'beta'?)",
        "content/entries/a.yml:8:18: error: entry 'alpha' lists itself as related (hint: remove it)",
    ]


def test_duplicate_ids_and_questions(tmp_path):
    make_project(tmp_path, {
        "a.yml": entry_yaml("same", "What is the learning rate?"),
        "b.yml": entry_yaml("same", "Another question?"),
        "c.yml": entry_yaml("other", "  what is the   LEARNING rate "),
    })
    assert errors_of(tmp_path) == [
        "content/entries/b.yml:1:5: error: duplicate id 'same', also used by content/entries/a.yml:1 "
        "(hint: ids must be unique; rename one of them)",
        "content/entries/c.yml:2:13: error: the same question is already asked by content/entries/a.yml:2 "
        "(hint: merge the two entries, or make the question more specific)",
    ]


def test_empty_answer_and_bad_slug(tmp_path):
    make_project(tmp_path, {"a.yml": entry_yaml("Bad Id", "Q?", answer="   \n")})
    assert errors_of(tmp_path) == [
        "content/entries/a.yml:1:5: error: 'id' must be lowercase words joined by hyphens, not 'Bad Id' "
        "(hint: for example 'learning-rate-schedules')",
        "content/entries/a.yml:9:9: error: answer: the answer is empty",
    ]


def test_every_file_reported_in_one_run(tmp_path):
    make_project(tmp_path, {"a.yml": "id: [\n", "b.yml": "", "c.yml": "- a list\n",
                            "d.yml": entry_yaml("d", "Fine?")})
    assert errors_of(tmp_path) == [
        "content/entries/a.yml:2:1: error: invalid YAML: did not find expected node content (while parsing a flow node) "
        "(hint: check the indentation and quoting around this spot)",
        "content/entries/b.yml:1:1: error: expected a mapping of fields at the top of the file, but the file is empty "
        "(hint: start from an existing entry file or run 'python -m generator new')",
        "content/entries/c.yml:1:1: error: expected a mapping of fields at the top of the file, but the file is a list "
        "(hint: start from an existing entry file or run 'python -m generator new')",
    ]


@pytest.mark.parametrize("cache", ["on", "off"])  # (off: regular files are known from the folders' listings)
def test_symlink_outside_project(tmp_path, monkeypatch, cache):
    monkeypatch.setenv("KB_CACHE", cache)
    outside = tmp_path / "outside.yml"
    outside.write_text(entry_yaml("out", "Outside?"))
    root = make_project(tmp_path / "proj")
    (root / "content" / "entries" / "link.yml").symlink_to(outside)
    assert errors_of(root) == [
        "content/entries/link.yml: error: this file is a link to a place outside the project "
        "(hint: copy the file into the project instead of linking to it)"]
    (root / "content" / "entries" / "link.yml").unlink()
    (root / "spare").mkdir()
    (root / "spare" / "inside.yml").write_text(entry_yaml("inside", "Inside?"))
    (root / "content" / "entries" / "link.yml").symlink_to(root / "spare" / "inside.yml")
    assert "inside" in load_corpus(root).by_id()  # a link within the project is read


def test_taxonomy_problems(tmp_path):
    root = make_project(tmp_path)
    tax = root / "content" / "taxonomy.yml"
    tax.write_text(tax.read_text().replace("id: using", "id: training").replace("code: EITC/AI/DLTF", "code: eitc"))
    assert errors_of(root) == [
        "content/taxonomy.yml:7:15: error: 'fields[0].programmes[0].code' has the wrong form: 'eitc' "
        "(hint: it must match ^[A-Z0-9]+(?:/[A-Z0-9]+)*$)"]
    tax.write_text(tax.read_text().replace("code: eitc", "code: EITC/AI/DLTF"))
    assert errors_of(root) == [
        "content/entries/c.yml:5:8: error: unknown topic 'using' (hint: topics are declared in content/taxonomy.yml)",
        "content/taxonomy.yml:18:21: error: taxonomy id 'training' is used twice (first at line 15) "
        "(hint: every field, programme, lesson and topic needs its own id)"]
