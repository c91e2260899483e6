"""`export moodle`: one Moodle XML file, read back with Python's XML parser and checked per question against
what the `moodle-questions` library writes for the same question, against the elements Moodle's own importers
read, and against the quiz files: counts, points, grades, tolerances, categories and demo values."""

from __future__ import annotations

import copy
import html
import itertools
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from fractions import Fraction
from pathlib import Path

import moodle_questions as mq
import pytest
import yaml
from factory import REPO, run_cli

from generator.pages.quiz_pages import demo_resolver
from generator.quizzes.demo_values import demo_paths, format_value, options
from generator.quizzes.quiz_models import DemoRef, Quiz
from generator.quizzes.widget import inline

REFERENCE_QUIZZES = ("learning-rate-basics", "training-optimisation-exam")  # every type, both scorings, no demos
DEMO_QUIZ = "gradient-descent-experiments"

# Paths below <question> that Moodle's XML importer reads, from question/format/xml/format.php (qformat_xml:
# import_headers, import_answer, import_combined_feedback, import_hint, import_question_tags, import_<type>).
# <hidden> is not read back, but Moodle's own exporter (writequestion) writes it into every question.
HEADERS = {"name", "name/text", "questiontext", "questiontext/text", "generalfeedback", "generalfeedback/text",
           "defaultgrade", "penalty", "hidden", "idnumber", "tags", "tags/tag", "tags/tag/text",
           "hint", "hint/text", "hint/shownumcorrect", "hint/clearwrong", "hint/options"}
ANSWERS = {"answer", "answer/text", "answer/feedback", "answer/feedback/text"}
COMBINED = {f"{kind}feedback{part}" for kind in ("correct", "partiallycorrect", "incorrect") for part in ("", "/text")}
MOODLE_READS = {
    "multichoice": HEADERS | ANSWERS | COMBINED | {"single", "shuffleanswers", "answernumbering",
                                                   "showstandardinstruction", "shownumcorrect"},
    "truefalse": HEADERS | ANSWERS,
    "shortanswer": HEADERS | ANSWERS | {"usecase"},
    "numerical": HEADERS | ANSWERS | {"answer/tolerance", "units", "units/unit", "units/unit/multiplier",
                                      "units/unit/unit_name", "unitgradingtype", "unitpenalty", "showunits",
                                      "unitsleft", "instructions", "instructions/text"},
}
# What qtype_ordering's import_from_xml reads (question/type/ordering/questiontype.php, Moodle 4.4 and later)
# besides qformat_xml's headers, answers, combined feedback and hints; and the values its
# set_options_for_import understands (anything else silently becomes a default).
ORDERING_READS = HEADERS | ANSWERS | COMBINED | {"layouttype", "selecttype", "selectcount", "gradingtype",
                                                 "showgrading", "numberingstyle", "shownumcorrect"}
ORDERING_VALUES = {"layouttype": {"VERTICAL", "HORIZONTAL"}, "selecttype": {"ALL", "RANDOM", "CONTIGUOUS"},
                   "gradingtype": {"ALL_OR_NOTHING", "ABSOLUTE_POSITION", "RELATIVE_NEXT_EXCLUDE_LAST",
                                   "RELATIVE_NEXT_INCLUDE_LAST", "RELATIVE_ONE_PREVIOUS_AND_NEXT",
                                   "RELATIVE_ALL_PREVIOUS_AND_NEXT", "LONGEST_ORDERED_SUBSET",
                                   "LONGEST_CONTIGUOUS_SUBSET", "RELATIVE_TO_CORRECT"},
                   "showgrading": {"SHOW", "HIDE"}, "numberingstyle": {"none", "123", "abc", "ABCD", "iii", "IIII"}}
TEXT_FORMATS = {"html", "moodle_auto_format", "plain_text", "wiki_like", "markdown"}  # qformat_xml::trans_format
# The answer grades an import accepts (question/engine/bank.php): p/q for q <= 6, p/10, 1/q for q <= 10, 1/20,
# and their negatives.
GRADES = {Fraction(p, q) for q in range(1, 7) for p in range(q + 1)} | {Fraction(p, 10) for p in range(11)} \
    | {Fraction(1, q) for q in range(1, 11)} | {Fraction(1, 20)}
GRADES |= {-g for g in GRADES}


def _quizzes() -> dict[str, Quiz]:
    models = [Quiz.model_validate(yaml.safe_load(p.read_text(encoding="utf-8"))) for p in REPO.glob("quizzes/*.yml")]
    return {quiz.id: quiz for quiz in models}


