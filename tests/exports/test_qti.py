"""`export qti`: a Canvas QTI 1.2 package, compared question type by question type with the package text2qti
(a Canvas QTI exporter) writes for the same questions; the ordering question, which text2qti cannot write, is
checked as the matching question Canvas writes; and the package is the same bytes every time."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from factory import REPO, run_cli
from text2qti.config import Config
from text2qti.qti import QTI
from text2qti.quiz import Quiz as Text2qtiQuiz

from generator.quizzes.demo_values import demo_paths, format_value
from generator.quizzes.quiz_models import Quiz

QUIZZES = ("adaptive-optimizers", "training-optimisation-exam")  # every type, both tolerances; a timed pool
DEMO_QUIZ = "gradient-descent-experiments"  # answers from the demo run
NS = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
PLACES = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 13)]
# attributes that decide how Canvas reads an element; idents among them are compared after renaming
KEPT = ("ident", "rcardinality", "fibtype", "rshuffle", "continue", "action", "varname", "feedbacktype", "respident",
        "linkrefid")


def model(quiz_id: str) -> Quiz:
    return Quiz.model_validate(yaml.safe_load((REPO / "quizzes" / f"{quiz_id}.yml").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def exports(tmp_path_factory, session_cache) -> tuple[Path, Path, str]:
    out = tmp_path_factory.mktemp("qti")
    stderr = ""
    for name in ("a.zip", "b.zip"):
        result = run_cli("export", "qti", *[a for q in (*QUIZZES, DEMO_QUIZ) for a in ("--quiz", q)],
                         "--out", str(out / name), env={"KB_DEMO_CACHE_DIR": str(session_cache)})
        assert result.returncode == 0, result.stderr[-3000:]
        stderr = result.stderr
    return out / "a.zip", out / "b.zip", stderr


def read_package(data: bytes) -> dict[str, tuple[ET.Element, ET.Element]]:
    """Assessment ident -> (its QTI root, its assessment_meta root), found through the manifest."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        files = {name: package.read(name) for name in package.namelist() if not name.endswith("/")}
    manifest = ET.fromstring(files["imsmanifest.xml"])
    resources = {r.get("identifier"): r for r in manifest.iter() if local(r) == "resource"}
    named = [f.get("href") for r in resources.values() for f in r if local(f) == "file"]
    assert named and all(href in files for href in named), "the manifest names a file the zip lacks"
    found = {}
    for ident, resource in resources.items():
        if resource.get("type") == "imsqti_xmlv1p2":
            qti = next(f.get("href") for f in resource if local(f) == "file")
            meta = resources[next(d.get("identifierref") for d in resource if local(d) == "dependency")]
            found[ident] = ET.fromstring(files[qti]), ET.fromstring(files[meta.get("href")])
    return found


def local(el: ET.Element) -> str:
    return el.tag.split("}")[-1]


