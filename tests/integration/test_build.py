"""The whole build, from the real package and from a small fixture package: what a
reader of the built site sees, in both languages."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from chitieu import assess, ingest, pipeline
from chitieu.formatting import format_figure
from chitieu.pages.methodology import status_rule
from chitieu.problems import ChitieuError
from chitieu.records import Area
from chitieu.site import urls
from chitieu.validate import validate
from tests.integration.conftest import ADDRESS
from tests.sitebuild import (
    HOSTILE_NAME_EN,
    HOSTILE_NAME_VI,
    HOSTILE_PUBLISHER,
    REPOSITORY,
    SNAPSHOT_DESCRIPTOR,
    BuiltSite,
    config_for,
    write_fixture_package,
)

LANGUAGES = ("vi", "en")
# Hosts whose fonts, scripts or trackers a theme or plugin might pull in.
THIRD_PARTY_HOSTS = (
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "unpkg.com",
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "google-analytics.com",
    "googletagmanager.com",
)
# Two addresses Material's script holds but never fetches here: Mermaid (only for a
# diagram, which no page has) and a ResizeObserver polyfill (only for a browser without
# one, which overrides/main.html answers with a stand-in).
THEME_FALLBACKS = {"unpkg.com/mermaid@11/dist/mermaid.min.js", "unpkg.com/resize-observer-polyfill"}
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass
class Parsed(HTMLParser):
    """The parts of an HTML page the tests look at."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    _skip: int = 0
    _in_title: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._skip += 1
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)
        elif not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        """The visible words, with runs of HTML whitespace as one space; a no-break space
        (between a number and its "%") is kept, since it is what the page promises."""
        return _HTML_WHITESPACE.sub(" ", " ".join(self.text_parts)).strip()

    def hrefs(self, tag: str = "a") -> list[str]:
        return [attrs["href"] for name, attrs in self.tags if name == tag and "href" in attrs]

    def with_class(self, class_name: str) -> list[dict[str, str]]:
        return [attrs for _, attrs in self.tags if class_name in attrs.get("class", "").split()]


def parse(path: Path) -> Parsed:
    parsed = Parsed()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def html_pages(site: BuiltSite) -> list[Path]:
    return sorted(p for p in site.root.rglob("*.html") if "assets" not in p.parts)


def site_pages(site: BuiltSite) -> list[Path]:
    """The pages a reader browses: not the pages for elsewhere (an iframe's /embed/..., a
    printed sheet's /print/...), which have no navigation, language switch or share tags."""
    unlisted = {root.strip("/") for root in urls.UNLISTED_ROOTS}
    return [p for p in html_pages(site) if not unlisted & set(p.relative_to(site.root).parts[:2])]


def url_of(site: BuiltSite, path: Path) -> str:
    """The URL path at which a built file is served, e.g. /en/indicators/x/."""
    relative = path.relative_to(site.root).as_posix()
    return "/" + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)


def served(site: BuiltSite, url: str) -> Path | None:
    """The file a static server sends for `url`, or None (a 404)."""
    path = site.root / urlsplit(url).path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def page_url(page: str) -> str:
    return urls.url_of(page)


# ---------------------------------------------------------------------------------------
# The real package


def test_every_indicator_has_a_page_in_both_languages_with_figure_source_and_chart(
    snapshot_site: BuiltSite,
) -> None:
    package = snapshot_site.package
    in_series = {i.id for members in assess.series_of(package).values() if len(members) > 1 for i in members}
    for assessment in assess.assess(package):
        indicator = assessment.indicator
        for language in LANGUAGES:
            page = parse(snapshot_site.page(language, page_url(urls.indicator_page(indicator.id))))
            assert getattr(indicator, f"name_{language}") in page.text
            latest = assessment.latest
            assert latest is not None and latest.value is not None
            unit = getattr(indicator, f"unit_{language}")
            figure = format_figure(latest.value, unit, language, latest.value_qualifier, latest.estimated)
            assert figure in page.text, (indicator.id, language, figure)
            for source in assessment.sources:
                if source.url:
                    assert source.url in page.hrefs(), (indicator.id, source.url)
                else:
                    assert source.publisher in page.text
            charts = page.with_class("ct-chart")
            svgs = [attrs for tag, attrs in page.tags if tag == "svg" and attrs.get("role") == "img"]
            # Its own chart, and the chart of its series when the measure recurs across terms.
            expected = 2 if indicator.id in in_series else 1
            assert len(charts) == expected and len(svgs) == expected, (indicator.id, language)
            assert all(svg["aria-label"] for svg in svgs)
            assert any(tag == "table" for tag, _ in page.tags)