def _taxonomy_titles() -> dict[str, tuple[str, ...]]:
    """Lesson or topic id -> the titles from its field down to it."""
    out = {}
    for f in yaml.safe_load((REPO / "content" / "taxonomy.yml").read_text(encoding="utf-8"))["fields"]:
        for p in f["programmes"]:
            for lesson in p["lessons"]:
                out[lesson["id"]] = (f["title"], p["title"], lesson["title"])
                for topic in lesson.get("topics", []):
                    out[topic["id"]] = (*out[lesson["id"]], topic["title"])
    return out


def split_category(path: str) -> list[str]:
    """A category path as Moodle's importer reads it: split at single "/", "//" inside a name is a "/"."""
    return [part.replace("//", "/").strip() for part in re.split(r"(?<!/)/(?!/)", path)]


def norm(text: str | None) -> str:
    """Text without markup, entities, backticks and runs of spaces, to compare what a reader sees."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text or "")).replace("`", "").split())


def _p(text: str | None) -> str:
    return f"<p>{inline(text)}</p>" if text else ""


def element_paths(el: ET.Element, prefix: str = "") -> list[tuple[str, str | None]]:
    out = []
    for child in el:
        path = prefix + child.tag
        out += [(path, child.get("format"))] + element_paths(child, path + "/")
    return out


@pytest.fixture(scope="module")
def bank_xml(export_bank, tmp_path_factory) -> Path:
    return export_bank("moodle", tmp_path_factory.mktemp("moodle") / "bank.xml")


@pytest.fixture(scope="module")
def groups(bank_xml) -> dict[str, tuple[ET.Element, list[ET.Element]]]:
    """Quiz id (its questions' tag) -> (its category, its questions), read with Python's XML parser."""
    root = ET.parse(bank_xml).getroot()
    assert root.tag == "quiz"
    out, category, questions = {}, None, []
    for el in [*root, None]:
        if el is None or el.get("type") == "category":
            if category is not None:
                tags = {q.findtext("tags/tag/text") for q in questions}
                assert len(tags) == 1, tags
                out[tags.pop()] = (category, questions)
            category, questions = el, []
        else:
            questions.append(el)
    return out


def test_counts_points_and_ids_follow_the_quiz_files(groups):
    quizzes = _quizzes()
    assert sorted(groups) == sorted(quizzes)
    for quiz_id, quiz in quizzes.items():
        _, questions = groups[quiz_id]
        assert [q.findtext("idnumber") for q in questions] == [q.id for q in quiz.questions]
        for el, q in zip(questions, quiz.questions):
            assert float(el.findtext("defaultgrade")) == q.points and el.findtext("hidden") == "0"
            assert float(el.findtext("penalty")) == pytest.approx(1 if q.type == "true-false" else 0, abs=1e-6)
            assert norm(el.findtext("hint/text")) == norm(q.hint)
            if "{{" not in q.prompt:  # (a demo value fills the others)
                assert norm(el.findtext("questiontext/text")).startswith(norm(q.prompt))
            assert el.find("questiontext").get("format") == "html"


def test_categories_follow_the_taxonomy(groups):
    titles = _taxonomy_titles()
    for quiz_id, quiz in _quizzes().items():
        category, _ = groups[quiz_id]
        path = split_category(category.findtext("category/text"))
        assert path == ["$course$", "top", *titles[quiz.topic or quiz.lesson], quiz.title]
        info = norm(category.findtext("info/text"))
        assert norm(quiz.description) in info and category.find("info").get("format") == "html"
        if quiz.time_limit:
            assert f"{quiz.time_limit} minutes" in info
        if quiz.pool:
            assert f"Add {quiz.pool} random questions" in info


def test_each_question_has_the_structure_moodle_questions_writes(groups, tmp_path):
    quizzes, checked = _quizzes(), Counter()
    for quiz_id in REFERENCE_QUIZZES:
        quiz, (_, ours) = quizzes[quiz_id], groups[quiz_id]
        reference = mq.Quiz()
        for q in quiz.questions:
            common = dict(name=q.prompt, question_text=_p(q.prompt), default_mark=q.points,
                          general_feedback=_p(q.explanation), id_number=q.id)
            if q.type in ("single", "multiple"):
                made = mq.MultipleChoiceQuestion(**common)
                for o in q.options:
                    made.add_answer(100 if o.correct else 0, inline(o.text), _p(o.feedback))
            elif q.type == "text":
                made = mq.ShortAnswerQuestion(**common)
                for a in q.answers:
                    made.add_answer(100, a, _p(q.feedback and q.feedback.correct))
            else:
                continue  # its true/false and numerical classes cannot be made (abstract, NotImplementedError)
            reference.add_question(made)
        reference.save(str(tmp_path / f"{quiz_id}.xml"))
        by_id = {el.findtext("idnumber"): el for el in ET.parse(tmp_path / f"{quiz_id}.xml").getroot()}
        for el in ours:
            ref = by_id.get(el.findtext("idnumber"))
            if ref is None:
                continue
            el = copy.deepcopy(el)
            for extra in [a for a in el.findall("answer") if a.findtext("text") == "*"]:  # our catch-all answer
                assert extra.get("fraction") == "0" and norm(extra.findtext("feedback/text"))
                el.remove(extra)
            assert el.get("type") == ref.get("type")
            ref_paths, our_paths = element_paths(ref), element_paths(el)
            known = {path for path, _ in ref_paths}
            assert Counter(p for p in our_paths if p[0] in known) == Counter(ref_paths), el.findtext("idnumber")
            assert {path for path, _ in our_paths} - known <= MOODLE_READS[el.get("type")]
            for field in ("questiontext/text", "answer/text"):
                assert [norm(t.text) for t in el.findall(field)] == [norm(t.text) for t in ref.findall(field)]
            assert [norm(t.text) for t in el.findall("answer/feedback/text")] == \
                [norm(t.text) for t in ref.findall("answer/feedback/text")]
            assert norm(ref.findtext("generalfeedback/text")) in norm(el.findtext("generalfeedback/text"))
            name = norm(el.findtext("name/text"))
            assert len(name) <= 80 and norm(ref.findtext("name/text")).startswith(name.removesuffix("..."))
            checked[el.get("type")] += 1
    assert checked["multichoice"] >= 4 and checked["shortanswer"] >= 2, checked


def test_choice_grades_score_as_the_site_does(groups):
    quizzes, seen = _quizzes(), Counter()
    for quiz_id, quiz in quizzes.items():
        for el, q in zip(groups[quiz_id][1], quiz.questions):
            for path in ("questiontext", "generalfeedback", "answer", "answer/feedback", "hint"):
                assert {x.get("format") for x in el.findall(path)} <= TEXT_FORMATS
            if q.type == "true-false":
                assert {path for path, _ in element_paths(el)} <= MOODLE_READS["truefalse"]
                fb = q.feedback
                right, wrong = (fb.correct, fb.incorrect) if fb else (None, None)
                got = [(a.findtext("text"), a.get("fraction"), norm(a.findtext("feedback/text"))) for a in el.iter("answer")]
                assert got == [("true", "100" if q.answer else "0", norm(right if q.answer else wrong)),
                               ("false", "0" if q.answer else "100", norm(wrong if q.answer else right))]
            if q.type not in ("single", "multiple") or q.options is None:
                continue
            assert el.findtext("single") == ("true" if q.type == "single" else "false")
            assert el.findtext("shuffleanswers") == ("true" if q.shuffle else "false")
            fractions = [Fraction(a.get("fraction")).limit_denominator(1000) / 100 for a in el.findall("answer")]
            assert all(f in GRADES for f in fractions), fractions
            right = {i for i, o in enumerate(q.options) if o.correct}
            partial = q.type == "multiple" and quiz.scoring == "partial"
            for picked in itertools.chain.from_iterable(itertools.combinations(range(len(q.options)), k)
                                                        for k in range(1, len(q.options) + 1)):
                if q.type == "single" and len(picked) > 1:
                    continue
                moodle = min(1, max(0, sum(fractions[i] for i in picked)))  # Moodle adds up and clamps to 0..1
                hit = len(right & set(picked))
                site = max(0, Fraction(hit - (len(picked) - hit), len(right))) if partial else \
                    Fraction(set(picked) == right)
                if partial or q.type == "single" or hit < len(picked) or hit == len(right):
                    assert moodle == site, (q.id, picked)
                else:  # all-or-nothing, right picks only and not all of them: Moodle's credit is their share
                    assert moodle == Fraction(hit, len(right))
            seen[(q.type, partial)] += 1
    assert seen[("multiple", True)] and seen[("multiple", False)] and seen[("single", False)], seen


def test_numbers_text_and_ordering(groups, session_results):
    resolve = demo_resolver(session_results)
    numeric = ordering = 0
    for quiz_id, quiz in _quizzes().items():
        for el, q in zip(groups[quiz_id][1], quiz.questions):
            if q.type == "numeric":
                assert el.get("type") == "numerical"
                value = float(resolve(q.answer.from_demo)) if isinstance(q.answer, DemoRef) else q.answer
                tol = abs(value) * float(q.tolerance[:-1]) / 100 if isinstance(q.tolerance, str) else q.tolerance
                right = [a for a in el.findall("answer") if a.get("fraction") == "100"]
                assert len(right) == 1 and float(right[0].findtext("text")) == pytest.approx(value, rel=1e-12)
                assert float(right[0].findtext("tolerance")) == pytest.approx(tol, rel=1e-9, abs=1e-15)
                assert el.findtext("units/unit/unit_name") == q.unit and el.findtext("unitgradingtype") == "0"
                assert {path for path, _ in element_paths(el)} <= MOODLE_READS["numerical"]
                numeric += 1
            elif q.type == "text":
                answers = [a for a in el.findall("answer") if a.findtext("text") != "*"]
                assert el.findtext("usecase") == "0"
                assert [(a.findtext("text"), a.get("fraction")) for a in answers] == [(t, "100") for t in q.answers]
            elif q.type == "ordering":
                assert el.get("type") == "ordering"
                assert {path for path, _ in element_paths(el)} <= ORDERING_READS
                for tag, allowed in ORDERING_VALUES.items():
                    assert el.findtext(tag) in allowed, tag
                assert el.findtext("gradingtype") == "ALL_OR_NOTHING" and el.findtext("selecttype") == "ALL"
                assert int(el.findtext("selectcount")) == len(q.items)
                answers = el.findall("answer")
                assert [norm(a.findtext("text")) for a in answers] == [norm(t) for t in q.items]
                assert [a.get("fraction") for a in answers] == [str(i) for i in range(1, len(q.items) + 1)]
                assert {a.get("format") for a in answers} == {"html"}
                ordering += 1
    assert numeric >= 10 and ordering >= 5


def test_demo_answers_hold_the_current_run_and_say_so(groups, session_results):
    resolve = demo_resolver(session_results)
    quiz = _quizzes()[DEMO_QUIZ]
    demo_questions = 0
    for el, q in zip(groups[DEMO_QUIZ][1], quiz.questions):
        used = {path.split(".")[0] for path in demo_paths(q)}
        feedback = el.findtext("generalfeedback/text")
        assert ("From the current demo run" in feedback) == bool(used)
        for name in used:
            assert f"{name} run {session_results[name].key[:12]}" in feedback
        if q.type == "single" and q.options_from_demo:
            expected = options(q.options_from_demo, resolve)
            assert [(norm(a.findtext("text")), a.get("fraction")) for a in el.findall("answer")] == \
                [(norm(o.text), "100" if o.correct else "0") for o in expected]
            assert format_value(resolve(q.options_from_demo.correct), q.options_from_demo.unit) in \
                [norm(a.findtext("text")) for a in el.findall("answer") if a.get("fraction") == "100"]
        demo_questions += bool(used)
    assert demo_questions >= 3


def test_two_exports_are_byte_identical(bank_xml, export_bank, tmp_path):
    assert export_bank("moodle", tmp_path / "again.xml").read_bytes() == bank_xml.read_bytes()


def test_slashes_in_names_are_escaped_and_entries_linked(tmp_path):
    for part in ("content", "quizzes", "docs"):
        shutil.copytree(REPO / part, tmp_path / part)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(re.sub(r"(?m)^# site_url: .*$", "site_url: https://example.org/kb/", config),
                                         encoding="utf-8")
    taxonomy = tmp_path / "content" / "taxonomy.yml"
    quiz = _quizzes()["learning-rate-basics"]
    topic = _taxonomy_titles()[quiz.topic][-1]
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace(f"title: {topic}\n", f"title: {topic} / intro/\n"),
                        encoding="utf-8")
    out = tmp_path / "bank.xml"
    result = run_cli("export", "moodle", "--quiz", quiz.id, "--demos", "off", "--out", str(out), root=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    root = ET.parse(out).getroot()
    path = root[0].findtext("category/text")
    assert f"{topic} // intro// /" in path and split_category(path)[-2] == f"{topic} / intro/"
    linked = 0
    for el, q in zip(root[1:], quiz.questions):
        if q.entry:
            assert f'<a href="https://example.org/kb/questions/{q.entry}/">' in el.findtext("generalfeedback/text")
            linked += 1
    assert linked
