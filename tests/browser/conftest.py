"""Browser tests: Playwright drives Debian's Chromium at /usr/bin/chromium (never a downloaded browser).

Every page a test visits is checked with axe-core; serious or critical violations fail the test. Without Chromium
the tests skip with a loud message, except under CI=true, where they fail.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run next to one unless told.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
MISSING = "Chromium is missing at /usr/bin/chromium: browser tests did NOT run. Install it with `apt-get install chromium`."
_skipped_for_missing_chromium = []


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(MISSING, pytrace=False)
        _skipped_for_missing_chromium.append(True)
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_missing_chromium:
        terminalreporter.write_sep("!", MISSING, red=True, bold=True)