def test_the_seed_report_reads_the_vietnamese_way_and_the_english_way(snapshot_site: BuiltSite) -> None:
    url = page_url(urls.indicator_page("kt-2020-2025-grain-output"))
    vi, en = parse(snapshot_site.page("vi", url)).text, parse(snapshot_site.page("en", url)).text
    for expected in ("trên 182.000 tấn (ước)", "109,67\u00a0%", "23/09/2023", "trên 165.952 tấn"):
        assert expected in vi
    for expected in ("over 182,000 t (est.)", "109.67%", "23 Sep 2023", "over 165,952 t"):
        assert expected in en
    assert "182,000" not in vi and "182.000" not in en
    # A target implied by the reported percent is never shown as a published one.
    assert "suy ra" in vi and "derived" in en


def test_home_page_answers_how_the_current_term_is_going(snapshot_site: BuiltSite) -> None:
    vi, en = parse(snapshot_site.page("vi", "")), parse(snapshot_site.page("en", ""))
    assert "10/18 chỉ tiêu đạt và vượt (ngày 23/09/2023, Báo Long An)" in vi.text
    assert "10 of 18 targets met or exceeded (as of 23 Sep 2023, Báo Long An)" in en.text
    for language, page in (("vi", vi), ("en", en)):
        for indicator in snapshot_site.package.indicators_of("kt-2020-2025"):
            assert f"indicators/{indicator.id}/" in page.hrefs(), (language, indicator.id)
        # Earlier terms and the annual resolutions are one click away.
        for resolution in snapshot_site.package.resolutions:
            if resolution.id != "kt-2020-2025":
                assert f"resolutions/{resolution.id}/" in page.hrefs(), (language, resolution.id)
        assert page.with_class("ct-chart"), language


def test_every_resolution_and_area_has_a_page_in_both_languages(snapshot_site: BuiltSite) -> None:
    pages = [urls.resolution_page(r.id) for r in snapshot_site.package.resolutions]
    pages += [urls.area_page(area) for area in Area]
    pages += ["resolutions/index.md", "areas/index.md", urls.METHODOLOGY_PAGE, urls.ABOUT_PAGE]
    missing = [
        (language, page)
        for language in LANGUAGES
        for page in pages
        if not snapshot_site.page(language, page_url(page)).is_file()
    ]
    assert missing == []


def test_resolution_page_shows_progress_over_time_and_its_targets(snapshot_site: BuiltSite) -> None:
    page = parse(snapshot_site.page("en", page_url(urls.resolution_page("kt-2018"))))
    assert "13 of 22 targets met or exceeded" in page.text
    assert "The resolution set 22 targets; 6 of them are known here." in page.text
    for indicator in snapshot_site.package.indicators_of("kt-2018"):
        assert f"../../indicators/{indicator.id}/" in page.hrefs()
    assert page.with_class("ct-chart")


