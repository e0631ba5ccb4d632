"""The quality gates every build must pass, on the built real site.

- every internal link and asset of every page resolves, #anchors included (read from the
  files, no browser needed);
- every page has a title, a description and `lang` set to its language;
- one page of every kind, in both languages, with JavaScript on and off, in a 390 px wide
  headless Chromium: no serious or critical axe-core violation, no request that leaves
  127.0.0.1, no console error, no horizontal scrolling;
- every chart of every page, in both languages, as Chromium draws it: no word of a chart
  runs into another word or a legend's swatch, and none is cut off at the chart's edge
  (the charts are laid out by vl-convert's font measurements, the reader's font may be
  wider);
- the same pages are light: with everything they load, gzip-compressed, an indicator page
  weighs at most 60 KB and any other page at most 120 KB (issue 6's budgets).

Each gate records a one-line figure (pages checked, violations, links, requests), printed
in the "quality gates" section at the end of the test run (tests/browser/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from benchmarks.page_weight import weigh_page
from playwright.sync_api import Browser, Route

from tests.browser.conftest import GATE_FIGURES, PHONE, axe_violations, guard
from tests.gates import SiteFiles, check_links, site_files, wrong_heads
from tests.sitebuild import BuiltSite

pytestmark = pytest.mark.browser

LANGUAGES = {"vi": "", "en": "en/"}  # language: its folder in the site
# What a reader's phone may download for one page, gzip-compressed (issue 6).
INDICATOR_PAGE_BUDGET = 60 * 1024
PAGE_BUDGET = 120 * 1024


def record(config: pytest.Config, line: str) -> None:
    config.stash.setdefault(GATE_FIGURES, []).append(line)
    print(line)


@pytest.fixture(scope="module")
def files(real_site: BuiltSite) -> SiteFiles:
    return site_files(real_site.root)


def test_every_internal_link_asset_and_anchor_resolves(files: SiteFiles, pytestconfig: pytest.Config) -> None:
    result = check_links(files)
    record(
        pytestconfig,
        f"links: {result.checked} internal links and assets checked in {len(files.pages)} pages "
        f"and {result.stylesheets} stylesheets, {len(result.broken)} broken",
    )
    assert result.broken == [], "\n".join(map(str, result.broken[:50]))


def test_every_page_has_a_title_a_description_and_its_language(
    files: SiteFiles, pytestconfig: pytest.Config
) -> None:
    wrong = wrong_heads(files)
    record(
        pytestconfig,
        f"head: {len(files.pages)} pages checked for <title>, meta description and lang, "
        f"{len(wrong)} missing or wrong",
    )
    assert wrong == [], "\n".join(map(str, wrong[:50]))


# ---------------------------------------------------------------------------------------
# One page of every kind in the browser.


def page_kinds(files: SiteFiles) -> dict[str, str]:
    """{kind: URL path in Vietnamese}: every top-level page, and the first page of each
    folder of many (indicators/x/, areas/x/, embed/resolutions/x/), found in the built site so
    that a new kind of page is checked without anyone listing it here."""
    kinds = {"home": "/", "not-found": "/404.html"}
    for url in files.pages:
        parts = url.strip("/").split("/")
        if url.startswith("/en/") or url.endswith(".html") or url == "/":
            continue
        if len(parts) == 1:
            kinds[parts[0]] = url
        else:  # indicators/*, and the embeddable views: embed/indicators/*
            kinds.setdefault("/".join(parts[:-1]) + "/*", url)
    return dict(sorted(kinds.items()))


@dataclass
class _Seen:
    url: str
    javascript: bool
    lang: str
    violations: list[dict[str, Any]]
    requests: int
    outside: list[str]
    console_errors: list[str]
    scroll_width: int


def _visit(browser: Browser, base_url: str, urls: list[str], javascript: bool) -> list[_Seen]:
    """Open each URL in one tab, reused from page to page, and say what the browser saw."""
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    requests: list[str] = []
    outside: list[str] = []
    errors: list[str] = []

    def count_and_guard(route: Route) -> None:
        requests.append(route.request.url)
        # JavaScript off is the page without its scripts: what such a reader gets, while
        # axe itself still runs.
        guard(route, outside, scripts=javascript)

    tab.route("**/*", count_and_guard)
    tab.on("console", lambda m: errors.append(f"{tab.url}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(f"{tab.url}: {error}"))
    seen = []
    for url in urls:
        del requests[:], outside[:], errors[:]
        tab.goto(base_url + url.lstrip("/"), wait_until="networkidle" if javascript else "load")
        seen.append(
            _Seen(
                url=url,
                javascript=javascript,
                lang=tab.evaluate("document.documentElement.lang"),
                violations=axe_violations(tab),
                requests=len(requests),
                outside=list(outside),
                console_errors=list(errors),
                scroll_width=tab.evaluate("document.documentElement.scrollWidth"),
            )
        )
    context.close()
    return seen


@pytest.fixture(scope="module")
def survey(browser: Browser, base_url: str, files: SiteFiles) -> list[_Seen]:
    """Every kind of page in every language, with JavaScript on and off."""
    urls = [
        f"/{folder}{url.lstrip('/')}" for folder in LANGUAGES.values() for url in page_kinds(files).values()
    ]
    seen = [s for javascript in (True, False) for s in _visit(browser, base_url, urls, javascript)]
    # The gates below count what was seen; each page must really be in its language.
    assert [s.lang for s in seen] == ["en" if s.url.startswith("/en/") else "vi" for s in seen]
    return seen


def _mode(seen: _Seen) -> str:
    return "js-on" if seen.javascript else "js-off"


def test_no_serious_or_critical_accessibility_violation(
    survey: list[_Seen], files: SiteFiles, pytestconfig: pytest.Config
) -> None:
    found = [(s.url, _mode(s), v) for s in survey for v in s.violations]
    record(
        pytestconfig,
        f"axe-core: {len(survey)} page views ({len(page_kinds(files))} kinds x {len(LANGUAGES)} languages "
        f"x JavaScript on/off), {len(found)} serious or critical violations",
    )
    assert found == [], "\n".join(f"{url} ({mode}): {v}" for url, mode, v in found)


def test_no_request_leaves_the_site_and_no_console_error(
    survey: list[_Seen], pytestconfig: pytest.Config
) -> None:
    outside = [(s.url, _mode(s), u) for s in survey for u in s.outside]
    errors = [(s.url, _mode(s), e) for s in survey for e in s.console_errors]
    record(
        pytestconfig,
        f"requests: {sum(s.requests for s in survey)} made by {len(survey)} page views, "
        f"{len(outside)} to another host than 127.0.0.1; console errors: {len(errors)}",
    )
    assert outside == [], "\n".join(map(str, outside))
    assert errors == [], "\n".join(map(str, errors))


def test_no_page_scrolls_sideways_on_a_phone(survey: list[_Seen], pytestconfig: pytest.Config) -> None:
    wide = [(s.url, _mode(s), s.scroll_width) for s in survey if s.scroll_width > PHONE["width"]]
    record(
        pytestconfig,
        f"390 px: {len(survey)} page views, widest {max(s.scroll_width for s in survey)} px, "
        f"{len(wide)} scroll sideways",
    )
    assert wide == [], "\n".join(map(str, wide))


def test_every_page_is_light_with_all_it_loads(
    browser: Browser, base_url: str, files: SiteFiles, pytestconfig: pytest.Config
) -> None:
    urls = [
        f"{folder}{url.lstrip('/')}" for folder in LANGUAGES.values() for url in page_kinds(files).values()
    ]
    weights = [weigh_page(browser, base_url, url) for url in urls]

    def budget(path: str) -> int:
        return INDICATOR_PAGE_BUDGET if "indicators/" in path else PAGE_BUDGET

    heavy = [
        (w.path, w.gzip_bytes, budget(w.path), w.heaviest) for w in weights if w.gzip_bytes > budget(w.path)
    ]
    heaviest = max(weights, key=lambda w: w.gzip_bytes)
    record(
        pytestconfig,
        f"weight: {len(weights)} pages with all they load, heaviest {heaviest.gzip_bytes / 1024:.0f} KB "
        f"gzip (/{heaviest.path}), {len(heavy)} over budget",
    )
    assert heavy == [], "\n".join(map(str, heavy))


# Each drawn word of every chart on the page, and each legend swatch, as boxes in CSS px;
# then every pair that overlaps by more than a pixel, and every word that sticks out of
# the visible part of its chart (an inline SVG clips what lies outside its box unless
# its overflow is visible).
_CHART_COLLISIONS = """() => {
  const found = [];
  for (const svg of document.querySelectorAll('figure.ct-chart svg')) {
    const frame = svg.getBoundingClientRect();
    const clips = getComputedStyle(svg).overflow !== 'visible';
    const words = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
    const swatches = [...svg.querySelectorAll('.role-legend-symbol path')];
    const boxes = [...words, ...swatches].map(e => [e, e.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) {
      const [a, r] = boxes[i];
      if (a.tagName === 'text' && clips && (r.left < frame.left - 1 || r.right > frame.right + 1)) {
        found.push(['cut off', a.textContent]);
      }
      for (let j = i + 1; j < boxes.length; j++) {
        const [b, q] = boxes[j];
        const dx = Math.min(r.right, q.right) - Math.max(r.left, q.left);
        const dy = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
        if (dx > 1 && dy > 1) found.push(['overlap', a.textContent || 'swatch', b.textContent || 'swatch']);
      }
    }
  }
  return [document.querySelectorAll('figure.ct-chart svg').length, found];
}"""


def test_no_chart_word_collides_or_is_cut_off(
    browser: Browser, base_url: str, files: SiteFiles, pytestconfig: pytest.Config
) -> None:
    with_charts = [url for url, page in files.pages.items() if page.charts]
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    charts, collisions = 0, []
    for url in with_charts:
        tab.goto(base_url + url.lstrip("/"))
        count, found = tab.evaluate(_CHART_COLLISIONS)
        charts += count
        collisions += [(url, *problem) for problem in found]
    context.close()
    record(
        pytestconfig,
        f"charts: {charts} charts on {len(with_charts)} pages drawn in Chromium, "
        f"{len(collisions)} colliding or cut-off words",
    )
    assert charts > 0
    assert collisions == [], "\n".join(map(str, collisions))
