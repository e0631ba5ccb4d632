"""Each target's page links to the files holding its rows in the repository, when the
repository's web address is known, and never to an address it had to guess."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chitieu import assess, ingest, pages, pipeline
from chitieu.messages import LANGUAGES
from chitieu.site import urls
from tests.conftest import REPOSITORY, SNAPSHOT

ADDRESS = "https://github.com/example-owner/chitieu"
GRAIN = "kt-2020-2025-grain-output"


def indicator_pages(descriptor: Path, repository: Path | None, address: str | None) -> dict[str, str]:
    package = ingest.load(descriptor)
    links = pages.edit_links(package, ingest.read_descriptor(descriptor), repository, address)
    inputs = pages.PageInputs(package, assess.assess(package), edit_links=links)
    rendered = pages.render(inputs, LANGUAGES, REPOSITORY / "docs")
    return {p.language: p.markdown for p in rendered if p.path == urls.indicator_page(GRAIN)}


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository folder holding the snapshot (as data/, a folder of any name)."""
    shutil.copytree(SNAPSHOT, tmp_path / "repository" / "data")
    return tmp_path / "repository"


def test_with_the_repositorys_address_the_page_links_its_files(repository: Path) -> None:
    markdown = indicator_pages(repository / "data" / "datapackage.json", repository, ADDRESS + "/")
    for language, words in (("vi", "Sửa dữ liệu này"), ("en", "Edit this data")):
        page = markdown[language]
        assert words in page
        assert f"[observations.csv]({ADDRESS}/blob/HEAD/data/observations.csv)" in page
        assert f"[indicators.csv]({ADDRESS}/blob/HEAD/data/indicators.csv)" in page
        assert f"`{GRAIN}`" in page
        assert "(../guide.md)" in page


def test_without_an_address_or_outside_the_repository_there_is_no_link(
    tmp_path: Path, repository: Path
) -> None:
    shutil.copytree(SNAPSHOT, tmp_path / "elsewhere")
    inside = repository / "data" / "datapackage.json"
    for descriptor, address in ((inside, None), (tmp_path / "elsewhere" / "datapackage.json", ADDRESS)):
        for page in indicator_pages(descriptor, repository, address).values():
            assert "blob/" not in page
            assert "Edit this data" not in page and "Sửa dữ liệu này" not in page


def test_the_address_is_a_setting_or_the_repository_github_actions_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_REPOSITORY", "GITHUB_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)
    assert pipeline.repository_url(tmp_path) is None  # no pyproject.toml
    (tmp_path / "pyproject.toml").write_text("[tool.chitieu]\n", encoding="utf-8")
    assert pipeline.repository_url(tmp_path) is None

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_REPOSITORY", "town-office/targets")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    assert pipeline.repository_url(tmp_path) == "https://github.com/town-office/targets"

    (tmp_path / "pyproject.toml").write_text(
        f'[tool.chitieu]\nrepository-url = "{ADDRESS}"\n', encoding="utf-8"
    )
    assert pipeline.repository_url(tmp_path) == ADDRESS
    assert pipeline.Config.from_repository(tmp_path).repository_url == ADDRESS