def test_the_data_page_shows_every_tables_dictionary_as_a_table(snapshot_site: BuiltSite) -> None:
    """The engine renders each data dictionary as an HTML table (a Markdown table glued
    to the list above it would show as its raw pipes), one row per field."""
    resources = json.loads(SNAPSHOT_DESCRIPTOR.read_text(encoding="utf-8"))["resources"]
    for language in LANGUAGES:
        html = snapshot_site.page(language, page_url(urls.DATA_PAGE)).read_text(encoding="utf-8")
        tables = re.findall(r"<table>.*?</table>", html, flags=re.DOTALL)
        assert len(tables) == 1 + len(resources), language  # the downloads, then one per resource
        for resource, table in zip(resources, tables[1:], strict=True):
            fields = re.findall(r"<tr>\s*<td><code>([a-z_]+)</code></td>", table)
            assert fields == [f["name"] for f in resource["schema"]["fields"]], (language, resource["name"])


def test_with_its_address_the_site_has_a_sitemap_of_every_page_in_both_languages(
    addressed_site: BuiltSite,
) -> None:
    address, site = ADDRESS, addressed_site

    sitemap = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    pages = [url_of(site, path) for path in site_pages(site) if not path.name.endswith("404.html")]
    assert sorted(locs) == sorted(address + url.lstrip("/") for url in pages)
    assert not (site.root / "en" / "sitemap.xml").exists()  # one sitemap for both languages
    page = "indicators/fx-derived/"
    assert f'hreflang="en" href="{address}en/{page}"' in sitemap
    assert f'hreflang="vi" href="{address}{page}"' in sitemap
    canonical = [a for _, a in parse(site.page("en", page)).tags if a.get("rel") == "canonical"]
    assert [a["href"] for a in canonical] == [f"{address}en/{page}"]
    shared = [a["content"] for _, a in parse(site.page("en", page)).tags if a.get("property") == "og:url"]
    assert shared == [f"{address}en/{page}"]


def test_without_its_address_the_site_has_no_sitemap_and_no_absolute_link(snapshot_site: BuiltSite) -> None:
    """A sitemap needs absolute URLs, and the site's address is never guessed."""
    assert not list(snapshot_site.root.rglob("sitemap.xml*"))
    assert not any(a.get("rel") == "canonical" for _, a in parse(snapshot_site.page("vi", "")).tags)


def test_language_switch_lands_on_the_same_page(snapshot_site: BuiltSite) -> None:
    checked = 0
    for path in site_pages(snapshot_site):
        url = url_of(snapshot_site, path)
        if url.endswith("404.html"):
            continue
        switches = [a["href"] for a in parse(path).with_class("ct-language__link")]
        expected = url.removeprefix("/en") if url.startswith("/en/") else "/en" + url
        assert [urljoin(url, href) for href in switches] == [expected], url
        assert served(snapshot_site, expected) is not None, expected
        checked += 1
    assert checked > 2 * len(snapshot_site.package.indicators)


def test_every_link_and_asset_of_the_built_site_resolves(snapshot_site: BuiltSite) -> None:
    broken = []
    for path in html_pages(snapshot_site):
        url = url_of(snapshot_site, path)
        if url.endswith("404.html"):  # served at any address; its links are relative to none
            continue
        page = parse(path)
        targets = [a.get("href") or a.get("src") or "" for _, a in page.tags]
        for target in targets:
            if not target or target.startswith("#") or EXTERNAL.match(target):
                continue
            if served(snapshot_site, urljoin(url, target)) is None:
                broken.append((url, target))
    assert broken == []


