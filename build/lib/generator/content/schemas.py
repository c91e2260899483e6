"""JSON Schemas for editors, generated from the validation models.

The YAML files reference them on their first line
(``# yaml-language-server: $schema=...``), so editors with the YAML language
server validate and complete fields as authors type. A test keeps the
committed files equal to what the models generate.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.content.entry_models import Entry, Taxonomy

SCHEMA_DIR = "schemas"


def _with_meta(schema: dict, name: str, title: str) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json",
            "title": title, **schema}


def all_schemas() -> dict[str, dict]:
    from generator.quizzes import quiz_json_schema
    return {
        "entry": _with_meta(Entry.model_json_schema(), "entry", "Knowledge-base entry"),
        "taxonomy": _with_meta(Taxonomy.model_json_schema(), "taxonomy", "Knowledge-base taxonomy"),
        "quiz": _with_meta(quiz_json_schema(), "quiz", "Self-check quiz"),
    }


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(root: Path) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
