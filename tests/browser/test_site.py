"""The snapshot's built site in a phone-sized headless Chromium, with JavaScript on and off."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from benchmarks import synthetic
from benchmarks.page_weight import served
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from chitieu.pages import sheets
from tests.browser.conftest import PHONE, Visit, axe_violations, save_screenshot
from tests.sitebuild import BuiltSite, build_once

pytestmark = pytest.mark.browser

HOME = ""
INDICATOR = "indicators/kt-2020-2025-grain-output/"
RESOLUTION = "resolutions/kt-2020-2025/"
PAGES = {"home": HOME, "indicator": INDICATOR, "resolution": RESOLUTION}
PREFIX = {"vi": "", "en": "en/"}
JAVASCRIPT = [pytest.param(True, id="js-on"), pytest.param(False, id="js-off")]

OpenPage = Callable[..., Visit]


@pytest.mark.parametrize("javascript", JAVASCRIPT)
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_chart_is_visible_and_the_page_fits_a_phone(
    open_page: OpenPage, kind: str, language: str, javascript: bool
) -> None:
    page = open_page(PREFIX[language] + PAGES[kind], javascript=javascript).page
    charts = page.locator("figure.ct-chart svg[role=img]")
    # A target's page has its chart; a resolution's and the home page a scorecard first.
    assert charts.count() == (1 if kind == "indicator" else 2)
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["x"] + box["width"] <= PHONE["width"]
        assert chart.get_attribute("aria-label")
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("javascript", JAVASCRIPT)
@pytest.mark.parametrize(
    ("start", "lands"), [(INDICATOR, "en/" + INDICATOR), ("en/" + RESOLUTION, RESOLUTION)]
)
def test_language_switch_lands_on_the_same_page(
    open_page: OpenPage, snapshot_url: str, start: str, lands: str, javascript: bool
) -> None:
    page = open_page(start, javascript=javascript).page
    switch = page.locator("a.ct-language__link")
    assert switch.is_visible()
    switch.click()
    page.wait_for_url(snapshot_url + lands)
    assert page.evaluate("document.documentElement.lang") == ("en" if lands.startswith("en/") else "vi")


def _search(page_visit: Visit, query: str) -> list[str]:
    """Type `query` into the theme's search and return the result links.

    The theme reads the query on a key press, and builds its index in a worker after the
    page loads; a query sent before the index is ready goes unanswered, so the key press
    is repeated until results come (or 30 s pass)."""
    page = page_visit.page
    page.locator("label.md-header__button[for=__search]").click()
    field = page.locator("input.md-search__input")
    field.fill(query)
    return _results(page)


def _results(page: Page) -> list[str]:
    """The result links of the query in the search field, once the index answers."""
    field = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item > a")
    for _ in range(30):
        field.press("End")
        try:
            results.first.wait_for(timeout=1_000)
            break
        except PlaywrightTimeoutError:
            continue
    return [href for href in (results.nth(i).get_attribute("href") for i in range(results.count())) if href]


@pytest.mark.parametrize("query", ["san luong lua", "sản lượng lúa", "SAN LUONG LUA"])
def test_search_without_diacritics_finds_the_vietnamese_page(open_page: OpenPage, query: str) -> None:
    found = _search(open_page(HOME), query)
    assert any("indicators/kt-2020-2025-high-quality-rice-output/" in href for href in found), found


def _loaded(page: Page) -> list[str]:
    entries: list[str] = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    return entries


def test_the_theme_script_and_the_search_index_load_only_when_the_search_is_opened(
    open_page: OpenPage,
) -> None:
    """A reader who does not search downloads the page and its styles, not the theme's
    script nor the whole site's search index (overrides/main.html)."""
    visit = open_page(INDICATOR)
    page = visit.page
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    before = _loaded(page)
    assert not any("search_index.json" in url or "/javascripts/" in url for url in before), before
    assert page.locator("label.md-header__button[for=__search]").is_visible()

    assert any("indicators/kt-2020-2025-grain-output/" in href for href in _search(visit, "san luong"))
    after = _loaded(page)
    assert any("search_index.json" in url for url in after) and any("bundle." in url for url in after)


def test_english_search_finds_the_english_page(open_page: OpenPage) -> None:
    found = _search(open_page("en/"), "rice output")
    assert any("en/indicators/kt-2020-2025-high-quality-rice-output/" in href for href in found), found
    assert all("/en/" in href for href in found), found  # one index per language