def test_nothing_is_loaded_from_another_host(snapshot_site: BuiltSite) -> None:
    package = snapshot_site.package
    # The only outside addresses a page may hold are links a reader follows: the sources
    # and the licence. Nothing is fetched from them.
    allowed_links = {s.url for s in package.sources if s.url} | {package.info.license_url}
    found = []
    for path in html_pages(snapshot_site):
        page = parse(path)
        for tag, attrs in page.tags:
            for name, value in attrs.items():
                if name == "xmlns" or not EXTERNAL.match(value) or value.startswith(("mailto:", "data:")):
                    continue
                if tag == "a" and name == "href" and value in allowed_links:
                    continue
                if name in ("href", "src", "srcset", "action", "poster", "data", "xlink:href", "content"):
                    found.append((url_of(snapshot_site, path), tag, name, value))
            if "url(" in attrs.get("style", "") and "//" in attrs.get("style", ""):
                found.append((url_of(snapshot_site, path), tag, "style", attrs["style"]))
    for css in snapshot_site.root.rglob("*.css"):
        code = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.DOTALL)
        found += [
            (css.name, "css", "url", u) for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", code)
        ]
        found += [(css.name, "css", "@import", "")] if "@import" in code else []
    for script in snapshot_site.root.rglob("*.js"):
        code = script.read_text(encoding="utf-8")
        for host in THIRD_PARTY_HOSTS:
            found += [
                (script.name, "js", "host", address)
                for address in re.findall(re.escape(host) + r"[^\"'`\s]*", code)
                if address not in THEME_FALLBACKS
            ]
    ours = snapshot_site.root / "assets/javascripts/lunr/min/lunr.vi.min.js"
    assert "folder-vi" in ours.read_text(encoding="utf-8")  # the diacritic-folding override
    assert not re.findall(
        r"https?://", re.sub(r"/\*.*?\*/", "", ours.read_text(encoding="utf-8"), flags=re.S)
    )
    assert found == []


def test_navigation_never_lists_the_indicators(snapshot_site: BuiltSite) -> None:
    """Only a page's own links reach other targets: the same measure in other terms."""
    for indicator in snapshot_site.package.indicators:
        same_series = {
            f"../{other.id}/"
            for other in snapshot_site.package.indicators
            if other.series == indicator.series and other.id != indicator.id
        }
        for language in LANGUAGES:
            page = parse(snapshot_site.page(language, page_url(urls.indicator_page(indicator.id))))
            to_targets = {h for h in page.hrefs() if re.fullmatch(r"\.\./[^/.][^/]*/", h)}
            assert to_targets <= same_series, (indicator.id, language)


def test_every_page_leads_to_the_places_and_the_series_and_each_series_page_is_listed(
    snapshot_site: BuiltSite, fixture_site: BuiltSite
) -> None:
    shown = [key for key, members in assess.series_of(snapshot_site.package).items() if len(members) > 1]
    assert shown  # the snapshot follows a measure across terms
    for language in LANGUAGES:
        home = parse(snapshot_site.page(language, page_url(urls.HOME_PAGE)))
        assert {"places/", "series/"} <= set(home.hrefs()), language
        index = parse(snapshot_site.page(language, page_url(urls.SERIES_PAGE)))
        assert {f"{key}/" for key in shown} <= set(index.hrefs()), language
        assert "2010–2015, 2015–2020, 2020–2025" in index.text
        series = parse(snapshot_site.page(language, page_url(urls.series_page(shown[0]))))
        assert "../" in series.hrefs()  # back to the index
    # A package that records no places and no measure across terms says so, in both.
    empty = {
        ("vi", urls.PLACES_PAGE): "chưa ghi nhận địa phương nào",
        ("en", urls.PLACES_PAGE): "records no places yet",
        ("vi", urls.SERIES_PAGE): "Chưa có chỉ tiêu nào được ghi nhận ở hơn một nhiệm kỳ.",
        ("en", urls.SERIES_PAGE): "No target is recorded in more than one term yet.",
    }
    for (language, page), words in empty.items():
        assert words in parse(fixture_site.page(language, page_url(page))).text


def test_methodology_quotes_the_rule_and_shows_real_examples(snapshot_site: BuiltSite) -> None:
    rule_sentence = " ".join(status_rule().splitlines()[0].split())
    for language in LANGUAGES:
        page = parse(snapshot_site.page(language, page_url(urls.METHODOLOGY_PAGE)))
        assert rule_sentence in page.text
        assert "../indicators/kt-2020-2025-grain-output/" in page.hrefs()
    assert "We never guess a target." in parse(snapshot_site.page("en", "methodology/")).text


