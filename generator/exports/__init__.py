"""The question bank taken out of the site: ``export FORMAT [--quiz ID ...] [--out PATH]``.

``bank`` loads the quizzes with the values of the current demo run; each format is one module
(``handout``: printable pages with the answer key on pages of its own); ``command`` is the CLI.
"""

FORMATS = ("handout",)
