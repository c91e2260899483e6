"""Corpus and demo results to pages: Markdown for every page, the navigation, the assets (no MkDocs here)."""