def test_search_is_per_language_and_folds_vietnamese_diacritics(snapshot_site: BuiltSite) -> None:
    for language, prefix in (("vi", ""), ("en", "en/")):
        index = json.loads((snapshot_site.root / prefix / "search/search_index.json").read_text("utf-8"))
        assert index["config"]["lang"] == [language]
        titles = {doc["title"] for doc in index["docs"]}
        name = "Sản lượng lúa chất lượng cao" if language == "vi" else "High-quality rice output"
        assert name in titles


def test_hand_written_pages_exist_in_both_languages_under_the_same_names() -> None:
    """The language switch keeps the path, so docs/vi and docs/en must match file for file."""
    docs = REPOSITORY / "docs"

    def names(language: str) -> list[str]:
        return sorted(p.relative_to(docs / language).as_posix() for p in (docs / language).rglob("*.md"))

    assert names("vi") == names("en") != []


def test_generated_pages_are_plain_markdown_in_build(snapshot_site: BuiltSite) -> None:
    for language in LANGUAGES:
        markdown = snapshot_site.build / "docs" / language / urls.indicator_page("kt-2020-2025-grain-output")
        assert markdown.read_text(encoding="utf-8").startswith("---\ndescription: ")


# ---------------------------------------------------------------------------------------
# The fixture package


def test_text_from_the_data_shows_as_text(fixture_site: BuiltSite) -> None:
    for path in html_pages(fixture_site):
        html = path.read_text(encoding="utf-8")
        for dangerous in ("<script>alert", "<img src=x", 'href="https://evil.example/"', "<em>thẻ", "<b>đậm"):
            assert dangerous not in html, (url_of(fixture_site, path), dangerous)
    for language, name in (("vi", HOSTILE_NAME_VI), ("en", HOSTILE_NAME_EN)):
        page = parse(fixture_site.page(language, page_url(urls.indicator_page("fx-hostile"))))
        assert name in page.text
        assert page.titles[0].startswith(name)
        assert HOSTILE_PUBLISHER in page.text
        assert "https://example.org/bao-cao?a=1&b=%282%29" in page.hrefs()


def test_targets_are_labelled_by_where_they_come_from(fixture_site: BuiltSite) -> None:
    def text(language: str, indicator_id: str) -> str:
        return parse(fixture_site.page(language, page_url(urls.indicator_page(indicator_id)))).text

    assert "trên 400 tấn (suy ra từ báo cáo, không phải chỉ tiêu được công bố)" in text("vi", "fx-derived")
    assert "over 400 t (derived from a report, not a published target)" in text("en", "fx-derived")
    assert "125\u00a0% kế hoạch (theo báo cáo)" in text("vi", "fx-derived")
    assert "110\u00a0% kế hoạch của địa phương" in text("vi", "fx-derived")
    assert "1.000 tấn (nghị quyết công bố)" in text("vi", "fx-hostile")
    assert "123.45% of plan (computed by us" in text("en", "fx-hostile")
    assert "ít nhất 50\u00a0%" in text("vi", "fx-at-least")
    assert "Chưa có số liệu" in text("vi", "fx-no-data")
    assert "No figure has been published yet." in text("en", "fx-no-data")
    assert "dưới 30 tỷ đồng" in text("vi", "fx-half-year")
    assert "Cổng thông tin thử nghiệm, 30/06/2024 (không có địa chỉ web)" in text("vi", "fx-half-year")
    assert "lower is better" in text("en", "fx-poor-households")


def test_the_package_names_its_site_in_each_language(tmp_path: Path) -> None:
    """A fork for another place changes its data, not the engine's config."""
    descriptor = write_fixture_package(tmp_path / "package")
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["site"] = {
        "vi": {"name": "Chỉ tiêu xã Thử Nghiệm", "description": "Xã Thử Nghiệm hứa gì, làm được gì."},
        "en": {"name": "Thử Nghiệm commune targets"},
    }
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    config = config_for(tmp_path, descriptor)
    pipeline.build(config)
    site = BuiltSite(config.site, config.build, descriptor, ingest.load(descriptor))
    for language, name in (("vi", "Chỉ tiêu xã Thử Nghiệm"), ("en", "Thử Nghiệm commune targets")):
        page = parse(site.page(language, page_url(urls.METHODOLOGY_PAGE)))
        assert page.titles[0].endswith(f" - {name}"), language
        assert ("og:site_name", name) in [(a.get("property"), a.get("content")) for _, a in page.tags]


