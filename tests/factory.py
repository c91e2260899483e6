"""Test support: a tmp_path project factory (a small valid project tests then break) and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_cli(*args: str, root: Path = REPO, env: dict | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run ``python -m generator`` as a user would; returns the completed process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=REPO,
                          capture_output=True, text=True, env=full_env, timeout=timeout)

TAXONOMY = """\
fields:
  - id: ai
    title: Artificial Intelligence
    description: Machine learning and its tools.
    programmes:
      - id: dltf
        code: EITC/AI/DLTF
        title: Deep Learning with TensorFlow
        description: Neural networks built and trained with TensorFlow.
        lessons:
          - id: cnn
            title: Convolutional networks
            description: Image classifiers end to end.
            topics:
              - id: training
                title: Training the network
                description: Fitting the weights.
              - id: using
                title: Using the network
                description: Predictions on new data.
"""


def entry_yaml(id: str, question: str, *, topic: str = "training", published: str = "2024-01-10",
               tags: str = "[learning-rate]", related: str = "[]", answer: str = "A plain answer.\n",
               extra: str = "") -> str:
    body = textwrap.indent(answer, "  ")
    return (f"id: {id}\nquestion: {question}\nauthor: Ada Tester\npublished: {published}\n"
            f"topic: {topic}\ntags: {tags}\nsummary: A short summary of {id}.\nrelated: {related}\n"
            f"{extra}answer: |\n{body}")


def linked_entries(b_answer: str = "A plain answer.\n") -> dict[str, str]:
    """Three entries that link to each other's headings (a table, code), for builds compared page by page."""
    return {
        "a.yml": entry_yaml("lr-basics", "What is the learning rate?", related="[predict]",
                            answer="## Steps\n\nA [link](predict.md#steps) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
        "b.yml": entry_yaml("lr-too-high", "What happens when it is too high?", tags="[learning-rate, divergence]",
                            answer=b_answer),
        "c.yml": entry_yaml("predict", "How do we predict?", topic="using",
                            answer="## Steps\n\n```python\nmodel.predict(x)\n```\n"),
    }


def make_project(root: Path, entries: dict[str, str] | None = None, *, with_site_files: bool = True) -> Path:
    """Write taxonomy + entries (name -> YAML text) under ``root``; returns root."""
    (root / "content" / "entries").mkdir(parents=True, exist_ok=True)
    (root / "content" / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    if entries is None:
        entries = {
            "a.yml": entry_yaml("lr-basics", "What is the learning rate?", published="2024-01-10",
                                related="[lr-too-high]"),
            "b.yml": entry_yaml("lr-too-high", "What happens when the learning rate is too high?",
                                published="2024-02-01", tags="[learning-rate, divergence]"),
            "c.yml": entry_yaml("predict", "How do we predict on new images?", topic="using", published="2023-12-01"),
        }
    for name, text in entries.items():
        path = root / "content" / "entries" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "quizzes").mkdir(exist_ok=True)
    (root / "training_demos").mkdir(exist_ok=True)
    if with_site_files:
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    return root