def manifest_shape(data: bytes) -> list[tuple]:
    """Per assessment, its resources with the assessment's ident written A and the settings' ident M."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
    resources = {r.get("identifier"): r for r in manifest.iter() if local(r) == "resource"}
    shapes = []
    for ident, r in resources.items():
        if r.get("type") == "imsqti_xmlv1p2":
            dep = next(d.get("identifierref") for d in r if local(d) == "dependency")
            shapes.append(tuple((x.get("identifier").replace(dep, "M").replace(ident, "A"), x.get("type"),
                                 (x.get("href") or "").replace(ident, "A"),
                                 tuple((local(c), (c.get("href") or c.get("identifierref")).replace(dep, "M")
                                        .replace(ident, "A")) for c in x)) for x in (r, resources[dep])))
    return [(local(manifest), *sorted({local(c) for c in manifest}))] + shapes


def shape(el: ET.Element, names: dict | None = None, path: str = "") -> list[str]:
    """The element paths under ``el`` with the attributes and texts that matter, choice idents renamed by position
    and free texts (the words, the numbers, the points) left out."""
    if names is None:
        names = {}
        for label in el.iter(f"{NS}response_label"):
            names.setdefault(label.get("ident"), f"choice{len(names)}")

    def norm(value: str) -> str:
        return names.get(value) or (names[value[:-3]] + "_fb" if value[:-3] in names else value)

    out, label = [], None
    for child in el:
        tag = local(child)
        here = f"{path}/{tag}"
        attrs = "".join(f"[{k}={norm(child.get(k))}]" for k in KEPT
                        if child.get(k) is not None and (tag not in ("assessment", "section", "item") or child.get(k) == "root_section"))
        text = (child.text or "").strip()
        kept = (text if tag in ("fieldlabel", "setvar") or (tag == "fieldentry" and label == "question_type")
                else norm(text) if tag == "varequal" and text in names else "")
        label = text if tag == "fieldlabel" else label
        out.append(f"{here}{attrs}{'=' + kept if kept else ''}")
        if tag != "item":
            out += shape(child, names, here)
    return out


def items(qti: ET.Element) -> list[ET.Element]:
    return list(qti.iter(f"{NS}item"))


def field(item: ET.Element, label: str) -> str:
    return next(f.findtext(f"{NS}fieldentry") for f in item.iter(f"{NS}qtimetadatafield")
                if f.findtext(f"{NS}fieldlabel") == label)


def numbers(item: ET.Element) -> tuple[float, ...]:
    return tuple(float(item.find(f".//{NS}{tag}").text) for tag in ("varequal", "vargte", "varlte"))


def one_line(text: str) -> str:
    return " ".join(text.split())


def text2qti_source(quiz: Quiz) -> str:
    """The quiz's questions (the ordering one aside) in text2qti's plain-text format, with the feedback where
    `export qti` puts it: explanation and entry as general feedback, a hint with the feedback to a wrong answer."""
    lines = [f"Quiz title: {one_line(quiz.title)}", f"Quiz description: {one_line(quiz.description)}", ""]
    if quiz.pool:  # text2qti's groups need one points value: the points are checked against the quiz file instead
        lines += ["GROUP", f"pick: {quiz.pool}", "points per question: 1", ""]
    for n, q in enumerate((q for q in quiz.questions if q.type != "ordering"), 1):
        lines += [] if quiz.pool else [f"Points: {q.points:g}"]
        lines.append(f"{n}.  {one_line(q.prompt)}")
        if q.explanation or q.entry:
            lines.append(f"... {one_line(q.explanation or q.entry)}")
        if q.feedback and q.feedback.correct:
            lines.append(f"+ {one_line(q.feedback.correct)}")
        if (q.feedback and q.feedback.incorrect) or q.hint:
            lines.append(f"- {one_line(' '.join(filter(None, [q.feedback and q.feedback.incorrect, q.hint])))}")
        if q.type == "true-false":
            lines += [f"{'*' * q.answer}a) True", f"{'*' * (not q.answer)}b) False"]
        for k, option in enumerate(q.options or [] if q.type in ("single", "multiple") else []):
            mark = (f"[{'*' if option.correct else ' '}]" if q.type == "multiple"
                    else f"{'*' * option.correct}{chr(97 + k)})")
            lines.append(f"{mark} {one_line(option.text)}")
            lines += [f"... {one_line(option.feedback)}"] if option.feedback else []
        if q.type == "text":
            lines += [f"* {one_line(answer)}" for answer in q.answers]
        if q.type == "numeric":
            lines.append(f"= {float(q.answer)!r} +- {q.tolerance}")
        lines.append("")
    return "\n".join(lines + (["END_GROUP", ""] if quiz.pool else []))


@pytest.fixture(scope="module")
def ours(exports) -> dict[str, tuple[ET.Element, ET.Element]]:
    return read_package(exports[0].read_bytes())


@pytest.fixture(scope="module")
def text2qti_packages() -> dict[str, bytes]:
    return {quiz_id: QTI(Text2qtiQuiz(text2qti_source(model(quiz_id)), config=Config())).zip_bytes()
            for quiz_id in QUIZZES}


def test_the_manifest_is_laid_out_as_text2qti_lays_out_one(exports, text2qti_packages):
    ours_shape = manifest_shape(exports[0].read_bytes())
    theirs = manifest_shape(next(iter(text2qti_packages.values())))
    assert ours_shape[0] == theirs[0]
    assert ours_shape[1:] == [theirs[1]] * (len(QUIZZES) + 1)


@pytest.mark.parametrize("quiz_id", QUIZZES)
def test_each_question_has_the_structure_text2qti_writes(ours, text2qti_packages, quiz_id):
    quiz = model(quiz_id)
    (their_qti, their_meta), = read_package(text2qti_packages[quiz_id]).values()
    our_qti, our_meta = ours[quiz_id]
    assert our_qti.tag == their_qti.tag and our_meta.tag == their_meta.tag
    ours_items = [i for i in items(our_qti) if field(i, "question_type") != "matching_question"]
    their_items = items(their_qti)
    assert len(ours_items) == len(their_items) == len([q for q in quiz.questions if q.type != "ordering"])
    for mine, theirs, q in zip(ours_items, their_items, (q for q in quiz.questions if q.type != "ordering")):
        assert shape(mine) == shape(theirs), q.id
        if q.type == "numeric":
            exact = float(q.answer)
            margin = abs(exact) * float(q.tolerance[:-1]) / 100 if isinstance(q.tolerance, str) else q.tolerance
            assert numbers(mine) == pytest.approx(numbers(theirs), rel=1e-3)  # text2qti rounds to 4 decimals
            assert numbers(mine) == pytest.approx((exact, exact - margin, exact + margin), rel=1e-9)
        if q.type == "text":
            assert [v.text for v in mine.iter(f"{NS}varequal")] == [one_line(a) for a in q.answers]
    # the assessment around the items: its metadata, the root section and, for a pool, the group that draws from it
    around = [line for line in shape(our_qti) if "/item" not in line]
    if quiz.time_limit:  # the one field text2qti does not write (its value is checked below)
        at = around.index("/assessment/qtimetadata/qtimetadatafield/fieldlabel=qmd_timelimit")
        del around[at - 1:at + 2]
    assert around == [line for line in shape(their_qti) if "/item" not in line]
    assert {local(c) for c in our_meta} <= {local(c) for c in their_meta} | {"time_limit"}


def test_points_counts_pool_and_time_limit_follow_the_quiz_files(ours):
    for quiz_id in (*QUIZZES, DEMO_QUIZ):
        quiz = model(quiz_id)
        qti, meta = ours[quiz_id]
        found = items(qti)
        assert [i.get("title") for i in found] == [q.id for q in quiz.questions]
        assert [float(field(i, "points_possible")) for i in found] == [q.points for q in quiz.questions]
        total = sum(q.points for q in quiz.questions)
        pick = qti.find(f".//{NS}selection_number")
        if quiz.pool:
            each = float(qti.find(f".//{NS}points_per_item").text)
            assert int(pick.text) == quiz.pool and each == pytest.approx(total / len(quiz.questions))
            total = quiz.pool * each
        else:
            assert pick is None
        ns = meta.tag[:-len("quiz")]
        assert float(meta.findtext(f"{ns}points_possible")) == pytest.approx(total)
        assert meta.findtext(f"{ns}title") == quiz.title and meta.get("identifier") == quiz_id
        limit = [f.findtext(f"{NS}fieldentry") for f in qti.find(f"{NS}assessment/{NS}qtimetadata")
                 if f.findtext(f"{NS}fieldlabel") == "qmd_timelimit"]
        assert meta.findtext(f"{ns}time_limit") == (str(quiz.time_limit) if quiz.time_limit else None)
        assert limit == ([str(quiz.time_limit)] if quiz.time_limit else [])


def test_an_ordering_question_is_a_matching_question_that_pairs_items_with_places(ours, exports):
    checked = 0
    expected = sum(q.type == "ordering" for quiz_id in QUIZZES for q in model(quiz_id).questions)
    for quiz_id in QUIZZES:
        by_id = {i.get("title"): i for i in items(ours[quiz_id][0])}
        for q in (q for q in model(quiz_id).questions if q.type == "ordering"):
            item = by_id[q.id]
            assert field(item, "question_type") == "matching_question"
            lids = item.findall(f"{NS}presentation/{NS}response_lid")
            shown = [lid.findtext(f"{NS}material/{NS}mattext") for lid in lids]
            assert sorted(shown) == sorted(q.items) and shown != list(q.items), "every item, not already in order"
            places = {}
            for lid in lids:
                labels = lid.findall(f"{NS}render_choice/{NS}response_label")
                assert [lb.findtext(f"{NS}material/{NS}mattext") for lb in labels] == PLACES[:len(q.items)]
                places.update({lb.get("ident"): n for n, lb in enumerate(labels)})
            answer = {lid.get("ident"): text for lid, text in zip(lids, shown)}
            scored = [(c.find(f".//{NS}varequal"), c.find(f"{NS}setvar"))
                      for c in item.iter(f"{NS}respcondition") if c.find(f"{NS}setvar") is not None]
            assert sorted((places[v.text], answer[v.get("respident")]) for v, _ in scored) == list(enumerate(q.items))
            assert {s.get("action") for _, s in scored} == {"Add"}
            assert {c.get("continue") for c in item.iter(f"{NS}respcondition") if c.find(f"{NS}setvar") is not None} == {
                "Yes"}, "each item in its place adds its share, whatever came before"
            assert sum(float(s.text) for _, s in scored) == pytest.approx(100, abs=0.1)
            checked += 1
    assert checked == expected > 0
    assert "note: Canvas has no ordering question: each is a matching question" in exports[2]


def test_demo_answers_are_the_current_run_and_say_so(ours, session_results):
    def value(path: str):
        name, *keys = path.split(".")
        found = session_results[name]
        for key in keys:
            found = found[key] if isinstance(found, dict) else getattr(found, key)
        return found

    quiz = model(DEMO_QUIZ)
    for item, q in zip(items(ours[DEMO_QUIZ][0]), quiz.questions):
        general = next(f for f in item.iter(f"{NS}itemfeedback") if f.get("ident") == "general_fb")
        assert ("comes from the current demo run" in general.findtext(f".//{NS}mattext")) == bool(demo_paths(q)), q.id
        if q.type == "numeric" and demo_paths(q):
            exact = value(q.answer.from_demo)
            margin = abs(exact) * float(q.tolerance[:-1]) / 100
            assert numbers(item) == pytest.approx((exact, exact - margin, exact + margin), rel=1e-9)
        if q.type == "single" and q.options_from_demo:
            right = item.find(f".//{NS}respcondition/{NS}setvar/../{NS}conditionvar/{NS}varequal").text
            label = next(lb for lb in item.iter(f"{NS}response_label") if lb.get("ident") == right)
            assert label.findtext(f".//{NS}mattext") == format_value(value(q.options_from_demo.correct))


def test_two_exports_are_the_same_bytes(exports):
    first, second, _ = exports
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as package:
        assert package.testzip() is None
        assert package.namelist()[0] == "imsmanifest.xml"
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}, "fixed, not the run's time"


def test_every_feedback_of_an_item_is_shown_by_one_of_its_conditions(tmp_path, session_cache):
    out = tmp_path / "bank.zip"  # the whole bank: an ordering question with a hint is among it
    result = run_cli("export", "qti", "--out", str(out), env={"KB_DEMO_CACHE_DIR": str(session_cache)})
    assert result.returncode == 0, result.stderr[-3000:]
    ordering_with_feedback = 0
    for qti, _ in read_package(out.read_bytes()).values():
        for item in items(qti):
            written = {f.get("ident") for f in item.findall(f"{NS}itemfeedback")}
            shown = {d.get("linkrefid") for d in item.iter(f"{NS}displayfeedback")}
            assert written == shown, (item.get("title"), written - shown, shown - written)
            ordering_with_feedback += field(item, "question_type") == "matching_question" and bool(written - {"general_fb"})
    assert ordering_with_feedback > 0
