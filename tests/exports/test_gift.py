"""`export gift`: the whole bank read back by gift-pegjs (the GIFT parser of the GIFT editors), every
question compared with the quiz it came from, and a note for each kind of question GIFT cannot hold."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from factory import REPO, run_cli

READER = REPO / ".venv" / "node" / "node_modules"
TYPES = {"single": "MC", "multiple": "MC", "true-false": "TF", "numeric": "Numerical", "text": "Short",
         "ordering": "Matching"}


def quiz_files() -> dict[str, dict]:
    return {d["id"]: d for d in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "quizzes").glob("*.yml")))}


def plain(value: str) -> str:
    """What a reader sees of GIFT's [html] text, for comparing with the YAML's plain text."""
    return " ".join(html.unescape(re.sub(r"</?code>", "`", value)).split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory, session_cache):
    if not (READER / "gift-pegjs").is_dir() or not shutil.which("node"):
        pytest.fail("gift-pegjs is not installed: run `make readers` (make test does)")
    out = tmp_path_factory.mktemp("gift") / "bank.gift.txt"
    result = run_cli("export", "gift", "--out", str(out), env={"KB_DEMO_CACHE_DIR": str(session_cache)})
    assert result.returncode == 0, result.stderr[-3000:]
    parsed = subprocess.run(["node", str(REPO / "tests" / "exports" / "node" / "parse_gift.js"), str(out)],
                            capture_output=True, text=True, env={"NODE_PATH": str(READER)}, timeout=60)
    assert parsed.returncode == 0, f"gift-pegjs cannot read the export: {parsed.stderr}"
    return out, json.loads(parsed.stdout), result.stderr


@pytest.fixture(scope="module")
def bank(session_cache):
    import os

    from generator.exports.bank import load_bank
    saved = os.environ.get("KB_DEMO_CACHE_DIR")
    os.environ["KB_DEMO_CACHE_DIR"] = str(session_cache)
    try:
        return {item.q.id: (bq, item, from_demo) for bq in load_bank(REPO, [], "quick")
                for item, from_demo in zip(bq.items, bq.from_demos)}
    finally:
        os.environ.pop("KB_DEMO_CACHE_DIR") if saved is None else os.environ.__setitem__("KB_DEMO_CACHE_DIR", saved)


def test_every_quiz_is_a_category_with_all_its_questions(exported):
    _, questions, _ = exported
    quizzes, by_category, current = quiz_files(), {}, None
    for q in questions:
        if q["type"] == "Category":
            current = q["title"]
            by_category[current] = []
        else:
            by_category[current].append(q)
    assert len(by_category) == len(quizzes)
    for data in quizzes.values():
        category = next(c for c in by_category if c.endswith("/" + data["title"]))
        assert category.startswith("$course$/top/Artificial Intelligence/")
        assert [q["id"] for q in by_category[category]] == [q["id"] for q in data["questions"]]
        assert {t for q in by_category[category] for t in q["tags"]} == {data["id"]}


def test_every_question_round_trips(exported, bank):
    _, questions, _ = exported
    yaml_questions = {q["id"]: q for data in quiz_files().values() for q in data["questions"]}
    for parsed in (q for q in questions if q["type"] != "Category"):
        source, (bq, item, from_demo) = yaml_questions[parsed["id"]], bank[parsed["id"]]
        kind = source["type"]
        assert parsed["type"] == TYPES[kind], parsed["id"]
        q = item.q  # the YAML's question with the demo values written in
        assert plain(parsed["stem"]["text"]).startswith(" ".join(q.prompt.split())), parsed["id"]
        assert ("{{" in source["prompt"]) <= from_demo
        general = plain((parsed["globalFeedback"] or {}).get("text", ""))
        if q.explanation:
            assert general.startswith(" ".join(q.explanation.split())), parsed["id"]
        assert ("from the current demo run" in general) == from_demo, parsed["id"]
        if kind in ("single", "multiple"):
            options = item.options
            assert [plain(c["text"]["text"]) for c in parsed["choices"]] == [" ".join(o.text.split()) for o in options]
            assert [plain((c["feedback"] or {}).get("text", "")) for c in parsed["choices"]] == [
                " ".join((o.feedback or "").split()) for o in options]
            if kind == "single":
                assert [c["isCorrect"] for c in parsed["choices"]] == [o.correct for o in options]
            else:
                right = sum(o.correct for o in options)
                assert sum(c["weight"] for c in parsed["choices"] if c["weight"] > 0) == pytest.approx(100, abs=1e-3)
                assert [c["weight"] > 0 for c in parsed["choices"]] == [o.correct for o in options]
                assert all(c["weight"] == pytest.approx(-100 / right if bq.quiz.scoring == "partial" else -100)
                           for c in parsed["choices"] if c["weight"] < 0)
        elif kind == "true-false":
            assert parsed["isTrue"] is source["answer"]
            feedback = source.get("feedback") or {}
            assert plain((parsed["falseFeedback"] or {}).get("text", "")) == feedback.get("correct", "")
            assert plain((parsed["trueFeedback"] or {}).get("text", "")) == feedback.get("incorrect", "")
        elif kind == "numeric":
            (answer,) = parsed["choices"]
            expected = source["answer"] if not isinstance(source["answer"], dict) else item.number
            tolerance = source["tolerance"]
            tolerance = abs(expected) * float(tolerance[:-1]) / 100 if isinstance(tolerance, str) else tolerance
            assert answer["text"]["number"] == pytest.approx(expected, rel=1e-12)
            assert answer["text"]["range"] == pytest.approx(tolerance, rel=1e-9)
        elif kind == "text":
            assert [plain(c["text"]["text"]) for c in parsed["choices"]] == source["answers"]
        else:
            assert [plain(p["subquestion"]["text"]) for p in parsed["matchPairs"]] == source["items"]
            assert [p["subanswer"] for p in parsed["matchPairs"]][:3] == ["1st", "2nd", "3rd"][:len(source["items"])]


def test_demo_answers_hold_the_current_run(exported, bank):
    _, questions, _ = exported
    from_demo = [q for q in questions if q.get("id") in bank and bank[q["id"]][2]]
    assert from_demo, "the bank has questions whose answers come from the demos"
    for q in from_demo:
        bq, item, _ = bank[q["id"]]
        yaml_text = json.dumps(next(x for data in quiz_files().values() for x in data["questions"] if x["id"] == q["id"]))
        for name, p in bq.runs.items():  # the runs this question reads are named, and only those
            assert (f"{name} run {p['key'][:12]}" in q["globalFeedback"]["text"]) == (f"{name}." in yaml_text), q["id"]
        if item.number is not None:
            assert q["choices"][0]["text"]["number"] == pytest.approx(item.number, rel=1e-12)


def test_what_gift_cannot_hold_is_named(exported):
    _, _, stderr = exported
    kinds = [q["type"] for data in quiz_files().values() for q in data["questions"]]
    assert f"note: gift: {kinds.count('ordering')} ordering question(s) written as matching" in stderr
    hints = sum(1 for data in quiz_files().values() for q in data["questions"] if q.get("hint"))
    assert f"note: gift: {hints} hint(s) left out" in stderr
    assert len([line for line in stderr.splitlines() if line.startswith("note: gift:")]) >= 5


def test_text_that_looks_like_gift_is_escaped(tmp_path):
    """Every control character of GIFT inside an author's text stays text."""
    from generator.exports.gift import number, text

    assert text("a = b ~ c # d {e} f: g \\ h") == "a \\= b \\~ c \\# d \\{e\\} f\\: g \\\\ h"
    assert number(1e-05) == "0.00001" and number(3.0) == "3" and number(-2.5e3) == "-2500"


