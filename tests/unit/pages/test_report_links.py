"""Beside every figure, "report a wrong figure" opens a prefilled issue in the repository
when its address is known, else an e-mail to the maintainer's address, else nothing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from chitieu import assess, ingest, pages
from chitieu.messages import LANGUAGES
from chitieu.site import urls
from tests.conftest import REPOSITORY
from tests.sitebuild import write_fixture_package

TARGET = "fx-poor-households"  # one figure: 150 households, 2021-2023
REPOSITORY_URL = "https://github.com/town-office/targets"


@pytest.fixture(scope="module")
def descriptor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_package(tmp_path_factory.mktemp("report"))


def indicator_page(descriptor: Path, report_to: pages.ReportAddress, language: str) -> str:
    package = ingest.load(descriptor)
    inputs = pages.PageInputs(package, assess.assess(package), report_to=report_to)
    rendered = pages.render(inputs, LANGUAGES, REPOSITORY / "docs")
    (markdown,) = [
        p.markdown for p in rendered if p.path == urls.indicator_page(TARGET) and p.language == language
    ]
    return markdown


def link_target(markdown: str, words: str) -> str:
    start = markdown.index(f"[{words}](") + len(words) + 3
    return markdown[start : markdown.index(")", start)]


def test_with_the_repositorys_address_the_link_opens_a_prefilled_issue(descriptor: Path) -> None:
    for language, words in (("vi", "⚑ Báo số liệu sai"), ("en", "⚑ Report a wrong figure")):
        address = urlsplit(
            link_target(indicator_page(descriptor, pages.ReportAddress(REPOSITORY_URL), language), words)
        )
        assert f"{address.scheme}://{address.netloc}{address.path}" == f"{REPOSITORY_URL}/issues/new"
        query = parse_qs(address.query)
        assert TARGET in query["title"][0]
        body = query["body"][0]
        for part in (TARGET, "fx-poor-households-2023", "150", "0.1.0"):  # the package version
            assert part in body, (language, part)
    english = parse_qs(
        urlsplit(
            link_target(
                indicator_page(descriptor, pages.ReportAddress(REPOSITORY_URL), "en"),
                "⚑ Report a wrong figure",
            )
        ).query
    )["body"][0]
    assert "Figure as shown: 150 households (2021–2023)" in english


def test_without_a_repository_the_link_writes_to_the_maintainer_and_without_either_there_is_none(
    descriptor: Path,
) -> None:
    mail = link_target(
        indicator_page(descriptor, pages.ReportAddress(email="ubnd@example.gov.vn"), "en"),
        "⚑ Report a wrong figure",
    )
    assert mail.startswith("mailto:ubnd@example.gov.vn?subject=")
    assert TARGET in unquote(mail)
    for language in LANGUAGES:
        markdown = indicator_page(descriptor, pages.ReportAddress(), language)
        assert "⚑" not in markdown and "issues/new" not in markdown and "mailto:" not in markdown