def test_a_package_that_names_no_site_gets_neutral_names_not_another_towns(fixture_site: BuiltSite) -> None:
    for language, name in (("vi", "Chỉ tiêu nghị quyết"), ("en", "Resolution targets")):
        page = parse(fixture_site.page(language, page_url(urls.METHODOLOGY_PAGE)))
        assert page.titles[0].endswith(f" - {name}"), language
        assert "Kiến Tường" not in page.titles[0]


def test_a_shared_link_shows_the_pages_own_title_and_description_in_its_language(
    fixture_site: BuiltSite,
) -> None:
    for path in site_pages(fixture_site):
        page = parse(path)
        meta = {a.get("property") or a.get("name"): a.get("content") for tag, a in page.tags if tag == "meta"}
        where = url_of(fixture_site, path)
        english = where.startswith("/en/")
        assert meta["og:locale"] == ("en_GB" if english else "vi_VN"), where
        assert page.titles[0].startswith(meta["og:title"] or "?"), where
        if "description" in meta:
            assert meta["og:description"] == meta["description"], where
        # No address is known for the fixture site: none is guessed, and no card is drawn.
        assert "og:url" not in meta and "og:image" not in meta, where
        assert meta["twitter:card"] == "summary", where
    target = parse(fixture_site.page("vi", page_url(urls.indicator_page("fx-hostile"))))
    og_title = [a["content"] for _, a in target.tags if a.get("property") == "og:title"]
    assert og_title == [HOSTILE_NAME_VI]


def _meta(path: Path) -> dict[str | None, str | None]:
    return {
        a.get("property") or a.get("name"): a.get("content") for tag, a in parse(path).tags if tag == "meta"
    }


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk comes first)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_with_its_address_every_target_and_resolution_shares_a_card_of_its_own(
    addressed_site: BuiltSite,
) -> None:
    """Each target's and resolution's page names its own 1200×630 PNG by its absolute
    address, in the page's language, with the card's words as its text alternative."""
    package = addressed_site.package
    pages = [urls.indicator_page(i.id) for i in package.indicators]
    pages += [urls.resolution_page(r.id) for r in package.resolutions]
    images = set()
    for language in LANGUAGES:
        for page in pages:
            meta = _meta(addressed_site.page(language, page_url(page)))
            card = f"cards/{language}/{page.removesuffix('.md')}.png"
            assert meta["og:image"] == ADDRESS + card, (language, page)
            assert _png_size((addressed_site.root / card).read_bytes()) == (1200, 630)
            assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
            assert meta["twitter:card"] == "summary_large_image"
            assert meta["og:image:alt"] and meta["og:image:alt"] == meta["twitter:image:alt"]
            images.add(meta["og:image"])
    assert len(images) == 2 * len(pages)  # no two pages share a card
    hostile = _meta(addressed_site.page("vi", page_url(urls.indicator_page("fx-hostile"))))
    assert hostile["og:image:alt"] is not None and HOSTILE_NAME_VI in hostile["og:image:alt"]
    grain = _meta(addressed_site.page("en", page_url(urls.indicator_page("fx-derived"))))
    assert "Exceeded" in (grain["og:image:alt"] or "") and "over 500 t" in (grain["og:image:alt"] or "")
    # The other pages have no card: they share the summary.
    assert _meta(addressed_site.page("vi", page_url(urls.METHODOLOGY_PAGE)))["twitter:card"] == "summary"


