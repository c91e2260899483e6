"""Printable handouts: per quiz, an HTML page of questions to answer on paper, then the answer key with the
explanations, which starts on a page of its own when printed; a PDF too where Chromium is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.errors import note
from generator.exports.bank import BankQuiz
from generator.quizzes.quiz_models import MultipleChoice, Numeric, Ordering, ShortText
from generator.quizzes.widget import inline, shown_order, solution_html

STYLE = """
body { font: 11pt/1.45 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } .about { color: #444; }
ol.questions > li { margin: 0 0 1.2rem; break-inside: avoid; } .prompt { font-weight: 600; }
ul.choices { list-style: none; padding-left: .5rem; } ul.choices li { padding-left: 1.6em; text-indent: -1.6em; }
ul.choices li::before { content: "\\25CB\\00a0\\00a0"; }
ul.choices.many li::before { content: "\\2610\\00a0\\00a0"; }
.blank { display: inline-block; min-width: 12rem; border-bottom: 1px solid #111; height: 1.2em; }
ol.order { list-style: none; padding-left: .5rem; } ol.order li::before { content: "____\\00a0\\00a0"; }
.points, .note { color: #444; font-size: .9em; }
section.key { break-before: page; border-top: 2px solid #111; margin-top: 3rem; padding-top: 1rem; }
@media print { body { margin: 0; max-width: none; } section.key { border-top: none; margin-top: 0; } }
"""


def _answer_space(item) -> str:
    q = item.q
    if item.options is not None:
        many = isinstance(q, MultipleChoice)
        options = "".join(f"<li>{inline(o.text)}</li>" for o in item.options)
        tick = '<p class="note">Tick every right option.</p>' if many else ""
        return f'{tick}<ul class="choices{" many" * many}">{options}</ul>'
    if isinstance(q, Ordering):
        return ('<p class="note">Number the items in order.</p><ol class="order">'
                + "".join(f"<li>{inline(q.items[k])}</li>" for k in shown_order(q)) + "</ol>")
    unit = f" {inline(q.unit)}" if isinstance(q, Numeric) and q.unit else ""
    return f'<p>Your answer: <span class="blank"></span>{unit}</p>' if isinstance(q, (Numeric, ShortText)) else ""


def _points(item) -> str:
    p = item.q.points
    return f' <span class="points">({p:g} point{"" if p == 1 else "s"})</span>'


def handout_html(bq: BankQuiz) -> str:
    """The whole handout of one quiz: questions first, then the key."""
    quiz = bq.quiz
    intro = f'<p class="about">{inline(quiz.description)}</p>' if quiz.description else ""
    questions = "".join(f'<li><p class="prompt">{inline(item.q.prompt)}{_points(item)}</p>{_answer_space(item)}</li>'
                        for item in bq.items)
    keys = []
    for item, from_demo in zip(bq.items, bq.from_demos):
        why = f"<p>{inline(item.q.explanation)}</p>" if item.q.explanation else ""
        note = '<p class="note">From the current demo run.</p>' if from_demo else ""
        keys.append(f'<li><p class="prompt">{inline(item.q.prompt)}</p>{solution_html(item)}{why}{note}</li>')
    runs = "".join(f"<li>{bq.run_label(name, inline, code=True, run=': run ')}</li>" for name in bq.runs)
    runs = (f'<p class="note">Answers marked "from the current demo run" are the values of these runs:</p>'
            f"<ul>{runs}</ul>") if runs else ""
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{inline(quiz.title)}</title>'
            f"<style>{STYLE}</style></head><body>\n"
            f'<header><h1>{inline(quiz.title)}</h1><p class="about">{inline(bq.path[-1])} · {len(bq.items)} questions'
            f"</p>{intro}<p>Name: <span class=\"blank\"></span></p></header>\n"
            f'<main><ol class="questions">{questions}</ol></main>\n'
            f'<section class="key"><h2>Answer key: {inline(quiz.title)}</h2><ol class="questions">{"".join(keys)}</ol>'
            f"{runs}</section>\n</body></html>\n")


def write(bank: list[BankQuiz], folder: Path) -> list[Path]:
    """``<quiz id>.html`` for each quiz into ``folder`` (and ``.pdf`` when Chromium can print it)."""
    written = []
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    for bq in bank:
        page = folder / f"{bq.quiz.id}.html"
        page.write_text(handout_html(bq), encoding="utf-8")
        written.append(page)
        if chromium and _print_pdf(chromium, page, folder):
            written.append(page.with_suffix(".pdf"))
    return written


def _print_pdf(chromium: str, page: Path, folder: Path) -> bool:
    pdf, profile = page.with_suffix(".pdf"), folder / ".chromium-profile"
    try:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.as_uri()],
                       capture_output=True, timeout=120, check=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        note(f"no PDF of {page.name}: chromium failed ({exc}); the HTML page prints the same")
        return False
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return pdf.is_file()
