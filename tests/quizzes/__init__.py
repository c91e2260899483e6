"""Unit tests of the quizzes package: models, validation, cross-checks, rendering, assets, content."""
