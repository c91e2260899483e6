"""The quiz pages as Markdown: one page per quiz, an entry's self-check block, My progress and Review.

Each function returns front-matter-free Markdown whose raw HTML blocks contain
no blank lines (Python-Markdown passes them through untouched). Progress and
review are computed in the reader's browser by ``quiz.js`` from localStorage;
the pages carry everything it needs (question ids, versions, prompts, links).
"""

from __future__ import annotations

from typing import Any

from generator.pages.escaping import md_escape
from generator.quizzes.assets import asset_tags
from generator.quizzes.loader import LoadedQuiz
from generator.quizzes.widget import PageContext, attr, block_html, inline, json_for_html


def quiz_href(quiz_id: str, ctx: PageContext) -> str:
    return ctx.href(f"quizzes/{quiz_id}.md")


def _items(lq: LoadedQuiz, ctx: PageContext, origin: str = "") -> list:
    partial = lq.quiz.scoring == "partial"
    return [(ctx.prepare(q), partial, origin) for q in lq.quiz.questions]


def quiz_page_markdown(quiz: LoadedQuiz, ctx: PageContext) -> str:
    """The page of one quiz: title, introduction and every question, with score and reset."""
    q = quiz.quiz
    n = len(q.questions)
    intro = f'<p class="kbq-intro">{inline(q.description)}</p>\n' if q.description else ""
    about = f'{n} question{"s" if n != 1 else ""}. '
    if q.pool:
        again = "each new attempt draws again" if q.mode == "exam" else "resetting the quiz draws again"
        about = f"{q.pool} of {n} questions, drawn for you; {again}. "
    if q.mode == "exam":
        about += "An exam: answer the questions, then submit them all to see your score and the feedback. "
        if q.time_limit:
            about += (f'You have {q.time_limit} minute{"s" if q.time_limit != 1 else ""} from the moment you start; '
                      "when the time is up, your answers are submitted. ")
    if any(x.points != 1 for x in q.questions):
        about += "Questions are worth different points, shown with each result. "
    if any(x.type == "multiple" for x in q.questions):
        about += ("Multiple-choice questions give partial credit: right picks minus wrong picks. "
                  if q.scoring == "partial" else "A multiple-choice question counts only when every pick is right. ")
    return (f"# {md_escape(q.title)}\n\n{intro}"
            f'<p class="kbq-about">{about}Your answers stay in this browser only.</p>\n\n'
            f"{block_html(q.id, _items(quiz, ctx), ctx, quiz=q)}\n")


def self_check_markdown(entry_id: str, questions: list, ctx: PageContext) -> str:
    """The "Check yourself" block at the end of an entry page ('' when the entry has no questions)."""
    if not questions:
        return ""
    items = [(ctx.prepare(q), False, "") for q in questions]
    return ("## Check yourself { #check-yourself }\n\n"
            + block_html(f"entry:{entry_id}", items, ctx, kind="self-check", reset_label="Reset these answers") + "\n")


def question_count(n: int, pool: int | None) -> str:
    """How many questions a reader sees: all of them, or a pool's draw out of the bank."""
    return f"{pool} of {n}" if pool else str(n)


def _progress_row(block_id: str, title: str, url: str, questions: list, ctx: PageContext,
                  pool: int | None = None) -> tuple[str, dict]:
    prepared = [ctx.prepare(x) for x in questions]
    wrong = "".join(f'<li data-q="{attr(x.id)}" hidden><a href="{attr(url)}#kbq-{attr(x.id)}">{inline(x.prompt)}</a></li>'
                    for x in questions)
    row = (f'<tr data-quiz="{attr(block_id)}"><td><a href="{attr(url)}">{inline(title)}</a></td>'
           f'<td>{question_count(len(questions), pool)}</td><td class="kbq-best">—</td>'
           f'<td><span class="kbq-none">—</span><ul class="kbq-wrong">{wrong}</ul></td></tr>')
    return row, {"id": block_id, "q": [[x.q.id, x.version] for x in prepared]}


