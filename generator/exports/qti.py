"""Canvas QTI: a QTI 1.2 package (``.zip``) for Canvas's "QTI .zip file" import, one assessment per quiz.

Each quiz is a folder ``<quiz id>/`` with ``<quiz id>.xml`` (the questions) and Canvas's ``assessment_meta.xml``
(its settings), both listed in ``imsmanifest.xml``, shaped as Canvas's own export and text2qti write them.
Classic quizzes have no ordering question: one becomes a matching question that pairs each item with its place.
Idents come from the quiz and question ids and the zip has fixed timestamps, so a bank gives the same bytes.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from generator.exports.bank import BankQuiz
from generator.quizzes.quiz_models import MultipleChoice, Numeric, Ordering, ShortText, TrueFalse, field_of
from generator.quizzes.widget import Prepared, attr, inline, shown_order

TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
         "true-false": "true_false_question", "numeric": "numerical_question", "text": "short_answer_question",
         "ordering": "matching_question"}


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element; ``continue_`` stands for the attribute ``continue``."""
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    el.text = text
    return el


def _root(tag: str, ns: str, schema: str, **attrs: str) -> ET.Element:
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    return ET.Element(tag, {**attrs, "xmlns": ns, "xmlns:xsi": xsi, "xsi:schemaLocation": f"{ns} {schema}"})


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, "  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def _answer_ids(qid: str, count: int, offset: int = 1) -> list[str]:
    """Whole numbers from the question id, as Canvas writes answer idents (places from 51: Canvas reads digits)."""
    base = int(hashlib.sha256(qid.encode()).hexdigest()[:5], 16) * 100
    return [str(base + offset + k) for k in range(count)]


def _material(parent: ET.Element, text: str = "", html: str = "") -> None:
    """Plain text as text/plain (Canvas shows the entities of HTML that is a bare text node); `code` as HTML."""
    html = html or (inline(text) if "`" in text else "")
    _sub(_sub(parent, "material"), "mattext", html or " ".join(text.split()),
         texttype="text/html" if html else "text/plain")


def _fields(meta: ET.Element, pairs: list[tuple[str, str]]) -> None:
    for label, entry in pairs:
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _condition(rp: ET.Element, continue_: str = "Yes", other: str = "") -> tuple[ET.Element, ET.Element]:
    """A response condition; with ``other``, one that shows that feedback whatever the answer."""
    cond = _sub(rp, "respcondition", continue_=continue_)
    var = _sub(cond, "conditionvar")
    if other:
        _sub(var, "other")
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=other)
    return cond, var


def _general_feedback(bq: BankQuiz, i: int) -> str:
    """The explanation, the explaining entry and, for values from a demo, which run they come from."""
    q = bq.items[i].q
    parts = [f"<p>{inline(q.explanation)}</p>"] if q.explanation else []
    if link := bq.entries.get(q.entry):
        question, url = link
        parts.append(f'<p>More: <a href="{attr(url)}">{inline(question)}</a></p>' if url
                     else f"<p>More in the entry “{inline(question)}”.</p>")
    if bq.from_demos[i]:
        runs = [bq.run_label(name, inline, code=True) for name in bq.run_names(i)]
        parts.append(f"<p>This answer comes from the current demo run ({', '.join(runs)}).</p>")
    return "".join(parts)


