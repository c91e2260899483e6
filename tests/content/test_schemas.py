"""generator/schemas.py: the committed JSON Schemas match the models, and the YAML files point at them."""

from pathlib import Path

from factory import REPO

from generator.content.schemas import all_schemas, schema_text


def test_committed_schemas_are_current():
    for name, schema in all_schemas().items():
        committed = (REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == schema_text(schema), f"run 'python -m generator schema' to refresh {name}.schema.json"


def test_every_yaml_file_names_its_schema():
    def first_line(p: Path) -> str:
        return p.read_text(encoding="utf-8").splitlines()[0]

    for path in (REPO / "content" / "entries").rglob("*.yml"):
        depth = len(path.relative_to(REPO).parts) - 1
        assert first_line(path) == f"# yaml-language-server: $schema={'../' * depth}schemas/entry.schema.json", path
    assert first_line(REPO / "content" / "taxonomy.yml") == "# yaml-language-server: $schema=../schemas/taxonomy.schema.json"
    for path in (REPO / "quizzes").rglob("*.yml"):
        depth = len(path.relative_to(REPO).parts) - 1
        assert first_line(path) == f"# yaml-language-server: $schema={'../' * depth}schemas/quiz.schema.json", path


def test_entry_schema_knows_the_fields():
    entry = all_schemas()["entry"]
    assert set(entry["required"]) == {"id", "question", "author", "published", "topic", "summary", "answer"}
    assert entry["additionalProperties"] is False
    assert entry["properties"]["published"]["format"] == "date"
