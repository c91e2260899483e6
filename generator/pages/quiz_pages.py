"""Adapter between the quizzes package and the site: quiz pages, self-checks, nav, assets.

It loads and checks quizzes against the corpus and demo results, then plays
the "extras" role for :class:`generator.pages.site.SiteBuilder`: self-check blocks on
entry pages, quiz links on topic and lesson pages, quiz/progress/review pages,
the widget's script and stylesheet, and a "Quizzes" section in the nav.
"""

from __future__ import annotations

from typing import Any

from generator import quizzes as q
from generator.addresses import html_href
from generator.content.corpus import Corpus
from generator.demos.lookup import Demos, ResultLookupError, parse_path
from generator.errors import BuildFailed, ErrorCollector
from generator.pages.bundle import front_matter
from generator.pages.escaping import html_text, md_escape

PAGE_FOLDER = "quizzes"


def demo_resolver(results: dict[str, Any] | None):
    """``resolve("lr_sweep.metrics.best.learning_rate")`` for quizzes; None when demos are off."""
    if results is None:
        return None
    demos = Demos(results)

    def resolve(path: str) -> Any:
        try:
            name, *keys = parse_path(path)  # the answers' syntax: lr_sweep.final_loss["3.0"]
            node: Any = demos[name]
            for key in keys:
                node = node[key]
        except (ResultLookupError, ValueError) as exc:
            raise LookupError(str(exc)) from None
        return getattr(node, "_value", node)

    return resolve


# Pages of the quizzes folder that no quiz may take.
RESERVED_QUIZ_IDS = {"progress": "the My progress page", "review": "the Review page", "index": "the quizzes folder itself"}


class QuizContributor:
    def __init__(self, corpus: Corpus, quizzes: list, resolve, directory_urls: bool = True):
        self.corpus, self.quizzes, self.resolve = corpus, quizzes, resolve
        self.directory_urls = directory_urls  # MkDocs' use_directory_urls: quiz pages link in raw HTML
        self.titles = {e.entry.id: e.entry.question for e in corpus.entries}

    @classmethod
    def load(cls, corpus: Corpus, results: dict[str, Any] | None, directory_urls: bool = True) -> QuizContributor:
        errors = ErrorCollector()
        quizzes = q.load_quizzes(corpus.root, errors)
        for lq in quizzes:
            if lq.id in RESERVED_QUIZ_IDS:
                errors.extend([lq.doc.error(("id",), f"the quiz id '{lq.id}' is the address of "
                                            f"{RESERVED_QUIZ_IDS[lq.id]}", "choose another id")])
        # (each entry's document, with its line marks, is parsed again only if a message needs it)
        self_checks = {e.entry.id: (e, list(e.entry.self_check)) for e in corpus.entries if e.entry.self_check}
        resolve = demo_resolver(results)
        q.check_quizzes(quizzes, self_checks, entry_ids={e.entry.id for e in corpus.entries}, topic_ids=set(corpus.places),
                        lesson_ids=set(corpus.lessons), resolve_demo=resolve, errors=errors)
        if errors:
            raise BuildFailed(list(errors))
        return cls(corpus, quizzes, resolve, directory_urls)

    def _ctx(self, page_src: str):
        return q.PageContext(href=lambda target: html_href(page_src, target, self.directory_urls),
                             resolve_demo=self.resolve, entry_title=lambda entry_id: self.titles.get(entry_id, entry_id))

    @staticmethod
    def quiz_src(quiz) -> str:
        return f"{PAGE_FOLDER}/{quiz.quiz.id}.md"

    # -- the extras interface used by SiteBuilder ---------------------------------
    def self_check(self, entry, page_src: str) -> str:
        if not entry.self_check:
            return ""
        return q.self_check_markdown(entry.id, list(entry.self_check), self._ctx(page_src))

    def quizzes_for(self, level: str, node_id: str, page_src: str) -> list[dict]:
        out = []
        for quiz in self.quizzes:
            model = quiz.quiz
            if (level == "topic" and model.topic == node_id) or (level == "lesson" and model.lesson == node_id):
                out.append({"title": model.title, "src": self.quiz_src(quiz), "count": len(model.questions)})
        return out

    def quiz_count(self) -> int:
        return len(self.quizzes)

    def listed(self) -> tuple:
        """What the taxonomy and home pages show of the quizzes depends on these files' texts only."""
        return tuple((quiz.path, quiz.doc.text) for quiz in self.quizzes)

    def contribute(self, bundle) -> None:
        for quiz in self.quizzes:
            src = self.quiz_src(quiz)
            front = front_matter(title=quiz.quiz.title, description=quiz.quiz.description)
            bundle.sources[src] = quiz.path
            bundle.add_page(src, f"---\n{front}\n---\n\n" + q.quiz_page_markdown(quiz, self._ctx(src)))
        self_checks = {e.entry.id: list(e.entry.self_check) for e in self.corpus.entries if e.entry.self_check}
        unsearched = f"---\n{front_matter(search={'exclude': True})}\n---\n\n"  # a reader's own pages, not content
        bundle.add_page(f"{PAGE_FOLDER}/progress.md", unsearched + q.progress_page_markdown(
            self.quizzes, self_checks, self._ctx(f"{PAGE_FOLDER}/progress.md")))
        bundle.add_page(f"{PAGE_FOLDER}/review.md", unsearched + q.review_page_markdown(
            self.quizzes, self_checks, self._ctx(f"{PAGE_FOLDER}/review.md")))
        bundle.add_page(f"{PAGE_FOLDER}/index.md", self.index_markdown())
        for path in sorted(q.SOURCES):  # loaded by the pages that hold questions (quizzes/assets.py)
            bundle.add_asset(path, q.shipped(path))

    def index_markdown(self) -> str:
        """The quizzes folder's page: every quiz with where it belongs and its size, then My progress and Review."""
        def place(model) -> str:
            if model.topic:
                return self.corpus.places[model.topic].topic.title
            return next((p.lesson.title for p in self.corpus.places.values() if p.lesson.id == model.lesson), "")
        rows = "\n".join(f"| [{md_escape(lq.quiz.title)}]({lq.quiz.id}.md) | {md_escape(place(lq.quiz))} | "
                         f"{q.question_count(len(lq.quiz.questions), lq.quiz.pool)} |" for lq in self.quizzes)
        total = sum(len(lq.quiz.questions) for lq in self.quizzes)
        return (f"---\n{front_matter(title='Quizzes')}\n---\n\n# Quizzes\n\n"
                f"{len(self.quizzes)} quiz{'zes' if len(self.quizzes) != 1 else ''} of {total} questions. Your answers "
                "stay in this browser: [My progress](progress.md) shows your best score in each quiz and what you "
                "last answered wrongly, and [Review](review.md) brings back the questions that are due again.\n\n"
                f"| Quiz | Topic or lesson | Questions |\n|---|---|---:|\n{rows}\n")

    def nav(self) -> list:
        items: list = [f"{PAGE_FOLDER}/index.md"]
        items += [{html_text(quiz.quiz.title): self.quiz_src(quiz)} for quiz in self.quizzes]
        items += [{"My progress": f"{PAGE_FOLDER}/progress.md"}, {"Review": f"{PAGE_FOLDER}/review.md"}]
        return [{"Quizzes": items}]
