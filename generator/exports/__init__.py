"""The question bank taken out of the site: ``export FORMAT [--quiz ID ...] [--out PATH]``.

``bank`` loads the quizzes with the values of the current demo run; each format is one module with a
``write(bank, path)`` (``handout``: printable pages with the answer key on pages of its own; ``qti``: a
Canvas package; ``moodle``: Moodle XML; ``gift``: GIFT text; ``anki``: an Anki deck); ``export_command`` is the CLI.
"""

# format -> (where it is written unless --out says otherwise, whether that is a folder)
FORMATS = {
    "handout": ("handouts", True),
    "qti": ("question-bank-qti.zip", False),
    "moodle": ("question-bank-moodle.xml", False),
    "gift": ("question-bank.gift.txt", False),
    "anki": ("question-bank.apkg", False),
}
