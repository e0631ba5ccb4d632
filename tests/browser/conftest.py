"""Headless Chromium (Debian's, never a downloaded build) against two built sites, each
served from 127.0.0.1 by a standard-library HTTP server in a thread: the real package's
(`base_url`, for the quality gates, which hold for any valid package) and the snapshot's
(`snapshot_url`, for the tests that name its pages). The browser's flags and the server
are the page-weight benchmark's (benchmarks/page_weight.py), so the browser checks and
`make bench` load pages the same way.

Every page a test opens records its console errors and every request that would leave
127.0.0.1 (such a request is blocked, then reported); `open_page` fails the test when
either list is not empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from benchmarks.page_weight import CHROMIUM, CHROMIUM_FLAGS, served
from playwright.sync_api import Browser, Page, Route, ViewportSize, sync_playwright

from tests.sitebuild import REAL_DESCRIPTOR, REPOSITORY, SNAPSHOT_DESCRIPTOR, BuiltSite, build_once

PHONE: ViewportSize = {"width": 390, "height": 844}
SCREENSHOTS = REPOSITORY / "test-output" / "screenshots"
AXE = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"


# Each quality gate's one-line figure (tests/browser/test_quality_gates.py), printed at the
# end of the run so that the numbers show in every test output.
GATE_FIGURES = pytest.StashKey[list[str]]()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    figures = config.stash.get(GATE_FIGURES, [])
    if figures:
        terminalreporter.section("quality gates")
        for line in figures:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_once(tmp_path_factory, "real", REAL_DESCRIPTOR)


@pytest.fixture(scope="session")
def base_url(real_site: BuiltSite) -> Iterator[str]:
    with served(real_site.root) as base:
        yield base


@pytest.fixture(scope="session")
def snapshot_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_once(tmp_path_factory, "snapshot", SNAPSHOT_DESCRIPTOR)


@pytest.fixture(scope="session")
def snapshot_url(snapshot_site: BuiltSite) -> Iterator[str]:
    with served(snapshot_site.root) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """One browser tab and what it saw."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)


def guard(route: Route, outside: list[str], scripts: bool = True) -> None:
    """Every request of a tab: one that would leave 127.0.0.1 is blocked and noted in
    `outside`; with `scripts=False` a page comes without its own scripts."""
    if urlsplit(route.request.url).hostname != "127.0.0.1":
        outside.append(route.request.url)
        route.abort()
    elif not scripts and route.request.resource_type == "document":
        response = route.fetch()
        route.fulfill(response=response, body=_SCRIPT.sub("", response.text()))
    else:
        route.continue_()


@pytest.fixture
def open_page(browser: Browser, snapshot_url: str) -> Iterator[Callable[..., Visit]]:
    """open_page(path, javascript=True, scripts=True) -> Visit: a phone-sized tab at
    snapshot_url + path.

    `scripts=False` keeps JavaScript on but serves the page without its own scripts: the
    page is exactly what a reader with JavaScript off gets, and axe-core (which needs
    JavaScript to run) can still inspect it.
    """
    visits: list[Visit] = []
    contexts = []

    def open_(path: str, javascript: bool = True, scripts: bool = True) -> Visit:
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)

        page.route("**/*", lambda route: guard(route, visit.outside_requests, scripts))
        page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
        page.goto(snapshot_url + path)
        visits.append(visit)
        return visit

    yield open_
    for context in contexts:
        context.close()
    for visit in visits:
        assert visit.outside_requests == [], visit.page.url
        assert visit.console_errors == [], visit.page.url


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core's violations of the given impacts on the page as it is now. axe is
    evaluated in the page's own world, so it also runs with the page's JavaScript off."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results: dict[str, Any] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "")[:300],
        }
        for v in results["violations"]
        if v["impact"] in impacts
    ]


def save_screenshot(page: Page, name: str) -> Path:
    """The first screen (what a phone shows) and the whole page, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    full = SCREENSHOTS / f"{name}-full.png"
    page.screenshot(path=str(full), full_page=True)
    return full
