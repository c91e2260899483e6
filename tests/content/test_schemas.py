"""generator/schemas.py: the committed JSON Schemas match the models, and the YAML files point at them."""


from factory import REPO

from generator.content.schemas import all_schemas, schema_text


def test_committed_schemas_are_current():
    for name, schema in all_schemas().items():
        committed = (REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == schema_text(schema), f"run 'python -m generator schema' to refresh {name}.schema.json"


def test_schema_comments_name_the_right_schema():
    """Editors validate a file against the schema its first line names (``new`` writes it; it is optional)."""
    expected = {"content/entries": "entry", "content/taxonomy.yml": "taxonomy", "quizzes": "quiz"}
    for prefix, name in expected.items():
        for path in sorted(REPO.glob(prefix + "/**/*.yml")) + ([REPO / prefix] if prefix.endswith(".yml") else []):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            if first.startswith("# yaml-language-server: $schema="):
                depth = len(path.relative_to(REPO).parts) - 1
                assert first == f"# yaml-language-server: $schema={'../' * depth}schemas/{name}.schema.json", path