@pytest.mark.parametrize("javascript", JAVASCRIPT)
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_accessibility_violation(
    open_page: OpenPage, kind: str, language: str, javascript: bool
) -> None:
    page = open_page(PREFIX[language] + PAGES[kind], scripts=javascript).page
    assert page.evaluate("document.documentElement.classList.contains('no-js')") is (not javascript)
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_serious_accessibility_violation_in_the_open_search_and_menu(
    open_page: OpenPage, language: str
) -> None:
    visit = open_page(PREFIX[language] + INDICATOR)
    page = visit.page
    page.locator("label.md-header__button[for=__drawer]").click()  # the navigation drawer
    page.wait_for_timeout(300)
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    page.locator("label.md-header__button[for=__drawer]").click(force=True)
    assert _search(visit, "lua" if language == "vi" else "rice")
    page.wait_for_timeout(500)  # the dialog fades in: let its colours settle first
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", ["home", "indicator"])
def test_screenshots_for_a_person_to_look_at(open_page: OpenPage, kind: str, language: str) -> None:
    for javascript in (True, False):
        page = open_page(PREFIX[language] + PAGES[kind], javascript=javascript).page
        name = f"{language}-{kind}" + ("" if javascript else "-nojs")
        assert save_screenshot(page, name).stat().st_size > 10_000


def test_the_search_opens_from_the_keyboard_before_the_theme_script_has_loaded(open_page: OpenPage) -> None:
    page = open_page(HOME).page
    page.keyboard.press("/")
    field = page.locator("input.md-search__input")
    field.wait_for(state="visible", timeout=5_000)
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("lua chat luong cao")
    hrefs = _results(page)
    assert any("indicators/kt-2020-2025-high-quality-rice-output/" in href for href in hrefs), hrefs


def test_a_printed_page_drops_the_navigation_and_prints_link_addresses(open_page: OpenPage) -> None:
    page = open_page("resolutions/kt-2018/", javascript=False).page  # its report has an address
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.md-header', '.md-sidebar--primary', '.md-footer']"
        ".map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)"
    )
    assert hidden and set(hidden) == {"none"}
    address = page.evaluate(
        "(() => { const a = document.querySelector('.md-typeset a[href^=\"http\"]');"
        " return a && getComputedStyle(a, '::after').content; })()"
    )
    assert address and "http" in address  # the report's address, printed after its link
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 3, pages  # a resolution prints on a few sheets


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_resolution_prints_on_one_a4_sheet(
    open_page: OpenPage, snapshot_site: BuiltSite, prefix: str
) -> None:
    """The sheet a ward meeting prints: one A4 page per resolution in Chromium's own print,
    with its scorecard, a row per known target and no navigation."""
    for resolution in snapshot_site.package.resolutions:
        page = open_page(f"{prefix}print/resolutions/{resolution.id}/", javascript=False).page
        rows = page.locator(".ct-sheet__targets tbody tr").count()
        assert rows == len(snapshot_site.package.indicators_of(resolution.id)), resolution.id
        assert page.locator(".ct-chart svg").count() == 1, resolution.id
        assert page.locator(".md-header, .md-sidebar, nav").count() == 0, resolution.id
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
        assert pdf.startswith(b"%PDF") and pages == 1, (resolution.id, pages)
        page.context.close()


def test_a_resolution_with_many_targets_still_prints_on_one_sheet(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The table's type shrinks with its rows (pages/sheets.py): MOST_ON_ONE_PAGE targets
    of a generated package, one row each, still print on one A4 page."""
    rows = sheets.MOST_ON_ONE_PAGE
    descriptor = synthetic.generate(tmp_path_factory.mktemp("many-targets"), rows, per_district=rows)
    site = build_once(tmp_path_factory, "many-targets", descriptor)
    resolution = next(r for r in site.package.resolutions if len(site.package.indicators_of(r.id)) == rows)
    with served(site.root) as base:
        page = browser.new_page()
        try:
            page.goto(f"{base}print/resolutions/{resolution.id}/")
            assert page.locator(".ct-sheet__targets tbody tr").count() == rows
            pdf = page.pdf(format="A4", prefer_css_page_size=True)
        finally:
            page.close()
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
