"""Browser tests of the quiz widget (headless Debian chromium through Playwright)."""
