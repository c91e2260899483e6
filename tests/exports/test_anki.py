"""`export anki`: the deck as Anki itself imports it (the ``anki`` package's importer): a card per question in a
deck per topic, the answers and their demo runs, and a later export that updates the notes instead of copying them."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from factory import REPO, make_project, run_cli

QUIZ = "learning-rate-basics"
DEMO_QUIZ = "gradient-descent-experiments"
SITE_URL = "https://example.org/kb/"


def quiz_file(root: Path, quiz_id: str) -> dict:
    return next(data for path in sorted((root / "quizzes").glob("*.yml"))
                if (data := yaml.safe_load(path.read_text(encoding="utf-8")))["id"] == quiz_id)


def expected_deck(root: Path, quiz: dict) -> str:
    """The programme (the course) is the root deck, then the lesson and, for a topic's quiz, the topic."""
    taxonomy = yaml.safe_load((root / "content" / "taxonomy.yml").read_text(encoding="utf-8"))
    for programme in (p for f in taxonomy["fields"] for p in f["programmes"]):
        for lesson in programme["lessons"]:
            if lesson["id"] == quiz.get("lesson"):
                return f"{programme['title']}::{lesson['title']}"
            topic = next((t for t in lesson.get("topics", []) if t["id"] == quiz.get("topic")), None)
            if topic:
                return f"{programme['title']}::{lesson['title']}::{topic['title']}"
    raise AssertionError(f"no place for quiz {quiz['id']}")


def open_collection(folder: Path) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_into(col: Collection, package: Path):
    """Import as Anki does by default (update notes and note types only when the incoming ones are newer)."""
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package),
                                                            options=ImportAnkiPackageOptions()))


def notes_by_id(col: Collection) -> dict:
    notes = (col.get_note(nid) for nid in col.find_notes(""))
    return {note["Id"]: note for note in notes}


def deck_of(col: Collection, note) -> str:
    (card,) = note.cards()
    return col.decks.name(card.did)


@pytest.fixture(scope="module")
def deck(tmp_path_factory, export_bank):
    """The project's own two quizzes, exported by the real command with the session's demo results."""
    folder = tmp_path_factory.mktemp("anki")
    package = export_bank("anki", folder / "bank.apkg", QUIZ, DEMO_QUIZ)
    col = open_collection(folder / "reader")
    import_into(col, package)
    yield col
    col.close()


def test_one_card_per_question_in_the_deck_of_its_topic(deck):
    quizzes = [quiz_file(REPO, QUIZ), quiz_file(REPO, DEMO_QUIZ)]
    assert deck.card_count() == deck.note_count() == sum(len(q["questions"]) for q in quizzes)
    notes = notes_by_id(deck)
    for quiz in quizzes:
        assert {deck_of(deck, notes[q["id"]]) for q in quiz["questions"]} == {expected_deck(REPO, quiz)}
        assert all(set(notes[q["id"]].tags) == {f"quiz::{quiz['id']}", f"topic::{quiz['topic']}" if "topic" in quiz
                                                else f"lesson::{quiz['lesson']}"} for q in quiz["questions"])


def test_a_choice_question_has_its_options_answer_feedback_and_entry(deck):
    question = quiz_file(REPO, QUIZ)["questions"][0]
    note = notes_by_id(deck)[question["id"]]
    texts = [html.escape(o["text"]) for o in question["options"]]
    right = [t for t, o in zip(texts, question["options"]) if o.get("correct")]
    shown = note["Question"]
    assert [shown.index(t) for t in texts] == sorted(shown.index(t) for t in texts), "options in file order"
    assert note["Answer"] == f"<p>{right[0]}</p>"
    assert html.escape(" ".join(question["explanation"].split())) in note["Explanation"]
    assert all(html.escape(" ".join(o["feedback"].split())) in note["Explanation"] for o in question["options"])
    entry = yaml.safe_load(next((REPO / "content" / "entries").rglob(f"{question['entry']}.yml")).read_text())
    assert note["Entry"] == html.escape(entry["question"]), "without site_url, the entry is named, not linked"
    assert note["Source"] == "" and note["Id"] == question["id"] and len(note["Version"]) == 10
    (card,) = note.cards()
    assert note["Answer"] not in card.question()
    assert all(note[f] in card.answer() for f in ("Question", "Answer", "Explanation", "Entry"))