def _progress_table(caption: str, first_column: str, rows: list[str]) -> str:
    return (f"<table>\n<caption>{caption}</caption>\n<thead><tr><th>{first_column}</th><th>Questions</th>"
            "<th>Best score</th><th>Answered wrongly last time</th></tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>\n")


def progress_page_markdown(quizzes: list[LoadedQuiz], self_checks: dict[str, Any], ctx: PageContext) -> str:
    """Every quiz and every entry's self-check, with the reader's best score and the questions last answered wrongly."""
    quiz_rows, check_rows, data = [], [], []
    for lq in quizzes:
        row, block = _progress_row(lq.quiz.id, lq.quiz.title, quiz_href(lq.quiz.id, ctx), lq.quiz.questions, ctx,
                                   lq.quiz.pool)
        quiz_rows.append(row)
        data.append(block)
    for entry_id in sorted(self_checks):
        url = ctx.href(f"questions/{entry_id}.md")
        row, block = _progress_row(f"entry:{entry_id}", ctx.entry_title(entry_id), url,
                                   _questions(self_checks[entry_id]), ctx)
        check_rows.append(row)
        data.append(block)
    tables = _progress_table("Quizzes", "Quiz", quiz_rows)
    if check_rows:
        tables += _progress_table("Self-checks on entry pages", "Entry", check_rows)
    return ("# My progress\n\n"
            '<p class="kbq-about">Your answers are saved in this browser only (localStorage): nothing is sent anywhere. '
            "The best score counts each quiz's best run; the last column lists the questions whose latest answer "
            "was wrong. The self-checks at the end of entry pages count too.</p>\n\n"
            '<div class="kbq-progress">\n'
            f'<script type="application/json" class="kbq-data">{json_for_html([{"quizzes": data}])}</script>'
            f"{asset_tags(ctx.href)}\n"
            "<noscript><p>Your progress is shown here when JavaScript is enabled.</p></noscript>\n"
            f"{tables}"
            '<p class="kbq-foot kbq-js" hidden><span class="kbq-score" role="status" aria-live="polite"></span> '
            '<button type="button" data-a="reset-all">Reset all progress</button></p>\n</div>\n')


def review_page_markdown(quizzes: list[LoadedQuiz], self_checks: dict[str, Any], ctx: PageContext) -> str:
    """Spaced repetition over the whole bank: the page holds every question; quiz.js shows the due ones."""
    items: list = []
    for lq in quizzes:
        origin = f'<p class="kbq-from">From the quiz <a href="{attr(quiz_href(lq.quiz.id, ctx))}">{inline(lq.quiz.title)}</a></p>'
        items += _items(lq, ctx, origin)
    for entry_id in sorted(self_checks):
        questions = _questions(self_checks[entry_id])
        url = attr(ctx.href(f"questions/{entry_id}.md"))
        origin = f'<p class="kbq-from">From <a href="{url}">{inline(ctx.entry_title(entry_id))}</a></p>'
        items += [(ctx.prepare(q), False, origin) for q in questions]
    return ("# Review\n\n"
            '<p class="kbq-about">Questions you answered wrongly come back here at once. Each one you get right comes '
            "back when a model of memory (FSRS-6, with its default parameters) predicts that you would still recall "
            "it nine times in ten: after two days the first time, then later each time you remember it. Only "
            "questions you have already answered, in quizzes or in the self-checks of entry pages, are reviewed, "
            "up to 10 at a time.</p>\n\n"
            "<noscript><p>Without JavaScript this page lists the whole question bank.</p></noscript>\n\n"
            + block_html("review", items, ctx, numbered=False, kind="review", reset_label="Reset all progress",
                         header='<p class="kbq-rv kbq-js" role="status" aria-live="polite" hidden></p>') + "\n")


def _questions(value: Any) -> list:
    """A self-check value is (YamlDoc, questions), as check_quizzes takes it, or just the questions."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list):
        return value[1]
    return list(value)