def test_every_target_and_resolution_can_be_embedded_and_its_chart_downloaded(
    addressed_site: BuiltSite,
) -> None:
    """Each page offers its chart as an SVG file and an embeddable view; the view has the
    chart, the status, the source and a link back, and no navigation or script; the
    iframe snippet to paste names the view by its absolute address and has a title."""
    package = addressed_site.package
    kinds: list[tuple[str, str, str | None]] = [
        (urls.indicator_page(i.id), "indicator/" + i.id, i.name_en) for i in package.indicators
    ]
    kinds += [(urls.resolution_page(r.id), "scorecard/" + r.id, None) for r in package.resolutions]
    for page, chart, name in kinds:
        url = page_url(page)
        html = addressed_site.html("en", url)
        svg_file = addressed_site.root / urls.chart_file(chart, "en")
        assert ET.fromstring(svg_file.read_text(encoding="utf-8")).tag == "{http://www.w3.org/2000/svg}svg"
        shown = parse(addressed_site.page("en", url))
        assert "../../../charts/en/" + chart + ".svg" in shown.hrefs(), page
        assert "../../embed/" + url in shown.hrefs(), page
        snippet = f"&lt;iframe src=&quot;{ADDRESS}en/embed/{url}&quot; title=&quot;"
        assert snippet in html, page
        embed = parse(addressed_site.page("en", "embed/" + url))
        assert embed.with_class("ct-chart") and not embed.with_class("md-header"), page
        assert not [a for tag, a in embed.tags if tag == "script"], page
        assert ("base", {"target": "_top"}) in embed.tags, page
        assert urljoin(f"/en/embed/{url}", f"../../../{url}") in [
            urljoin(f"/en/embed/{url}", href) for href in embed.hrefs()
        ], page
        if name is not None:
            assert embed.with_class("ct-status") and name in embed.text, page
    for resolution in package.resolutions:  # each resolution's page links its A4 sheet
        shown = parse(addressed_site.page("vi", page_url(urls.resolution_page(resolution.id))))
        assert f"../../print/resolutions/{resolution.id}/" in shown.hrefs()
        assert addressed_site.page("vi", page_url(urls.sheet_page(resolution.id))).is_file()
    # Pages for elsewhere are not what a search or a search engine should lead to.
    sitemap = (addressed_site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert "/embed/" not in sitemap and "/print/" not in sitemap
    for language in LANGUAGES:
        index = addressed_site.root / ("" if language == "vi" else language) / "search/search_index.json"
        roots = {d["location"].split("/")[0] + "/" for d in json.loads(index.read_text())["docs"]}
        assert not roots & set(urls.UNLISTED_ROOTS), language


def test_without_its_address_a_page_offers_no_iframe_to_paste(fixture_site: BuiltSite) -> None:
    html = fixture_site.html("vi", page_url(urls.indicator_page("fx-derived")))
    assert "iframe" not in html
    assert (
        "../../charts/vi/indicator/fx-derived.svg"
        in parse(fixture_site.page("vi", page_url(urls.indicator_page("fx-derived")))).hrefs()
    )


def test_without_its_address_no_card_is_drawn(fixture_site: BuiltSite) -> None:
    assert not (fixture_site.root / "cards").exists()
    assert not (fixture_site.build / "cards").exists()


def test_a_term_page_tells_its_timeline_in_order_in_both_languages(fixture_site: BuiltSite) -> None:
    # The fixture's newest date, 30/06/2024, is the build's: the 2021-2026 term is running.
    expected = {
        "vi": [
            "2021 ▶ Nhiệm kỳ bắt đầu",
            "2024 ◆ Nghị quyết năm 2024 của Đảng bộ xã Thử Nghiệm : chưa có báo cáo tiến độ",
            "15/01/2024 ● 3/6 chỉ tiêu đạt và vượt, trong đó 1 chỉ tiêu vượt",
            "30/06/2024 ▼ Ngày dữ liệu được cập nhật lần cuối: nhiệm kỳ đang thực hiện",
            "2026 ■ Nhiệm kỳ sẽ kết thúc",
        ],
        "en": [
            "2021 ▶ The term begins",
            "15 Jan 2024 ● 3 of 6 targets met or exceeded",
            "30 Jun 2024 ▼ The data was last updated: the term is under way",
            "2026 ■ The term is due to end",
        ],
    }
    for language, steps in expected.items():
        text = parse(fixture_site.page(language, page_url(urls.resolution_page("fx-2021-2026")))).text
        found = [text.find(step) for step in steps]
        assert -1 not in found, text
        assert found == sorted(found)
    annual = parse(fixture_site.page("vi", page_url(urls.resolution_page("fx-2024")))).text
    assert "Nhiệm kỳ bắt đầu" not in annual  # a year has no term timeline


def test_invalid_data_is_refused_with_the_validators_problems_and_the_site_is_kept(tmp_path: Path) -> None:
    descriptor = write_fixture_package(tmp_path / "package")
    observations = descriptor.parent / "observations.csv"
    observations.write_text(
        observations.read_text(encoding="utf-8").replace("2024-06-30,30,", "2024-13-45,30,"), encoding="utf-8"
    )
    config = config_for(tmp_path / "out", descriptor)
    config.site.mkdir(parents=True)
    (config.site / "index.html").write_text("the last good site", encoding="utf-8")

    with pytest.raises(ChitieuError) as refused:
        pipeline.build(config)

    assert refused.value.problems == validate(descriptor).problems
    assert [p.location[:3] for p in refused.value.problems] == [("observations.csv", 7, "as_of")]
    assert (config.site / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert not (config.build / "docs").exists()


def test_a_build_the_engine_refuses_leaves_every_published_download_as_it_was(
    tmp_path: Path, fixture_site: BuiltSite
) -> None:
    """The downloads wait under build/ for the engine and are linked into the site: a data
    edit whose build then fails must not reach the site that is still published."""
    descriptor = write_fixture_package(tmp_path / "package")
    docs = tmp_path / "docs"
    shutil.copytree(REPOSITORY / "docs", docs)
    config = replace(config_for(tmp_path / "out", descriptor), docs=docs)
    shutil.copytree(fixture_site.build / "charts", config.build / "charts")  # no need to draw them again
    pipeline.build(config)
    published = config.site / "data" / "observations.csv"
    before = published.read_bytes()
    observations = descriptor.parent / "observations.csv"
    observations.write_text(
        observations.read_text(encoding="utf-8").replace("2024-06-30,30,", "2024-06-30,31,"), encoding="utf-8"
    )
    about = docs / "vi" / urls.ABOUT_PAGE
    about.write_text(about.read_text(encoding="utf-8") + "\n[gone](#no-such-heading)\n", encoding="utf-8")

    with pytest.raises(ChitieuError):
        pipeline.build(config)

    assert published.read_bytes() == before
    assert b"2024-06-30,31," in (config.build / "downloads" / "data" / "observations.csv").read_bytes()


def test_a_page_the_engine_refuses_stops_the_build_and_keeps_the_site(
    tmp_path: Path, fixture_site: BuiltSite
) -> None:
    descriptor = write_fixture_package(tmp_path / "package")
    docs = tmp_path / "docs"
    shutil.copytree(REPOSITORY / "docs", docs)
    about = docs / "vi" / urls.ABOUT_PAGE
    about.write_text(about.read_text(encoding="utf-8") + "\n[gone](#no-such-heading)\n", encoding="utf-8")
    config = replace(config_for(tmp_path / "out", descriptor), docs=docs)
    shutil.copytree(fixture_site.build / "charts", config.build / "charts")  # no need to draw them again
    config.site.mkdir(parents=True)
    (config.site / "index.html").write_text("the last good site", encoding="utf-8")

    with pytest.raises(ChitieuError) as refused:
        pipeline.build(config)

    (problem,) = refused.value.problems
    assert (problem.code, problem.file, problem.param("language")) == (
        "site-build-failed",
        "mkdocs.yml",
        "vi",
    )
    assert "no-such-heading" in (problem.param("note") or "")
    assert (config.site / "index.html").read_text(encoding="utf-8") == "the last good site"