def test_a_demo_answer_says_which_run_it_comes_from(deck, session_results):
    run = session_results["lr_sweep"]
    note = notes_by_id(deck)["sweep-best-rate"]
    assert note["Source"] == html.escape(f"From the current demo run: lr_sweep run {str(run.key)[:12]} of "
                                         f"{run.provenance['date']}")
    assert note["Source"] in note.cards()[0].answer()


def test_questions_without_demo_results_are_left_out_and_named(tmp_path):
    questions = quiz_file(REPO, DEMO_QUIZ)["questions"]
    needs_demo = [q["id"] for q in questions if "options_from_demo" in q or isinstance(q.get("answer"), dict)]
    result = run_cli("export", "anki", "--quiz", DEMO_QUIZ, "--out", str(tmp_path / "d.apkg"),
                     env={"KB_DEMO_CONFIG": "off"})
    assert result.returncode == 0, result.stderr
    col = open_collection(tmp_path / "reader")
    import_into(col, tmp_path / "d.apkg")
    assert needs_demo and sorted(notes_by_id(col)) == sorted(q["id"] for q in questions if q["id"] not in needs_demo)
    col.close()
    assert f"left out: their demo results are unavailable ({', '.join(needs_demo)})" in result.stderr


TRAINING_QUIZ = """\
id: training-quiz
title: Training
topic: training
questions:
  - id: t-rate
    type: numeric
    prompt: Which rate did we use?
    answer: 0.5
    tolerance: 10%
    unit: per step
    entry: lr-basics
  - id: t-order
    type: ordering
    prompt: Put the steps in order.
    items: [forward pass, loss, backward pass, update]
"""
LESSON_QUIZ = """\
id: cnn-quiz
title: Convolutional networks
lesson: cnn
questions:
  - id: c-name
    type: text
    prompt: What is the step size of gradient descent called?
    answers: [learning rate, step size]
"""


@pytest.fixture
def small_project(tmp_path) -> Path:
    root = make_project(tmp_path / "kb")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nsite_url: {SITE_URL}\n", encoding="utf-8")
    (root / "quizzes" / "training.yml").write_text(TRAINING_QUIZ, encoding="utf-8")
    (root / "quizzes" / "cnn.yml").write_text(LESSON_QUIZ, encoding="utf-8")
    return root


def test_a_later_export_updates_the_imported_notes(small_project, tmp_path):
    from generator.exports import anki
    from generator.exports.bank import load_bank

    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    started = int(time.time())
    result = run_cli("export", "anki", "--out", str(first), root=small_project, env={"KB_DEMO_CONFIG": "off"})
    assert result.returncode == 0, result.stderr
    col = open_collection(tmp_path / "reader")
    import_into(col, first)
    before = notes_by_id(col)
    quizzes = [quiz_file(small_project, "training-quiz"), quiz_file(small_project, "cnn-quiz")]
    assert sorted(before) == sorted(q["id"] for quiz in quizzes for q in quiz["questions"])
    assert {deck_of(col, before[q["id"]]) for quiz in quizzes for q in quiz["questions"]} == {
        expected_deck(small_project, quiz) for quiz in quizzes}
    assert before["t-rate"]["Entry"] == f'<a href="{SITE_URL}questions/lr-basics/">What is the learning rate?</a>'
    assert before["t-rate"]["Answer"].startswith("<p>0.5 per step</p>") and "0.45 to 0.55" in before["t-rate"]["Answer"]
    assert started <= before["t-rate"].mod <= time.time(), "notes are stamped with the export time"
    order = before["t-order"]
    shown = [order["Question"].index(item) for item in quizzes[0]["questions"][1]["items"]]
    assert shown != sorted(shown), "the items are not shown in the right order"

    quiz = small_project / "quizzes" / "training.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("answer: 0.5", "answer: 0.25"), encoding="utf-8")
    # the instructor exports again later (a minute, so Anki's "update if newer" applies)
    anki.write(load_bank(small_project, [], "off"), second, now=before["t-rate"].mod + 60)
    fresh = open_collection(tmp_path / "fresh")
    import_into(fresh, second)
    assert {i: n.guid for i, n in notes_by_id(fresh).items()} == {i: n.guid for i, n in before.items()}
    fresh.close()

    import_into(col, second)
    after = notes_by_id(col)
    assert col.note_count() == len(before) and col.card_count() == len(before)
    assert after["t-rate"]["Answer"].startswith("<p>0.25 per step</p>")
    assert after["t-rate"]["Version"] != before["t-rate"]["Version"]
    assert after["c-name"]["Version"] == before["c-name"]["Version"]
    col.close()
