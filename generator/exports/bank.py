"""The question bank as the exports see it: the chosen quizzes, each question prepared with the values
of the current demo run (stale demos are rerun, as for a build)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.addresses import page_url
from generator.errors import BuildFailed, ContentError, did_you_mean
from generator.quizzes.demo_values import demo_paths
from generator.quizzes.widget import Prepared, prepare


@dataclass(frozen=True)
class BankQuiz:
    quiz: Any                   # the Quiz model
    items: list[Prepared]
    from_demos: list[bool]      # per question: its text or answer comes from a demo result
    runs: dict[str, dict]       # demo name -> provenance of the run those values come from
    path: tuple[str, ...]       # taxonomy titles: field, programme, lesson and, for a topic's quiz, the topic
    # explaining entry id -> (its question, its address on the published site or "" without site_url)
    entries: dict[str, tuple[str, str]]

    def run_names(self, index: int) -> list[str]:
        """The demos whose current run the question at ``index`` takes its text or answer from."""
        if not self.from_demos[index]:
            return []
        return sorted({path.split(".")[0] for path in demo_paths(self.quiz.questions[index])} & set(self.runs))

    def run_label(self, name: str, esc: Callable[[str], str] = str, code: bool = False, run: str = " run ") -> str:
        """The run of demo ``name``: "lr_sweep run 48579bac9893 of 2026-12-02T17:09:25Z". ``esc`` escapes each
        part (e.g. for HTML), ``code`` puts the name and key in <code>, ``run`` goes between them."""
        p = self.runs[name]
        name, key = esc(name), esc(str(p.get("key", ""))[:12])
        if code:
            name, key = f"<code>{name}</code>", f"<code>{key}</code>"
        return f"{name}{run}{key}" + (f" of {esc(p['date'])}" if p.get("date") else "")

    def run_text(self, index: int) -> str:
        """The runs of :meth:`run_names` as plain text, joined by "; " ("" for none)."""
        return "; ".join(self.run_label(name) for name in self.run_names(index))


def load_bank(root: Path, quiz_ids: list[str], demos: str | None) -> list[BankQuiz]:
    """The quizzes named by ``quiz_ids`` (all when empty), in file order; BuildFailed for any problem."""
    from generator.content.corpus import load_corpus
    from generator.mkdocs.config import load_checked, plugin_options
    from generator.pages.pipeline import BuildOptions, run_demos
    from generator.pages.quiz_pages import QuizContributor

    problems, config = load_checked(root)
    if problems:
        raise BuildFailed(problems)
    options = plugin_options(config)
    corpus = load_corpus(root)
    _check_ids(root, quiz_ids)  # before the demos run: a mistyped id is answered at once
    results = run_demos(BuildOptions.configured(root, options, demos))
    contributor = QuizContributor.load(corpus, results or None)
    entries = _entry_addresses(corpus, config.site_url or "", config.use_directory_urls)
    bank = []
    for lq in contributor.quizzes:
        model = lq.quiz
        if quiz_ids and model.id not in quiz_ids:
            continue
        if model.topic:
            at = corpus.places[model.topic]
            titles = (at.field.title, at.programme.title, at.lesson.title, at.topic.title)
        else:
            titles = tuple(level.title for level in corpus.lessons[model.lesson])
        paths = [demo_paths(q) for q in model.questions]
        used = sorted({path.split(".")[0] for found in paths for path in found} & set(results))
        bank.append(BankQuiz(model, [prepare(q, contributor.resolve) for q in model.questions],
                             [bool(found) for found in paths],
                             {name: results[name].provenance | {"key": results[name].key} for name in used},
                             titles, {q.entry: entries[q.entry] for q in model.questions if q.entry in entries}))
    return bank


def _check_ids(root: Path, quiz_ids: list[str]) -> None:
    from generator.errors import ErrorCollector
    from generator.quizzes.loader import load_quizzes

    errors = ErrorCollector()
    known = [lq.quiz.id for lq in load_quizzes(root, errors)]
    if errors:
        raise BuildFailed(list(errors))
    unknown = [ContentError("export", None, None, f"unknown quiz '{qid}'",
                            did_you_mean(qid, known) or f"quizzes: {', '.join(known)}")
               for qid in quiz_ids if qid not in known]
    if unknown:
        raise BuildFailed(unknown)


def _entry_addresses(corpus, site_url: str, directory_urls: bool) -> dict[str, tuple[str, str]]:
    from generator.pages.bundle import entry_src

    base = site_url.rstrip("/") + "/" if site_url else ""
    return {e.entry.id: (e.entry.question, base and base + page_url(entry_src(e.entry.id), directory_urls))
            for e in corpus.entries}