def _presentation(item: ET.Element, prepared: Prepared, ids: list[str], places: list[str]) -> None:
    """The question's text and the response its type asks for: options, a field, or a place for each item."""
    q, options = prepared.q, prepared.options or []
    presentation = _sub(item, "presentation")
    extra = (f"<p>Answer in {inline(q.unit)}.</p>" if isinstance(q, Numeric) and q.unit else
             "<p>Match each item to its place in the order (1st comes first).</p>" if places else "")
    _material(presentation, html=f"<div><p>{inline(q.prompt)}</p>{extra}</div>")
    if places:  # a drop-down of places per item, the items in the order the site shows them
        for k in shown_order(q):
            lid = _sub(presentation, "response_lid", ident=f"response_{ids[k]}", rcardinality="Single")
            _material(lid, q.items[k])
            choice = _sub(lid, "render_choice")
            for n, place in enumerate(places, 1):
                suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
                _material(_sub(choice, "response_label", ident=place), f"{n}{suffix}")
    elif options:
        lid = _sub(presentation, "response_lid", ident="response1",
                   rcardinality="Multiple" if isinstance(q, MultipleChoice) else "Single")
        choice = _sub(lid, "render_choice")
        for ident, option in zip(ids, options):
            _material(_sub(choice, "response_label", ident=ident), option.text)
    else:
        numeric = isinstance(q, Numeric)
        fib = _sub(_sub(presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib",
                   **({"fibtype": "Decimal"} if numeric else {}))
        _sub(fib, "response_label", ident="answer1", **({} if numeric else {"rshuffle": "No"}))


def _right_answer(var: ET.Element, prepared: Prepared, ids: list[str]) -> None:
    """The condition of a full score: the right option(s), any accepted text, the number within its margin."""
    q, options = prepared.q, prepared.options or []
    if isinstance(q, MultipleChoice):
        both = _sub(var, "and")
        for ident, option in zip(ids, options):
            _sub(both if option.correct else _sub(both, "not"), "varequal", ident, respident="response1")
    elif options:
        _sub(var, "varequal", next(k for k, o in zip(ids, options) if o.correct), respident="response1")
    elif isinstance(q, ShortText):
        for answer in q.answers:
            _sub(var, "varequal", " ".join(answer.split()), respident="response1")
    else:  # a relative tolerance becomes the margin it means for this answer
        x, margin = prepared.number, q.margin(prepared.number)
        either = _sub(var, "or")
        _sub(either, "varequal", format(x, ".12g"), respident="response1")
        both = _sub(either, "and")
        for tag, bound in (("vargte", x - margin), ("varlte", x + margin)):
            _sub(both, tag, format(bound, ".12g"), respident="response1")


def _item(section: ET.Element, bq: BankQuiz, i: int) -> None:
    """One question as the item Canvas writes for its type, with its feedback."""
    prepared = bq.items[i]
    q, options = prepared.q, prepared.options or []
    ids = _answer_ids(q.id, len(field_of(q, "items") or field_of(q, "answers") or options) or 1)
    places = _answer_ids(q.id, len(ids), 51) if isinstance(q, Ordering) else []
    item = _sub(section, "item", ident=f"q-{q.id}", title=q.id)
    _fields(_sub(_sub(item, "itemmetadata"), "qtimetadata"), [
        ("question_type", TYPES[q.type]), ("points_possible", format(q.points, "g")),
        ("original_answer_ids", ",".join(ids)), ("assessment_question_identifierref", f"aq-{q.id}")])
    _presentation(item, prepared, ids, places)
    feedback = field_of(q, "feedback")
    general = _general_feedback(bq, i)
    right = f"<p>{inline(feedback.correct)}</p>" if feedback and feedback.correct else ""
    wrong = (f"<p>{inline(feedback.incorrect)}</p>" if feedback and feedback.incorrect else "") + (
        f"<p>Hint: {inline(q.hint)}</p>" if q.hint else "")  # Canvas has no hints: one helps the next attempt
    own = [] if isinstance(q, TrueFalse) else [(ident, o.feedback) for ident, o in zip(ids, options) if o.feedback]
    rp = _sub(item, "resprocessing")
    _sub(_sub(rp, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if general:
        _condition(rp, other="general_fb")
    for ident, _ in own:
        cond, var = _condition(rp)
        _sub(var, "varequal", ident, respident="response1")
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"{ident}_fb")
    if places:  # a share of the score per item in its place, as Canvas scores matching
        for ident, place in zip(ids, places):
            cond, var = _condition(rp)  # every item scores, and the feedback's condition is reached
            _sub(var, "varequal", place, respident=f"response_{ident}")
            _sub(cond, "setvar", f"{100 / len(ids):.2f}", varname="SCORE", action="Add")
    if places and (right or wrong):  # the right/wrong feedback: every item in its place, or not
        cond, var = _condition(rp, "No")
        both = _sub(var, "and")
        for ident, place in zip(ids, places):
            _sub(both, "varequal", place, respident=f"response_{ident}")
    elif not places:
        cond, var = _condition(rp, "No")
        _right_answer(var, prepared, ids)
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    if right:
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid="correct_fb")
    if wrong:
        _condition(rp, other="general_incorrect_fb")
    for ident, html in (("general_fb", general), ("correct_fb", right), ("general_incorrect_fb", wrong)):
        if html:
            _material(_sub(_sub(item, "itemfeedback", ident=ident), "flow_mat"), html=html)
    for ident, text in own:
        _material(_sub(_sub(item, "itemfeedback", ident=f"{ident}_fb"), "flow_mat"), text)


def _kept(bq: BankQuiz) -> tuple[list[int], float]:
    """The questions that have an answer (all but those lacking demo results), and their mean points."""
    kept = [i for i, item in enumerate(bq.items) if not item.unavailable]
    return kept, sum(bq.items[i].q.points for i in kept) / (len(kept) or 1)


def _assessment(bq: BankQuiz, ident: str) -> tuple[bytes, float]:
    """The quiz's QTI file and the points it is worth."""
    quiz, (kept, each) = bq.quiz, _kept(bq)
    root = _root("questestinterop", "http://www.imsglobal.org/xsd/ims_qtiasiv1p2",
                 "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd")
    assessment = _sub(root, "assessment", ident=ident, title=quiz.title)
    _fields(_sub(assessment, "qtimetadata"), [("qmd_timelimit", str(quiz.time_limit))] * bool(quiz.time_limit)
            + [("cc_maxattempts", "1" if quiz.mode == "exam" else "unlimited")])
    section = _sub(assessment, "section", ident="root_section")
    points = each * len(kept)
    if quiz.pool and kept:  # a question group that draws `pool` of the questions, as Canvas writes one
        pick = min(quiz.pool, len(kept))
        section = _sub(section, "section", ident=f"{ident}-pool", title=f"{pick} of {len(kept)} questions")
        selection = _sub(_sub(section, "selection_ordering"), "selection")
        _sub(selection, "selection_number", str(pick))
        _sub(_sub(selection, "selection_extension"), "points_per_item", format(each, "g"))
        points = pick * each
    for i in kept:
        _item(section, bq, i)
    return _xml(root), points


def _meta(bq: BankQuiz, ident: str, points: float) -> bytes:
    """Canvas's quiz settings: a practice quiz may be retaken at will, an exam is one (timed) attempt."""
    quiz, exam = bq.quiz, bq.quiz.mode == "exam"
    runs = ", ".join(bq.run_label(name, inline, code=True) for name in bq.runs)
    about = ((f"<p>{inline(quiz.description)}</p>" if quiz.description else "") + f"<p>{inline(' › '.join(bq.path))}</p>"
             + (f"<p>Answers from the current demo run come from: {runs}.</p>" if runs else ""))
    shuffle = all(field_of(item.q, "shuffle") is not False for item in bq.items)
    root = _root("quiz", "http://canvas.instructure.com/xsd/cccv1p0", "https://canvas.instructure.com/xsd/cccv1p0.xsd",
                 identifier=ident)
    for tag, text in (("title", quiz.title), ("description", about), ("shuffle_answers", str(shuffle).lower()),
                      ("scoring_policy", "keep_highest"), ("quiz_type", "assignment" if exam else "practice_quiz"),
                      ("points_possible", format(points, "g")), ("show_correct_answers", "true"),
                      ("allowed_attempts", "1" if exam else "-1"), ("time_limit", quiz.time_limit),
                      ("one_question_at_a_time", "false"), ("cant_go_back", "false"), ("available", "false")):
        if text is not None:
            _sub(root, tag, str(text))
    return _xml(root)


def _manifest(bank: list[BankQuiz], idents: list[str]) -> bytes:
    """The package's table of contents: each quiz's QTI file, which depends on its settings file."""
    digest = hashlib.sha256(" ".join(idents).encode()).hexdigest()[:12]
    root = _root("manifest", "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
                 "http://www.imsglobal.org/xsd/imscp_v1p1.xsd", identifier=f"bank-{digest}")
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    for ident in idents:
        resource = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
        _sub(resource, "file", href=f"{ident}/{ident}.xml")
        _sub(resource, "dependency", identifierref=f"{ident}-meta")
        meta = _sub(resources, "resource", identifier=f"{ident}-meta", href=f"{ident}/assessment_meta.xml",
                    type="associatedcontent/imscc_xmlv1p1/learning-application-resource")
        _sub(meta, "file", href=f"{ident}/assessment_meta.xml")
    return _xml(root)


def write(bank: list[BankQuiz], path: Path) -> list[Path]:
    """The package as the zip file ``path``: the manifest first, then each quiz's folder, in sorted order."""
    files, idents = {}, []
    for bq in bank:
        ident = bq.quiz.id if bq.quiz.id[:1].isalpha() else f"id-{bq.quiz.id}"  # as Canvas's converter would
        files[f"{ident}/{ident}.xml"], points = _assessment(bq, ident)
        files[f"{ident}/assessment_meta.xml"] = _meta(bq, ident, points)
        idents.append(ident)
    files["imsmanifest.xml"] = _manifest(bank, idents)
    with zipfile.ZipFile(path, "w") as package:
        for name in sorted(files, key=lambda n: (n != "imsmanifest.xml", n)):
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 3, 0o644 << 16
            package.writestr(info, files[name])
    return [path]


def notes(bank: list[BankQuiz]) -> list[str]:
    """What Canvas's classic quizzes cannot express, and how it was mapped."""
    questions = [item.q for bq in bank for item in bq.items]
    strict = ", ".join(bq.quiz.id for bq in bank if bq.quiz.scoring == "all-or-nothing"
                       and any(isinstance(item.q, MultipleChoice) for item in bq.items))
    out = [text for when, text in (
        (any(isinstance(q, Ordering) for q in questions), "Canvas has no ordering question: each is a matching question"
         " that pairs every item with its place (1st, 2nd, ...), and Canvas gives credit per item in its place"),
        (any(q.hint for q in questions), "Canvas has no hints: each hint is shown with the feedback to a wrong answer"),
        (strict, f"Canvas gives multiple-answer questions partial credit, also in all-or-nothing quizzes: {strict}"),
        (any(isinstance(q, ShortText) for q in questions), "Canvas takes a short answer in any case, but inner spaces count"),
        (any(bq.quiz.mode == "practice" for bq in bank), "Canvas has no retries per question: a practice quiz may be "
         "retaken as a whole, without limit")) if when]
    for bq in bank:
        kept, each = _kept(bq)
        if bq.quiz.pool and len({bq.items[i].q.points for i in kept}) > 1:
            out.append(f"{bq.quiz.id}: Canvas gives every question a pool draws the same points: their mean, {each:g}")
        if fixed := [item.q.id for item in bq.items if field_of(item.q, "shuffle") is False]:
            out.append(f"{bq.quiz.id}: options not shuffled (Canvas shuffles a whole quiz), for {', '.join(fixed)}")
        if missing := [item.q.id for item in bq.items if item.unavailable]:
            out.append(f"{bq.quiz.id}: left out for want of demo results: {', '.join(missing)}")
    return out
