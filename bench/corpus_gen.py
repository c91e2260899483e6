"""Synthetic projects for the benchmarks: taxonomy, entries and quizzes in the project's formats.

``make_project(root, n)`` writes a complete project (content/, quizzes/, the
repository's mkdocs.yml and the docs/ files its build takes) with ``n`` entries of ~500 words of varied
Markdown (headings, lists, code, tables, admonitions), a taxonomy of about √n
topics spread over lessons, programmes and fields, 20 tags, and one quiz for
every fourth topic. Output is deterministic for a given ``n`` and ``seed``.
Run directly to inspect one: ``python bench/corpus_gen.py DIR --entries 100``.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from quiz_gen import quiz_yaml
from text_gen import answer_markdown, phrase, sentence

REPO = Path(__file__).resolve().parent.parent
TAGS = ["learning-rate", "optimizer", "adam", "sgd", "momentum", "schedule", "warm-up", "decay", "batch-size",
        "divergence", "convergence", "regularization", "keras", "tensorflow", "cnn", "fine-tuning", "tuning",
        "loss-curve", "gradient", "evaluation"]
AUTHORS = ["Ada Tester", "Rafael Moreno", "Mei Chen", "Olu Adeyemi", "Sara Lindqvist", "Jonas Weber"]


@dataclass
class Manifest:
    """What was generated: enough for the benchmarks to find pages and edit an entry."""

    root: Path
    entries: int
    topics: list[str] = field(default_factory=list)  # topic ids
    topic_index: dict[str, str] = field(default_factory=dict)  # topic id -> its index page src
    entry_topic: dict[str, str] = field(default_factory=dict)  # entry id -> topic id
    entry_file: dict[str, Path] = field(default_factory=dict)  # entry id -> YAML file
    quizzes: int = 0


def _shape(n_topics: int) -> list[list[list[int]]]:
    """Fields > programmes > lessons > topic counts: ~4 topics a lesson, ~3 lessons a programme, ~3 programmes a field."""
    lessons = max(1, math.ceil(n_topics / 4))
    programmes = max(1, math.ceil(lessons / 3))
    fields = max(1, math.ceil(programmes / 3))
    topic_counts = [n_topics // lessons + (1 if i < n_topics % lessons else 0) for i in range(lessons)]
    prog_lessons = [topic_counts[i::programmes] for i in range(programmes)]
    return [prog_lessons[i::fields] for i in range(fields)]


def _taxonomy(rng: random.Random, n_topics: int, manifest: Manifest) -> str:
    out = ["# yaml-language-server: $schema=../schemas/taxonomy.schema.json", "fields:"]
    t = 0
    for fi, programmes in enumerate(_shape(n_topics)):
        fid = f"field-{fi + 1}"
        out += [f"  - id: {fid}", f"    title: Field {fi + 1} {phrase(rng, 2).title()}",
                f"    description: {sentence(rng)}", "    programmes:"]
        for pi, lessons in enumerate(programmes):
            pid = f"prog-{fi + 1}-{pi + 1}"
            out += [f"      - id: {pid}", f"        code: EITC/AI/P{fi + 1}{pi + 1:02d}",
                    f"        title: Programme {fi + 1}.{pi + 1} {phrase(rng, 3).title()}",
                    f"        description: {sentence(rng)}", "        lessons:"]
            for li, n in enumerate(lessons):
                lid = f"lesson-{fi + 1}-{pi + 1}-{li + 1}"
                out += [f"          - id: {lid}", f"            title: Lesson {li + 1} {phrase(rng, 4).capitalize()}",
                        f"            description: {sentence(rng)}", "            topics:"]
                for _ in range(n):
                    t += 1
                    tid = f"topic-{t:03d}"
                    manifest.topics.append(tid)
                    manifest.topic_index[tid] = f"{fid}/{pid}/{lid}/{tid}/index.md"
                    out += [f"              - id: {tid}", f"                title: Topic {t} {phrase(rng, 3).capitalize()}",
                            f"                description: {sentence(rng)}"]
    return "\n".join(out) + "\n"


def _block(text: str, indent: str = "  ") -> str:
    return "\n".join((indent + line) if line else "" for line in text.splitlines())


def _entry(rng: random.Random, i: int, entry_id: str, topic: str, all_ids: list[str]) -> str:
    question = f"Question {i}: how does {phrase(rng, 3)} affect {phrase(rng, 2)} when training with {phrase(rng, 2)}?"
    year, month, day = rng.randint(2020, 2025), rng.randint(1, 12), rng.randint(1, 28)
    related = sorted(set(rng.sample(all_ids, k=min(len(all_ids), rng.randint(0, 4)))) - {entry_id})
    lines = ["# yaml-language-server: $schema=../../../schemas/entry.schema.json",
             f"id: {entry_id}", f"question: \"{question}\"", f"author: {rng.choice(AUTHORS)}",
             f"published: {year}-{month:02d}-{day:02d}"]
    if rng.random() < 0.3:
        lines.append(f"updated: {min(year + 1, 2025)}-{month:02d}-{day:02d}")
    lines += [f"topic: {topic}", f"tags: [{', '.join(rng.sample(TAGS, k=rng.randint(1, 4)))}]",
              "summary: >-", _block(" ".join(sentence(rng) for _ in range(3))),
              "answer: |", _block(answer_markdown(rng, words=rng.randint(380, 620))),
              f"related: [{', '.join(related)}]"]
    refs = rng.randint(0, 3)
    if refs:
        lines.append("references:")
        for r in range(refs):
            lines += [f"  - title: \"{phrase(rng, 5).capitalize()} ({rng.randint(1990, 2024)})\"",
                      f"    url: https://example.org/papers/{entry_id}/{r + 1}"]
    return "\n".join(lines) + "\n"


def make_project(root: Path, n: int, seed: int = 1234) -> Manifest:
    """Write a synthetic project with ``n`` entries under ``root`` (which may exist but must hold no project)."""
    rng = random.Random(seed * 1_000_003 + n)
    root = Path(root)
    manifest = Manifest(root, n)
    (root / "content" / "entries").mkdir(parents=True, exist_ok=True)
    n_topics = max(1, round(math.sqrt(n)))
    (root / "content" / "taxonomy.yml").write_text(_taxonomy(rng, n_topics, manifest), encoding="utf-8")
    ids = [f"entry-{i:05d}-{phrase(rng, 2).replace(' ', '-')}" for i in range(1, n + 1)]
    for i, entry_id in enumerate(ids, 1):
        topic = manifest.topics[(i - 1) % n_topics] if i <= n_topics else rng.choice(manifest.topics)
        folder = root / "content" / "entries" / topic
        folder.mkdir(exist_ok=True)
        path = folder / f"{entry_id}.yml"
        path.write_text(_entry(rng, i, entry_id, topic, ids), encoding="utf-8")
        manifest.entry_topic[entry_id] = topic
        manifest.entry_file[entry_id] = path
    by_topic: dict[str, list[str]] = {}
    for entry_id, topic in manifest.entry_topic.items():
        by_topic.setdefault(topic, []).append(entry_id)
    (root / "quizzes").mkdir(exist_ok=True)
    for qi, topic in enumerate(manifest.topics[::4], 1):
        text = quiz_yaml(rng, qi, topic, by_topic.get(topic, []))
        (root / "quizzes" / f"quiz-{qi:03d}.yml").write_text(text, encoding="utf-8")
        manifest.quizzes += 1
    (root / "training_demos").mkdir(exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    in_nav = _nav_pages(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8")).get("nav"))
    for page in (REPO / "docs").rglob("*"):  # a page not in the nav (one being written) would fail the strict build
        rel = page.relative_to(REPO / "docs").as_posix()
        if page.is_file() and (page.suffix != ".md" or rel in in_nav):
            (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, root / "docs" / rel)
    if (REPO / "schemas").is_dir():
        shutil.copytree(REPO / "schemas", root / "schemas", dirs_exist_ok=True)
    return manifest


def _nav_pages(nav) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else []
    return set().union(*(_nav_pages(i) for i in items))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir")
    p.add_argument("--entries", type=int, default=100)
    p.add_argument("--seed", type=int, default=1234)
    args = p.parse_args()
    m = make_project(Path(args.dir), args.entries, args.seed)
    print(f"{m.entries} entries, {len(m.topics)} topics, {m.quizzes} quizzes in {m.root}")


if __name__ == "__main__":
    main()
