"""Browser tests of the web console: headless Chromium driven by Selenium against a real
`symemu serve` (or symemu_testserve) on free loopback ports. Skipped, with the reason, only when
Chromium, chromedriver or Selenium is missing (scripts/setup installs all three)."""
import os

import pytest

from browser_support import FORM_LIBRARY, MISSING, SymemuServer, make_driver, quit_driver


def pytest_collection_modifyitems(config, items):
    if not MISSING:
        return
    skip = pytest.mark.skip(reason=f"browser tests need Chromium: {MISSING}")
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    quit_driver(driver)


@pytest.fixture
def served(tmp_path):
    """A fresh `symemu serve` (the real binary, default chains) on free ports."""
    with SymemuServer(tmp_path / "console.db") as server:
        yield server


@pytest.fixture
def testserved(tmp_path):
    """symemu_testserve (symemu plus the Echo Device) with the Form Test Device's library."""
    extra = os.environ.get("SYMEMU_LIBRARY_PATH")
    env = {"SYMEMU_LIBRARY_PATH": f"{FORM_LIBRARY}:{extra}" if extra else str(FORM_LIBRARY)}
    with SymemuServer(tmp_path / "console.db", binary_name="symemu_testserve", env=env) as server:
        yield server