def test_the_file_replaces_the_last_one_whole(exported, tmp_path, session_cache):
    out = tmp_path / "bank.gift.txt"
    out.write_text("the last export\n", encoding="utf-8")
    result = run_cli("export", "gift", "--quiz", "no-such-quiz", "--out", str(out),
                     env={"KB_DEMO_CACHE_DIR": str(session_cache)})
    assert result.returncode == 1 and result.stderr.startswith("export: error: unknown quiz 'no-such-quiz'")
    assert out.read_text(encoding="utf-8") == "the last export\n"
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["bank.gift.txt"]
    folder = run_cli("export", "gift", "--out", str(tmp_path))
    assert folder.returncode == 1
    assert folder.stderr.strip() == (f"error: {tmp_path} is a folder, and a gift export is one file "
                                     "(hint: choose a file name such as question-bank.gift.txt)")


def test_a_failed_write_keeps_the_last_export_and_leaves_nothing(tmp_path, session_cache, monkeypatch, capsys):
    import errno

    from generator.exports import gift
    from generator.exports.export_command import export_bank_main

    def full_disk(bank, path):
        path.write_text("half a bank", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    out = tmp_path / "bank.gift.txt"
    out.write_text("the last export\n", encoding="utf-8")
    monkeypatch.setenv("KB_DEMO_CACHE_DIR", str(session_cache))
    monkeypatch.setattr(gift, "write", full_disk)
    assert export_bank_main(REPO, "gift", ["learning-rate-basics"], str(out), "quick") == 1
    assert capsys.readouterr().err == (f"error: cannot write {out}: No space left on device "
                                       "(hint: choose a file you can write to)\n")
    assert out.read_text(encoding="utf-8") == "the last export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bank.gift.txt"]
    inside_a_file = run_cli("export", "gift", "--out", str(out / "x.gift"))
    assert inside_a_file.returncode == 1 and "Traceback" not in inside_a_file.stderr
    assert inside_a_file.stderr == f"error: cannot write {out / 'x.gift'}: {out} is not a folder you can write to " \
                                   "(hint: choose another --out)\n"
