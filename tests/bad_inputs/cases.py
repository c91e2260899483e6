"""The corpus of broken inputs: each case is a set of files written over a valid project,
and the one line (the first error) that ``check`` and ``build`` must print for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from factory import TAXONOMY, entry_yaml

E = "content/entries/"
GOOD = entry_yaml("good", "A good question?")


@dataclass(frozen=True)
class Case:
    name: str
    files: dict = field(default_factory=dict)  # path -> str | bytes | ("symlink", target) | ("size", n) | ("fifo",) | ("folder",)
    expected: str = ""  # the first line of the report, exactly
    remove: tuple = ()
    demos: str = "off"  # demo configuration for check and build
    build_first: bool = False  # demo failures are known to check only after a build ran them
    build_exit: int = 1


def entry(**kw) -> str:
    return entry_yaml("bad", "A broken question?", **kw)


def swap(old: str, new: str, **kw) -> str:
    text = entry(**kw)
    assert old in text, old
    return text.replace(old, new, 1)


QUIZ_OK = """id: quiz-one
title: Quiz one
topic: training
questions:
  - id: q-one
    type: single
    prompt: Pick one.
    options:
      - text: Right
        correct: true
      - text: Wrong
"""

DEMO_HEADER = '''"""A tiny demo for the bad-input tests (no TensorFlow needed)."""

DEMO = {{"name": "{name}", "title": "Tiny", "description": "A tiny demo.", "dataset": "quadratic",
        "seeds": {{"full": [0, 1, 2, 3, 4], "quick": [0, 1]}}, "params": {{"full": {{}}, "quick": {{}}}}}}

'''
TINY_RESULT = '{"metrics": {"value": 1.0, "loss": LOSS, "spread": 1.0 + 0.5 * ctx.seed, "label": "ok"}, "histories": {}}'
SUMMARY = ('\n\ndef summarize(pooled, params, ctx):\n'
           '    return {"table": {"columns": ["value"], "rows": [[1.0]]}, "figures": {}SUMMARY_EXTRA}\n')


def tiny_demo(name: str = "tiny", body: str = "", loss: str = "0.5", summary_extra: str = "") -> dict:
    run = body or f"def run(params, ctx):\n    return {TINY_RESULT.replace('LOSS', loss)}\n"
    return {"training_demos/__init__.py": '"""Demos."""\n',
            f"training_demos/{name}.py": DEMO_HEADER.format(name=name) + run + SUMMARY.replace("SUMMARY_EXTRA", summary_extra)}


CASES = [
    # --- entries: YAML ---------------------------------------------------------------------------------------------
    Case("unclosed-quote", {E + "bad.yml": swap("question: A broken question?", 'question: "A broken question?')},
         "content/entries/bad.yml:11:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar) (hint: check the indentation and quoting around this spot)"),
    Case("tab-indent", {E + "bad.yml": swap("tags: [learning-rate]", "tags:\n\t- learning-rate")},
         "content/entries/bad.yml:7:1: error: invalid YAML: a tab character cannot be used for indentation in YAML (hint: indent with spaces)"),
    Case("duplicate-key", {E + "bad.yml": entry() + "author: Someone Else\n"},
         "content/entries/bad.yml:11:1: error: duplicate key 'author' (first defined at line 3) (hint: remove one of the two; YAML would silently keep only the last)"),
    Case("python-tag", {E + "bad.yml": swap("author: Ada Tester", "author: !!python/object/apply:os.getcwd []")},
         "content/entries/bad.yml:3:9: error: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.getcwd' (hint: remove the tag; content files hold plain text, numbers, lists and mappings)"),
    Case("empty-file", {E + "bad.yml": ""},
         "content/entries/bad.yml:1:1: error: expected a mapping of fields at the top of the file, but the file is empty (hint: start from an existing entry file or run 'python -m generator new')"),
    Case("top-level-list", {E + "bad.yml": "- id: bad\n"},
         "content/entries/bad.yml:1:1: error: expected a mapping of fields at the top of the file, but the file is a list (hint: start from an existing entry file or run 'python -m generator new')"),
    Case("binary-garbage", {E + "bad.yml": bytes(range(256)) * 4},
         "content/entries/bad.yml:1:1: error: file is not text (it contains a NUL byte) (hint: content files must be UTF-8 text; remove or replace this file)"),
    Case("invalid-utf8", {E + "bad.yml": entry().replace("Ada Tester", "Ad\udce9 Tester").encode("utf-8", "surrogateescape")},
         "content/entries/bad.yml:3:11: error: file is not valid UTF-8 (byte 0xe9) (hint: save the file with UTF-8 encoding)"),
    Case("fifty-megabytes", {E + "bad.yml": ("size", 50_000_000)},
         "content/entries/bad.yml: error: file is 50.0 MB, larger than the 1.0 MB limit (hint: split it into smaller files, or move data out of the content folder)"),
    Case("billion-laughs", {E + "bad.yml": "a: &a [" + ",".join(["lol"] * 10) + "]\n" + "".join(
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 10) + "]\n" for p, n in zip("abcdefgh", "bcdefghi"))},
         "content/entries/bad.yml:1:1: error: document expands to more than 100,000 values (are aliases nested?) (hint: remove the '&anchor' / '*alias' chains; write the content out plainly)"),
    Case("fifo-entry", {E + "bad.yml": ("fifo",)},
         "content/entries/bad.yml: error: this is not a regular file (a pipe, device or folder) (hint: project files must be plain files; remove or replace it)"),
    Case("fifo-quiz", {"quizzes/q.yml": ("fifo",)},
         "quizzes/q.yml: error: this is not a regular file (a pipe, device or folder) (hint: project files must be plain files; remove or replace it)"),
    Case("symlink-to-dev-zero", {E + "bad.yml": ("symlink", "/dev/zero")},
         "content/entries/bad.yml: error: this file is a link to a place outside the project (hint: copy the file into the project instead of linking to it)"),
    Case("quiz-symlink-outside", {"quizzes/q.yml": ("symlink", "/etc/hostname")},
         "quizzes/q.yml: error: this file is a link to a place outside the project (hint: copy the file into the project instead of linking to it)"),
    Case("symlink-loop", {E + "bad.yml": ("symlink", "bad.yml")},
         "content/entries/bad.yml: error: this file is a broken link (hint: remove it or point it at a file in the project)"),
    Case("symlink-outside", {E + "bad.yml": ("symlink", "/etc/hostname")},
         "content/entries/bad.yml: error: this file is a link to a place outside the project (hint: copy the file into the project instead of linking to it)"),
    Case("docs-fifo", {"docs/pipe.md": ("fifo",)},
         "docs/pipe.md: error: this is not a regular file (a pipe, device or folder) (hint: project files must be plain files; remove or replace it)"),
    Case("docs-link-to-dev-zero", {"docs/zero.png": ("symlink", "/dev/zero")},
         "docs/zero.png: error: this file is a link to a place outside the project (hint: copy the file into the project instead of linking to it)"),
    Case("answer-line-at-column-0", {E + "bad.yml": entry() + "\nSecond paragraph at column 0.\n"},
         "content/entries/bad.yml:12:1: error: this line is less indented than the text of 'answer:' (line 9), so it ends that text (hint: indent every line of 'answer' as much as its first line)"),
    Case("answer-line-less-indented", {E + "bad.yml": entry().replace("  A plain answer.\n", "    A plain answer.\n  Less indented.\n")},
         "content/entries/bad.yml:11:3: error: this line is less indented than the text of 'answer:' (line 9), so it ends that text (hint: indent every line of 'answer' as much as its first line)"),
    Case("answer-prose-looks-like-a-field", {E + "bad.yml": entry() + "\nNote: at column 0.\n"},
         "content/entries/bad.yml:12:1: error: unknown field 'Note': this line is less indented than the text of 'answer:' (line 9), so it ends that text (hint: indent every line of 'answer' as much as its first line)"),
    # --- entries: fields and types ---------------------------------------------------------------------------------
    Case("unknown-field", {E + "bad.yml": entry(extra="summery: typo\n")},
         "content/entries/bad.yml:9:1: error: unknown field 'summery' (hint: did you mean 'summary'?)"),
    Case("missing-field", {E + "bad.yml": swap("author: Ada Tester\n", "")},
         "content/entries/bad.yml:1:1: error: missing required field 'author' (hint: add a line 'author: ...')"),
    Case("newline-in-file-name", {E + "bad\nname.yml": swap("author: Ada Tester\n", "")},
         "content/entries/bad\\x0aname.yml:1:1: error: missing required field 'author' (hint: add a line 'author: ...')"),
    Case("escape-in-file-name", {E + "\x1b[2Jbad.yml": swap("author: Ada Tester\n", "")},
         "content/entries/\\x1b[2Jbad.yml:1:1: error: missing required field 'author' (hint: add a line 'author: ...')"),
    Case("question-is-a-list", {E + "bad.yml": swap("question: A broken question?", "question: [a, b]")},
         "content/entries/bad.yml:2:11: error: 'question' must be text, not a list (hint: quote the value if it looks like a number or date)"),
    Case("author-is-a-number", {E + "bad.yml": swap("author: Ada Tester", "author: 42")},
         "content/entries/bad.yml:3:9: error: 'author' must be text, not the number 42 (hint: quote the value if it looks like a number or date)"),
    Case("date-is-a-word", {E + "bad.yml": swap("published: 2024-01-10", "published: yesterday")},
         "content/entries/bad.yml:4:12: error: 'published' must be a date written YYYY-MM-DD, not 'yesterday'"),
    Case("impossible-date", {E + "bad.yml": swap("published: 2024-01-10", "published: 2024-02-30")},
         "content/entries/bad.yml:4:12: error: invalid date '2024-02-30': day is out of range for month (hint: write dates as YYYY-MM-DD)"),
    Case("updated-before-published", {E + "bad.yml": entry(extra="updated: 2020-01-01\n")},
         "content/entries/bad.yml:9:10: error: updated: 2020-01-01 is before the published date 2024-01-10"),
    Case("tags-is-a-mapping", {E + "bad.yml": swap("tags: [learning-rate]", "tags: {a: 1}")},
         "content/entries/bad.yml:6:7: error: 'tags' must be a list, not a mapping (hint: write 'tags: [a, b]' or one '- item' per line)"),
    Case("tag-with-spaces", {E + "bad.yml": swap("tags: [learning-rate]", "tags: [Learning Rate]")},
         "content/entries/bad.yml:6:8: error: 'tags[0]' must be lowercase words joined by hyphens, not 'Learning Rate' (hint: for example 'learning-rate-schedules')"),
    Case("related-is-a-number", {E + "bad.yml": swap("related: []", "related: 7")},
         "content/entries/bad.yml:8:10: error: 'related' must be a list, not the number 7 (hint: write 'related: [a, b]' or one '- item' per line)"),
    Case("reference-is-text", {E + "bad.yml": entry(extra="references: [just a title]\n")},
         "content/entries/bad.yml:9:14: error: 'references[0]' must be a mapping of 'field: value' lines, not 'just a title'"),
    Case("reference-javascript-url", {E + "bad.yml": entry(extra="references:\n  - title: x\n    url: javascript:alert(1)\n")},
         "content/entries/bad.yml:11:10: error: 'references[0].url' must be an http:// or https:// address, not 'javascript:alert(1)'"),
    Case("flag-is-not-boolean", {E + "bad.yml": entry(extra="self_check:\n  - {id: sc, type: true-false, prompt: P., answer: maybe}\n")},
         "content/entries/bad.yml:10:52: error: 'self_check[0].answer' must be true or false, not 'maybe'"),
    Case("retired-field", {E + "bad.yml": entry(extra="examination_review: true\n")},
         "content/entries/bad.yml:9:1: error: unknown field 'examination_review' (hint: the site no longer shows an 'Examination review' badge, which suggested an official exam mapping: delete this line)"),
    Case("claims-is-text", {E + "bad.yml": entry(extra="claims: it works\n")},
         "content/entries/bad.yml:9:9: error: 'claims' must be a list, not 'it works' (hint: write 'claims: [a, b]' or one '- item' per line)"),
    Case("bad-id", {E + "bad.yml": swap("id: bad", "id: Bad_Id")},
         "content/entries/bad.yml:1:5: error: 'id' must be lowercase words joined by hyphens, not 'Bad_Id' (hint: for example 'learning-rate-schedules')"),
    Case("empty-answer", {E + "bad.yml": entry(answer="\n")},
         "content/entries/bad.yml:9:9: error: answer: the answer is empty"),
    # --- entries: cross-file ----------------------------------------------------------------------------------------
    Case("unknown-topic", {E + "bad.yml": entry(topic="traning")},
         "content/entries/bad.yml:5:8: error: unknown topic 'traning' (hint: did you mean 'training'?)"),
    Case("duplicate-id", {E + "zz.yml": swap("id: bad", "id: good").replace("A broken question?", "Another one?")},
         "content/entries/zz.yml:1:5: error: duplicate id 'good', also used by content/entries/good.yml:1 (hint: ids must be unique; rename one of them)"),
    Case("duplicate-question", {E + "zz.yml": swap("question: A broken question?", "question: a GOOD   question")},
         "content/entries/zz.yml:2:11: error: the same question is already asked by content/entries/good.yml:2 (hint: merge the two entries, or make the question more specific)"),
    Case("dangling-related", {E + "bad.yml": entry(related="[goood]")},
         "content/entries/bad.yml:8:11: error: unknown related entry 'goood' (hint: did you mean 'good'?)"),
    # --- entries: answer bodies ---------------------------------------------------------------------------------------
    Case("jinja-syntax-error", {E + "bad.yml": entry(answer="Fine line.\nBroken {% if %} line.\n")},
         "content/entries/bad.yml:11:3: error: template syntax error in the answer: Expected an expression, got 'end of statement block' (hint: write results as {{ demos.NAME.KEY }}; a literal '{{' must be written {{ '{{' }})"),
    Case("raw-html", {E + "bad.yml": entry(answer="Text <iframe src=x></iframe>\n")},
         "content/entries/bad.yml:10:8: error: '<iframe src=x>' is not allowed in an answer (hint: active HTML (scripts, frames, forms, comments) is never allowed; describe it in Markdown)"),
    Case("javascript-link", {E + "bad.yml": entry(answer="[click](javascript:alert(1))\n")},
         "content/entries/bad.yml:10:11: error: link address 'javascript:alert(1' is not allowed (hint: links must use http:, https:, mailto: or a relative path)"),
    Case("event-handler-attr-list", {E + "bad.yml": entry(answer="A paragraph.\n{: onmouseover=\"alert(1)\" }\n")},
         "content/entries/bad.yml:11:3: error: attribute list '{: onmouseover=\"alert(1)\" }' sets an event handler or script (hint: attribute lists may set classes, ids and plain attributes only)"),
    # --- taxonomy ----------------------------------------------------------------------------------------------------
    Case("taxonomy-missing", remove=("content/taxonomy.yml",),
         expected="content/taxonomy.yml: error: the taxonomy file is missing (hint: create it with fields > programmes > lessons > topics; see the README)"),
    Case("taxonomy-duplicate-id", {"content/taxonomy.yml": TAXONOMY.replace("id: cnn", "id: dltf")},
         "content/taxonomy.yml:11:17: error: taxonomy id 'dltf' is used twice (first at line 6) (hint: every field, programme, lesson and topic needs its own id)"),
    Case("taxonomy-lesson-without-topics", {"content/taxonomy.yml": TAXONOMY.split("            topics:")[0] + "            topics: []\n"},
         "content/taxonomy.yml:14:21: error: 'fields[0].programmes[0].lessons[0].topics' needs at least 1 item, but it has 0"),
    Case("taxonomy-bad-code", {"content/taxonomy.yml": TAXONOMY.replace("EITC/AI/DLTF", "eitc ai")},
         "content/taxonomy.yml:7:15: error: 'fields[0].programmes[0].code' has the wrong form: 'eitc ai' (hint: it must match ^[A-Z0-9]+(?:/[A-Z0-9]+)*$)"),
    # --- quizzes -----------------------------------------------------------------------------------------------------
    Case("quiz-no-correct-option", {"quizzes/q.yml": QUIZ_OK.replace("        correct: true\n", "")},
         "quizzes/q.yml:9:7: error: a single-choice question needs exactly one correct option, but none is marked 'correct: true' (hint: mark exactly one option 'correct: true', or use 'type: multiple' for several right options)"),
    Case("quiz-numeric-without-tolerance", {"quizzes/q.yml": QUIZ_OK.split("  - id: q-one")[0]
                                            + "  - id: q-num\n    type: numeric\n    prompt: How much?\n    answer: 0.1\n"},
         "quizzes/q.yml:5:5: error: a numeric question needs a tolerance (hint: add 'tolerance: 0.01' (an absolute distance) or 'tolerance: 5%' (relative to the answer))"),
    Case("quiz-unknown-entry", {"quizzes/q.yml": QUIZ_OK + "    entry: goood\n"},
         "quizzes/q.yml:12:12: error: unknown entry 'goood' (hint: did you mean 'good'?)"),
    Case("quiz-duplicate-question-id", {"quizzes/q.yml": QUIZ_OK, "quizzes/r.yml": QUIZ_OK.replace("quiz-one", "quiz-two")},
         "quizzes/r.yml:5:9: error: duplicate question id 'q-one' (first used at quizzes/q.yml:5:9) (hint: a question id keys the reader's saved progress; give each question its own id)"),
    Case("quiz-time-limit-without-exam", {"quizzes/q.yml": QUIZ_OK.replace("topic: training\n", "topic: training\ntime_limit: 10\n")},
         "quizzes/q.yml:4:13: error: 'time_limit' applies to exams only (hint: add 'mode: exam' or remove 'time_limit')"),
    Case("quiz-pool-larger-than-quiz", {"quizzes/q.yml": QUIZ_OK.replace("topic: training\n", "topic: training\npool: 3\n")},
         "quizzes/q.yml:4:7: error: 'pool' draws 3 questions but the quiz has 1 (hint: set 'pool' to at most 1, or add questions)"),
    Case("quiz-points-not-positive", {"quizzes/q.yml": QUIZ_OK.replace("    prompt: Pick one.\n", "    prompt: Pick one.\n    points: 0\n")},
         "quizzes/q.yml:8:13: error: 'questions[0].points' must be greater than 0.0, not the number 0"),
    Case("quiz-malformed", {"quizzes/q.yml": "id: [\n"},
         "quizzes/q.yml:2:1: error: invalid YAML: did not find expected node content (while parsing a flow node) (hint: check the indentation and quoting around this spot)"),
    Case("self-check-duplicate-question-id", {"quizzes/q.yml": QUIZ_OK, E + "bad.yml": entry(
             extra="self_check:\n  - id: q-one\n    type: text\n    prompt: Type lr\n    answers: [lr]\n")},
         "content/entries/bad.yml:10:9: error: duplicate question id 'q-one' (first used at quizzes/q.yml:5:9) (hint: a question id keys the reader's saved progress; give each question its own id)"),
    Case("quiz-unknown-topic", {"quizzes/q.yml": QUIZ_OK.replace("topic: training", "topic: trainnig")},
         "quizzes/q.yml:3:8: error: unknown topic 'trainnig' (hint: did you mean 'training'?)"),
    # --- attributes able to run a script, judged on what the Markdown becomes ----------------------------------------
    Case("attr-list-event-no-space", {E + "bad.yml": entry(answer='A paragraph.\n{:onclick="alert(1)"}\n')},
         "content/entries/bad.yml:11: error: this page would carry <p onclick=\"alert(1)\">, which could run a script in the reader's browser (hint: remove the attribute list, link or raw HTML that makes it)"),
    Case("attr-list-on-a-link", {E + "bad.yml": entry(answer='See [the guide](https://example.org/){:onmouseover="x()"}.\n')},
         "content/entries/bad.yml:10: error: this page would carry <a onmouseover=\"x()\">, which could run a script in the reader's browser (hint: remove the attribute list, link or raw HTML that makes it)"),
    Case("attr-list-on-a-heading", {E + "bad.yml": entry(answer="## Steps {:onfocus=y tabindex=0}\n\nText.\n")},
         "content/entries/bad.yml:10: error: this page would carry <h2 onfocus=\"y\">, which could run a script in the reader's browser (hint: remove the attribute list, link or raw HTML that makes it)"),
    # --- ids that would take a path of the site's own pages ------------------------------------------------------------
    Case("field-id-tags", {"content/taxonomy.yml": TAXONOMY.replace("id: ai", "id: tags")},
         "content/taxonomy.yml:2:9: error: the field id 'tags' is the folder of the site's tag pages (hint: choose another id)"),
    Case("field-id-assets", {"content/taxonomy.yml": TAXONOMY.replace("id: ai", "id: assets")},
         "content/taxonomy.yml:2:9: error: the field id 'assets' is the folder of the site's stylesheets, scripts and figures (hint: choose another id)"),
    Case("entry-id-index", {E + "bad.yml": swap("id: bad", "id: index")},
         "content/entries/bad.yml:1:5: error: the entry id 'index' is the address of the questions/ folder itself (hint: choose another id)"),
    Case("tag-index", {E + "bad.yml": entry(tags="[learning-rate, index]")},
         "content/entries/bad.yml:6:23: error: the tag 'index' is the address of the page listing every tag (hint: choose another tag)"),
    Case("quiz-id-progress", {"quizzes/q.yml": QUIZ_OK.replace("id: quiz-one", "id: progress")},
         "quizzes/q.yml:1:5: error: the quiz id 'progress' is the address of the My progress page (hint: choose another id)"),
    Case("quiz-id-review", {"quizzes/q.yml": QUIZ_OK.replace("id: quiz-one", "id: review")},
         "quizzes/q.yml:1:5: error: the quiz id 'review' is the address of the Review page (hint: choose another id)"),
    Case("answer-huge-string", {E + "bad.yml": entry(answer="Value {{ 'a' * 10**9 }}.\n")},
         "content/entries/bad.yml:10:3: error: the answer's template would make a value of 1,000,000,000 characters or items, over the limit of 200,000 (hint: compute large values in the demo, not in the answer)"),
    Case("answer-nested-loops", {E + "bad.yml": entry(answer="Text.\n{% for a in 'x' * 99999 %}{% for b in 'y' * 99999 %}{% endfor %}{% endfor %}\n")},
         "content/entries/bad.yml:11:3: error: the answer's template ran more than 100,000 loop steps, the limit for one answer (hint: compute large values in the demo, not in the answer)"),
    Case("answer-set-tag", {E + "bad.yml": entry(answer="Text.\n{% set x = 3 %}{{ x }}\n")},
         "content/entries/bad.yml:11:3: error: the {% set %} tag cannot be used in an answer (hint: answers may use {{ expressions }} with filters, {% if %} and {% for %}, and the helpers; compute anything else in the demo)"),
    Case("claim-huge-power", {**tiny_demo(), E + "bad.yml": entry(extra="claims:\n  - says: Big.\n    expect: 7 ** 999999999 > demos.tiny.value\n")},
         "content/entries/bad.yml:11:13: error: claim could not be evaluated: it would make a number of about 845,098,039 digits, over the limit of 3,010 (hint: compute large values in the demo, not in the answer)",
         demos="quick", build_first=True),
    # --- demos and results --------------------------------------------------------------------------------------------
    Case("undefined-result", {**tiny_demo(), E + "bad.yml": entry(answer="Value {{ demos.tiny.valeu }}.\n")},
         "content/entries/bad.yml:10:3: error: unknown result: demos.tiny has no key 'valeu'; it has: title, metrics, histories, table, provenance, key, seeds, intervals, value, loss, spread, label (hint: use one of the names listed; 'python -m generator demos show NAME' prints every key with its value)",
         demos="quick", build_first=True),
    Case("false-claim", {**tiny_demo(), E + "bad.yml": entry(extra="claims:\n  - says: The value is above two.\n    expect: demos.tiny.value > 2\n")},
         "content/entries/bad.yml:11:13: error: claim does not hold: \"The value is above two.\" (demos.tiny.value > 2 is False with demos.tiny.value = 1) (hint: the latest demo run contradicts the answer: update the text and the claim)",
         demos="quick", build_first=True),
    Case("demo-raises", tiny_demo("boom", "def run(params, ctx):\n    raise RuntimeError('the demo broke')\n"),
         "training_demos/boom.py:7: error: demo 'boom' failed on seed 0: RuntimeError: the demo broke (hint: run `python -m generator demos --only boom` to see the full traceback)",
         demos="quick", build_first=True),
    Case("demo-hangs", {**tiny_demo("sleepy", "import time\n\n\ndef run(params, ctx):\n    time.sleep(600)\n"),
                        "mkdocs.yml": ("replace", "demo_timeout: 600", "demo_timeout: 3")},
         "training_demos/sleepy.py:9: error: demo 'sleepy' took longer than 3 s and was stopped (hint: make it faster, or raise demo_timeout in mkdocs.yml (or 'demos --timeout'); run `python -m generator demos --only sleepy` to watch its progress)",
         demos="quick", build_first=True),
    Case("demo-nan", tiny_demo("nan", loss="float('nan')"), "", demos="quick", build_exit=0),
    Case("demo-one-seed-fails", tiny_demo("flaky", "def run(params, ctx):\n    if ctx.seed == 1:\n        raise ValueError('no data for this seed')\n    return {'metrics': {}, 'histories': {}}\n"),
         "training_demos/flaky.py:8: error: demo 'flaky' failed on seed 1: ValueError: no data for this seed (hint: run `python -m generator demos --only flaky` to see the full traceback)",
         demos="quick", build_first=True),
    Case("demo-returns-other-seeds", tiny_demo(summary_extra=', "intervals": {"kept": {**pooled.intervals["value"], "values": [1.0], "seeds": [0]}}'),
         "training_demos/tiny.py:6: error: demo 'tiny' returned an invalid result: intervals['kept'] has 1 per-seed values (seeds [0]), but the demo ran 2 seeds (0, 1) (hint: run() returns one seed's {'metrics': {...}, 'histories': {...}}; summarize() returns {'table': {'columns': [...], 'rows': [...]}, 'figures': {key: {'svg', 'alt', 'caption'}}}; see training_demos/_template.py)",
         demos="quick", build_first=True),
    Case("claim-not-across-seeds", {**tiny_demo(), E + "bad.yml": entry(extra="claims:\n  - says: The spread is above 1.2.\n    higher: demos.tiny.spread\n    than: 1.2\n")},
         "content/entries/bad.yml:11:13: error: claim does not hold across the seeds: \"The spread is above 1.2.\" (demos.tiny.spread = 1.25 (95% CI -1.93 to 4.43, 2 seeds), against 1.2; the mean is higher but the interval reaches past 1.2: the seeds do not support it) (hint: the latest demo runs do not support the answer: update the text and the claim)",
         demos="quick", build_first=True),
    Case("claim-without-interval", {**tiny_demo(), E + "bad.yml": entry(extra="claims:\n  - says: The label is low.\n    lower: demos.tiny.label\n    than: 2\n")},
         "content/entries/bad.yml:11:12: error: claim refers to a result it cannot judge: demos.tiny result label has no interval: it is not a number measured on each seed ('ok'); state it with 'expect:' (hint: 'python -m generator demos show NAME' lists every result with its interval)",
         demos="quick", build_first=True),
    Case("claim-missing-seed", {**tiny_demo(), E + "bad.yml": entry(extra="claims:\n  - says: Seed 7 ran.\n    expect: demos.tiny.histories['7'] == {}\n")},
         "content/entries/bad.yml:11:13: error: claim refers to an unknown result: demos.tiny.histories has no key '7'; it has: 0, 1",
         demos="quick", build_first=True),
    Case("demo-fifo", {**tiny_demo(), "training_demos/_helper.py": ("fifo",)},
         "training_demos/_helper.py: error: this is not a regular file (a pipe, device or folder) (hint: project files must be plain files; remove or replace it)",
         demos="quick"),
    Case("demo-dangling-link", {**tiny_demo(), "training_demos/gone.py": ("symlink", "missing.py")},
         "training_demos/gone.py: error: this file is a broken link (hint: remove it or point it at a file in the project)",
         demos="quick"),
    Case("demo-folder-named-py", {**tiny_demo(), "training_demos/x.py": ("folder",)},
         "training_demos/x.py: error: this is a folder named like a file (hint: rename it, or move it out of the project)",
         demos="quick"),
    Case("demo-link-to-dev-zero", {**tiny_demo(), "training_demos/zero.py": ("symlink", "/dev/zero")},
         "training_demos/zero.py: error: this file is a link to a place outside the project (hint: copy the file into the project instead of linking to it)",
         demos="quick"),
    Case("content-link-to-folder", {E + "more": ("symlink", "/tmp")},
         "content/entries/more: error: this is a link to a folder, which is not followed (hint: move the folder itself here, or remove the link)"),
    # --- mkdocs.yml --------------------------------------------------------------------------------------------------
    Case("mkdocs-bad-plugin-option", {"mkdocs.yml": ("replace", "demos: full", "demos: fast")},
         r"re:mkdocs\.yml:\d+: error: Config value 'plugins': Plugin 'knowledge-base' option 'demos': Expected one of: "
         r"\('full', 'quick', 'off'\) but received: 'fast' \(hint: see the plugin options in the README\)"),
    Case("mkdocs-unknown-plugin-option", {"mkdocs.yml": ("replace", "demo_timeout: 600", "demo_timout: 600")},
         r"re:mkdocs\.yml:\d+: error: Config value 'plugins': Plugin 'knowledge-base' option 'demo_timout': "
         r"Unrecognised configuration name: demo_timout \(hint: see the plugin options in the README\)"),
    Case("mkdocs-negative-timeout", {"mkdocs.yml": ("replace", "demo_timeout: 600", "demo_timeout: -1")},
         r"re:mkdocs\.yml:\d+: error: Config value 'plugins': Plugin 'knowledge-base' option 'demo_timeout': "
         r"must be a number of seconds above 0, not -1 \(hint: see the plugin options in the README\)"),
    Case("mkdocs-malformed", {"mkdocs.yml": ("replace", "site_name:", "site_name: [")},
         r"re:mkdocs\.yml:\d+:\d+: error: invalid YAML: expected ',' or '\]', but got ':' "
         r"\(hint: check the indentation and quoting around this spot\)"),
]
