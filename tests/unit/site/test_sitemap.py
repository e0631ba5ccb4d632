"""The sitemap: every page of both languages at its published address, each with the
same page in the other language as an hreflang alternate; only when the address is known."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from chitieu import pipeline
from chitieu.site import sitemap

NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
EPOCH = 1695427200  # 2023-09-23 00:00 UTC


def entries(xml: bytes) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} of each <url>."""
    root = ET.fromstring(xml)
    return {
        url.findtext("s:loc", namespaces=NAMESPACES) or "": {
            link.get("hreflang", ""): link.get("href", "") for link in url.findall("x:link", NAMESPACES)
        }
        for url in root.findall("s:url", NAMESPACES)
    }


def test_every_page_of_both_languages_is_listed_with_its_alternates() -> None:
    pages = {
        "vi": ["index.md", "indicators/a-b.md", "data/index.md"],
        "en": ["index.md", "indicators/a-b.md"],
    }
    xml = sitemap.sitemap("https://example.org/kt/", pages, EPOCH)
    found = entries(xml)
    assert sorted(found) == [
        "https://example.org/kt/",
        "https://example.org/kt/data/",
        "https://example.org/kt/en/",
        "https://example.org/kt/en/indicators/a-b/",
        "https://example.org/kt/indicators/a-b/",
    ]
    both = {
        "vi": "https://example.org/kt/indicators/a-b/",
        "en": "https://example.org/kt/en/indicators/a-b/",
        "x-default": "https://example.org/kt/indicators/a-b/",
    }
    assert found["https://example.org/kt/indicators/a-b/"] == both
    assert found["https://example.org/kt/en/indicators/a-b/"] == both
    assert found["https://example.org/kt/data/"] == {}  # no English page: no alternate to name
    assert xml.count(b"<lastmod>2023-09-23</lastmod>") == 5
    assert sitemap.sitemap("https://example.org/kt/", pages, EPOCH) == xml  # the same bytes again


def test_an_address_with_an_ampersand_is_escaped() -> None:
    xml = sitemap.sitemap("https://example.org/?a=1&b=2/", {"vi": ["index.md"]}, EPOCH)
    assert b"&amp;b=2" in xml
    assert list(entries(xml)) == ["https://example.org/?a=1&b=2/"]


def test_the_address_is_a_setting_or_the_workflows_pages_address_never_a_guess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(pipeline.SITE_URL_VARIABLE, raising=False)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_REPOSITORY", "town-office/targets")
    assert pipeline.site_url(tmp_path) is None  # not even in GitHub Actions

    monkeypatch.setenv(pipeline.SITE_URL_VARIABLE, "https://town-office.github.io/targets")
    assert pipeline.site_url(tmp_path) == "https://town-office.github.io/targets/"

    (tmp_path / "pyproject.toml").write_text(
        '[tool.chitieu]\nsite-url = "https://targets.example.org"\n', encoding="utf-8"
    )
    assert pipeline.site_url(tmp_path) == "https://targets.example.org/"
    assert pipeline.Config.from_repository(tmp_path).site_url == "https://targets.example.org/"
