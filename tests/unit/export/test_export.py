"""The publish stage: every download reads back to the package's tables, the API covers
every target, the pages describe every file and field in both languages."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from chitieu import assess, export, history, ingest, pages, validate
from chitieu.export import archives
from chitieu.export.api import SCHEMA_VERSION
from chitieu.export.archives import workbook
from chitieu.export.tables import Table
from chitieu.ingest.schema import Field, Schema
from chitieu.messages import LANGUAGES, catalogue
from chitieu.records import Download, Package, Page
from chitieu.site import markdown, urls
from chitieu.validate import checks
from tests.conftest import REPOSITORY

DOCS = REPOSITORY / "docs"

NO_HISTORY = history.History((), history.Missing.NOT_A_REPOSITORY)
PACKAGE_FILES_ENTRY = "datapackage.json"


@pytest.fixture(scope="module")
def package(snapshot_descriptor: Path) -> Package:
    return ingest.load(snapshot_descriptor)


@dataclass(frozen=True)
class Published:
    """The export stage's downloads and the data pages that describe them."""

    downloads: tuple[Download, ...]
    pages: tuple[Page, ...]


DATA_PAGES = {urls.DATA_PAGE, urls.DATA_QUALITY_PAGE, urls.CHANGES_PAGE, urls.DEVELOPERS_PAGE}


def publish_package(
    descriptor: Path, repository: Path | None = None, epoch: int | None = None, site_url: str | None = None
) -> Published:
    """The stages as the pipeline runs them: on what validation read, with the history of
    `repository` (a repository the test made; none: no history) and SOURCE_DATE_EPOCH `epoch`."""
    report = validate.validate(descriptor)
    assert report.package is not None and report.descriptor is not None
    package = report.package
    data_history = (
        history.read_history(repository, package.folder, history.resources_of(report.descriptor))
        if repository
        else NO_HISTORY
    )
    released = history.release_time(data_history, epoch)
    built_at = history.build_time(released, package)
    assessments = assess.assess(package)
    read = export.Read(report.descriptor, report.files, released, built_at, data_history)
    downloads = export.export(package, assessments, read, site_url=site_url)
    data = pages.DataInputs(downloads, data_history, released, site_url)
    rendered = pages.render(pages.PageInputs(package, assessments, data=data), LANGUAGES, DOCS)
    return Published(downloads.downloads, tuple(p for p in rendered if p.path in DATA_PAGES))


@pytest.fixture(scope="module")
def publication(snapshot_descriptor: Path) -> Published:
    return publish_package(snapshot_descriptor)


@pytest.fixture(scope="module")
def files(publication: Published) -> dict[str, bytes]:
    return {d.path: d.content for d in publication.downloads}


@pytest.fixture(scope="module")
def descriptor(snapshot_descriptor: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(snapshot_descriptor.read_text(encoding="utf-8"))
    return data


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def page(publication: Published, path: str, language: str) -> str:
    """A data page's Markdown with the escapes of text undone: what a reader sees, links kept."""
    (found,) = [p.markdown for p in publication.pages if p.path == path and p.language == language]
    return markdown.plain(found)


def as_text(value: Any) -> str:
    """A value read back from JSON or XLSX, written as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def same_number(read: Any, text: str) -> bool:
    return isinstance(read, int | float | Decimal) and Decimal(str(read)) == Decimal(text)


# --- Downloads: each reads back to the source tables ------------------------------------


def test_each_resource_csv_is_byte_identical_to_the_package(
    files: dict[str, bytes], descriptor: dict[str, Any], snapshot_descriptor: Path
) -> None:
    for resource in descriptor["resources"]:
        expected = (snapshot_descriptor.parent / resource["path"]).read_bytes()
        assert files[f"data/{resource['name']}.csv"] == expected, resource["name"]
    assert files["data/datapackage.json"] == snapshot_descriptor.read_bytes()


def test_each_resource_json_reads_back_to_the_csv_cell_for_cell(
    files: dict[str, bytes], descriptor: dict[str, Any]
) -> None:
    for resource in descriptor["resources"]:
        name = resource["name"]
        expected = csv_rows(files[f"data/{name}.csv"])
        rows = json.loads(files[f"data/{name}.json"], parse_float=Decimal)
        assert len(rows) == len(expected) > 0
        for read, row in zip(rows, expected, strict=True):
            assert {k: as_text(v) for k, v in read.items()} == row, name
    observations = json.loads(files["data/observations.json"], parse_float=Decimal)
    grain = next(o for o in observations if o["id"] == "kt-2020-2025-grain-output-2023")
    # Typed values: numbers are exact JSON numbers, flags are booleans, empty is null.
    assert (grain["value"], grain["percent_of_target"], grain["estimated"], grain["note_en"]) == (
        182000,
        Decimal("109.67"),
        True,
        None,
    )
    assert b"109.67," in files["data/observations.json"]


def test_the_zip_holds_the_descriptor_and_every_csv_byte_for_byte(
    files: dict[str, bytes], descriptor: dict[str, Any], snapshot_descriptor: Path
) -> None:
    with zipfile.ZipFile(io.BytesIO(files["data/kien-tuong-resolution-targets.zip"])) as archive:
        names = archive.namelist()
        contents = {n: archive.read(n) for n in names}
        dates = {info.date_time for info in archive.infolist()}
    expected = {PACKAGE_FILES_ENTRY: snapshot_descriptor.read_bytes()}
    for resource in descriptor["resources"]:
        expected[f"{resource['name']}.csv"] = (snapshot_descriptor.parent / resource["path"]).read_bytes()
    assert names == sorted(expected)
    assert contents == expected
    assert len(dates) == 1  # one fixed timestamp, not the clock's


def test_the_workbook_has_a_readme_and_one_typed_sheet_per_table(
    files: dict[str, bytes], descriptor: dict[str, Any], package: Package
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(files["data/kien-tuong-resolution-targets.xlsx"]))
    names = [r["name"] for r in descriptor["resources"]]
    assert book.sheetnames == ["README", *names]
    readme = {str(row[0]): str(row[1]) for row in book["README"].iter_rows(values_only=True)}
    assert readme["Tiêu đề / Title"] == package.info.title
    assert "CC-BY-4.0" in readme["Giấy phép / Licence"]
    assert "chitieu contributors" in readme["Cách trích dẫn / How to cite"]
    for name in names:
        expected = csv_rows(files[f"data/{name}.csv"])
        sheet = list(book[name].iter_rows(values_only=True))
        header, rows = [str(c) for c in sheet[0]], sheet[1:]
        assert header == list(expected[0])
        assert len(rows) == len(expected)
        for read, row in zip(rows, expected, strict=True):
            for column, value in zip(header, read, strict=True):
                text = row[column]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    assert same_number(value, text), (name, column, value, text)
                else:
                    assert as_text(value) == text, (name, column, value, text)
    # Typed cells: a number is a number and a date is a date, not text.
    observations = book["observations"]
    header = [str(c.value) for c in observations[1]]
    second = {h: c for h, c in zip(header, observations[2], strict=True)}
    assert second["value"].data_type == "n"
    assert isinstance(second["as_of"].value, dt.datetime)


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook() -> None:
    table = Table(
        name="t",
        path="t.csv",
        title="T",
        description="",
        schema=Schema((Field("a"),)),
        content=b"",
        rows=({"a": "=HYPERLINK(1)"},),
    )
    book = openpyxl.load_workbook(io.BytesIO(workbook([table], [], "T", None)))
    cell = book["t"]["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_a_table_longer_than_an_excel_sheet_goes_on_in_the_next_sheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(archives, "EXCEL_MAX_ROWS", 3)  # a header and two rows per sheet
    schema = Schema((Field("n", "integer"),))
    table = Table("t", "t.csv", "T", "", schema, b"", tuple({"n": n} for n in range(5)))
    book = openpyxl.load_workbook(io.BytesIO(workbook([table], [], "T", None)))
    assert book.sheetnames == ["README", "t", "t_2", "t_3"]
    sheets = [list(book[name].iter_rows(values_only=True)) for name in ("t", "t_2", "t_3")]
    assert sheets == [[("n",), (0,), (1,)], [("n",), (2,), (3,)], [("n",), (4,)]]


def test_archives_carry_the_data_date_not_the_clock(snapshot_descriptor: Path) -> None:
    epoch = int(dt.datetime(2024, 5, 6, 7, 8, 10, tzinfo=dt.UTC).timestamp())
    first = {d.path: d.content for d in publish_package(snapshot_descriptor, epoch=epoch).downloads}
    second = {d.path: d.content for d in publish_package(snapshot_descriptor, epoch=epoch).downloads}
    assert first == second
    for name in ("data/kien-tuong-resolution-targets.zip", "data/kien-tuong-resolution-targets.xlsx"):
        with zipfile.ZipFile(io.BytesIO(first[name])) as archive:
            assert {i.date_time for i in archive.infolist()} == {(2024, 5, 6, 7, 8, 10)}, name
            if name.endswith("xlsx"):
                core = archive.read("docProps/core.xml").decode()
                assert core.count("2024-05-06T07:08:10Z") == 2  # created and modified


def test_checksums_list_every_package_file(files: dict[str, bytes]) -> None:
    listed = {}
    for line in files["data/SHA256SUMS.txt"].decode().splitlines():
        digest, name = line.split("  ")
        listed[name] = digest
    assert "kien-tuong-resolution-targets.zip" in listed
    assert "observations.csv" in listed
    for name, digest in listed.items():
        assert hashlib.sha256(files[f"data/{name}"]).hexdigest() == digest


def test_each_target_has_its_figures_with_their_sources(files: dict[str, bytes], package: Package) -> None:
    for indicator in package.indicators:
        rows = csv_rows(files[urls.indicator_download(indicator.id, "csv")])
        observations = package.observations_of(indicator.id)
        assert [r["observation_id"] for r in rows] == [o.id for o in observations]
        for row, observation in zip(rows, observations, strict=True):
            source = package.source(observation.source_id)
            assert row["value"] == ("" if observation.value is None else str(observation.value))
            assert (row["source_publisher"], row["source_published"], row["source_url"]) == (
                source.publisher,
                source.published.isoformat(),
                source.url or "",
            )
        as_json = json.loads(files[urls.indicator_download(indicator.id, "json")], parse_float=Decimal)
        assert [{k: as_text(v) for k, v in r.items()} for r in as_json] == rows
    budget = csv_rows(files[urls.indicator_download("kt-2017-budget-revenue", "csv")])
    # "166 % of the province's estimate, 119 % of the local plan": each kept with its basis.
    assert (budget[0]["percent_of_province_estimate"], budget[0]["percent_of_town_plan"]) == ("166", "119")


# --- The API --------------------------------------------------------------------------


def test_the_api_index_lists_every_target_once_with_its_status(
    files: dict[str, bytes], package: Package
) -> None:
    index = json.loads(files[urls.api_index()], parse_float=Decimal)
    assert index["schema_version"] == SCHEMA_VERSION
    ids = [entry["id"] for entry in index["indicators"]]
    assert ids == sorted(i.id for i in package.indicators)
    statuses = {a.indicator.id: a.status.value for a in assess.assess(package)}
    for entry in index["indicators"]:
        assert entry["assessment"]["status"] == statuses[entry["id"]]
        for key in ("api", "csv", "json"):
            assert entry["urls"][key] in files
    grain = next(e for e in index["indicators"] if e["id"] == "kt-2020-2025-grain-output")
    assert grain["latest"]["value"] == 182000
    assert grain["urls"]["page_en"] == "en/indicators/kt-2020-2025-grain-output/"


def test_each_target_document_holds_its_assessment_figures_and_sources(
    files: dict[str, bytes], package: Package
) -> None:
    for assessment in assess.assess(package):
        indicator = assessment.indicator
        document = json.loads(files[urls.api_indicator(indicator.id)], parse_float=Decimal)
        assert document["schema_version"] == SCHEMA_VERSION
        assert document["indicator"]["id"] == indicator.id
        assert [o["id"] for o in document["observations"]] == [o.id for o in assessment.observations]
        cited = {o["source_id"] for o in document["observations"]} | {document["resolution"]["source_id"]}
        assert {s["id"] for s in document["sources"]} == cited
    grain = json.loads(files[urls.api_indicator("kt-2020-2025-grain-output")], parse_float=Decimal)
    assert grain["assessment"] | {"target": str(grain["assessment"]["target"])} == {
        "status": "exceeded",
        "latest_observation_id": "kt-2020-2025-grain-output-2023",
        "percent": Decimal("109.67"),
        "percent_origin": "reported",
        "target": "165952",
        "target_origin": "derived",
        "target_is_lower_bound": True,
        "target_is_upper_bound": False,
        "partial": True,
        "disagreement": None,
        "points": None,
    }
    budget = json.loads(files[urls.api_indicator("kt-2017-budget-revenue")], parse_float=Decimal)
    assert budget["observations"][0]["comparisons"] == [
        {"basis": "province-estimate", "percent": 166},
        {"basis": "town-plan", "percent": 119},
    ]


def test_site_address_makes_every_url_absolute(snapshot_descriptor: Path) -> None:
    published = publish_package(snapshot_descriptor, site_url="https://example.org/kt/")
    index = json.loads(next(d.content for d in published.downloads if d.path == urls.api_index()))
    assert index["package"]["datapackage"] == "https://example.org/kt/data/datapackage.json"
    assert index["indicators"][0]["urls"]["page_vi"].startswith("https://example.org/kt/indicators/")
    data = page(published, urls.DATA_PAGE, "en")
    assert "https://example.org/kt/en/data/" in data  # in the citation


# --- The pages ------------------------------------------------------------------------


def json_ld(markdown: str) -> dict[str, Any]:
    (script,) = re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', markdown, re.S)
    data: dict[str, Any] = json.loads(script)
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_page_json_ld_is_a_dataset_listing_every_download(
    publication: Published, files: dict[str, bytes], package: Package, language: str
) -> None:
    dataset = json_ld(page(publication, urls.DATA_PAGE, language))
    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["temporalCoverage"] == "2010/2025"
    assert dataset["spatialCoverage"] == [{"@type": "Place", "name": "Kiến Tường town, Long An province"}]
    assert dataset["creator"] == [{"@type": "Organization", "name": "chitieu contributors"}]
    # The data page is served at /data/ (vi) and /en/data/ (en): resolve each link from there.
    base = posixpath.dirname(("" if language == "vi" else f"{language}/") + urls.url_of(urls.DATA_PAGE))
    listed = {}
    for download in dataset["distribution"]:
        assert download["@type"] == "DataDownload"
        path = posixpath.normpath(posixpath.join(base, download["contentUrl"]))
        listed[path] = download["sha256"]
    package_files = {p for p in files if p.startswith("data/") and not p.startswith("data/indicators/")}
    package_files.add(urls.api_index())
    assert set(listed) == package_files
    for path, digest in listed.items():
        assert hashlib.sha256(files[path]).hexdigest() == digest


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_from_the_pages_to_a_file_finds_it(
    publication: Published, files: dict[str, bytes], language: str
) -> None:
    for generated in (p for p in publication.pages if p.language == language):
        root = urls.to_site_root(language, generated.path)
        base = posixpath.dirname(("" if language == "vi" else f"{language}/") + urls.url_of(generated.path))
        for target in re.findall(r"\]\(([^)]+)\)", generated.markdown):
            if target.startswith(root + "data/") or target.startswith(root + "api/"):
                assert posixpath.normpath(posixpath.join(base, target)) in files, (generated.path, target)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_page_documents_every_field_in_its_language(
    publication: Published, descriptor: dict[str, Any], language: str
) -> None:
    written = page(publication, urls.DATA_PAGE, language)
    words = catalogue(language)
    for resource in descriptor["resources"]:
        assert f"(`{resource['name']}`)" in written
        for field in resource["schema"]["fields"]:
            description = words[f"data.fields.{resource['name']}.{field['name']}"]
            assert f"| `{field['name']}` |" in written
            assert description in written
    assert "> chitieu contributors" in written
    assert "@misc{kien-tuong-resolution-targets-0-1-0," in written


def test_every_field_and_table_has_a_description_in_both_languages(descriptor: dict[str, Any]) -> None:
    en, vi = catalogue("en"), catalogue("vi")
    for resource in descriptor["resources"]:
        name = resource["name"]
        assert en[f"data.resources.{name}.description"] == resource["description"]
        assert vi[f"data.resources.{name}.description"] != resource["description"]
        for field in resource["schema"]["fields"]:
            key = f"data.fields.{name}.{field['name']}"
            # English repeats the schema word for word; Vietnamese is its translation.
            assert en[key] == field["description"], f"{key}: copy the schema's description into en/data.toml"
            assert vi[key] and vi[key] != en[key], f"{key}: translate it in vi/data.toml"


def test_the_data_page_formats_numbers_per_language(publication: Published) -> None:
    assert "7.921 byte" in page(publication, urls.DATA_PAGE, "vi")
    assert "7,921 bytes" in page(publication, urls.DATA_PAGE, "en")


def test_every_check_is_described_in_both_languages() -> None:
    for check in (*checks.TEXT_CHECKS, *checks.PACKAGE_CHECKS):
        for language in LANGUAGES:
            assert f"data.checks.{check.__name__}" in catalogue(language), (check.__name__, language)


def test_the_quality_page_lists_checks_coverage_and_qualified_figures(
    publication: Published,
) -> None:
    markdown = page(publication, urls.DATA_QUALITY_PAGE, "en")
    assert "found no problems" in markdown
    for check in (*checks.TEXT_CHECKS, *checks.PACKAGE_CHECKS):
        assert f"(`{check.__name__}`)" in markdown
    codes = {k.split(".")[1] for k in catalogue("en") if k.startswith("problems.") and k.endswith(".message")}
    assert codes
    for code in codes:
        assert f"| `{code}` |" in markdown
    # kt-2020-2025 set 18 targets; 3 are known, none with a published target, 3 with a figure.
    row = "| [Kiến Tường town Party Committee, 2020–2025](resolutions/kt-2020-2025.md) | 18 | 3 | 0 | 3 |"
    assert row in markdown
    assert "over 182,000 t (est.)" in markdown  # an estimate and a lower bound
    assert "over 165,952 t" in markdown  # the derived target, itself a lower bound


# --- Changes: from the git history of datapackage/ ----------------------------------------


def git(repository: Path, *args: str, date: str = "2024-01-02T03:04:05+00:00") -> None:
    environment = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repository),
        "PATH": os.environ["PATH"],
    }
    subprocess.run(["git", "-C", str(repository), *args], check=True, capture_output=True, env=environment)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def two_commits(tmp_path: Path, snapshot_descriptor: Path) -> Path:
    """A repository whose second commit revises a figure, adds a source and drops a comparison."""
    repository = tmp_path / "repo"
    shutil.copytree(snapshot_descriptor.parent, repository / "datapackage")
    git(repository, "init", "-q", "-b", "main")
    git(repository, "add", "datapackage")
    git(repository, "commit", "-q", "-m", "First data")
    folder = repository / "datapackage"
    replace_in(folder / "observations.csv", "2020-2023,2023-09-23,182000,", "2020-2023,2023-09-23,185000,")
    with (folder / "sources.csv").open("a", encoding="utf-8") as file:
        file.write("baolongan-2024-01-01,,Báo Long An,,,2024-01-01,vi\n")
    replace_in(folder / "comparisons.csv", "kt-2017-budget-revenue-2017,town-plan,119\n", "")
    git(repository, "commit", "-q", "-am", "Revise the grain figure", date="2024-02-03T10:00:00+00:00")
    return repository


def publish_from(repository: Path) -> Published:
    return publish_package(repository / "datapackage" / "datapackage.json", repository)


def test_a_data_change_between_two_commits_shows_on_the_changes_page(
    two_commits: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    published = publish_from(two_commits)
    english = page(published, urls.CHANGES_PAGE, "en")
    newest, oldest = english.index("## 3 Feb 2024"), english.index("## 2 Jan 2024")
    assert newest < oldest  # newest first
    assert "Revise the grain figure" in english
    second = english[newest:oldest]
    assert (
        "- Revised: [`kt-2020-2025-grain-output-2023`](indicators/kt-2020-2025-grain-output.md): "
        "`value` from 182,000 to 185,000"
    ) in second
    assert "- Added: `baolongan-2024-01-01`" in second
    assert (
        "- Removed: [`kt-2017-budget-revenue-2017 · town-plan`](indicators/kt-2017-budget-revenue.md)"
        in second
    )
    assert "1 added, 0 revised, 0 removed." in second  # sources
    assert "Table added, with 23 rows." in english[oldest:]
    assert "từ 182.000 thành 185.000" in page(published, urls.CHANGES_PAGE, "vi")
    # The archives carry the date of the last commit of the data.
    zipped = next(d.content for d in published.downloads if d.path.endswith(".zip"))
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert archive.infolist()[0].date_time == (2024, 2, 3, 10, 0, 0)
    assert publish_from(two_commits) == published  # same history, same bytes


def test_the_changes_feed_has_an_entry_per_commit_newest_first_in_each_language(
    two_commits: Path,
) -> None:
    published = publish_from(two_commits)
    files = {d.path: d.content for d in published.downloads}
    atom = "{http://www.w3.org/2005/Atom}"
    for path, language, words in (
        ("changes/feed.xml", "vi", "sources: 1 dòng thêm, 0 dòng sửa, 0 dòng xóa."),
        ("en/changes/feed.xml", "en", "observations: 0 added, 1 revised, 0 removed."),
    ):
        feed = ET.fromstring(files[path])
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        entries = feed.findall(f"{atom}entry")
        assert [e.findtext(f"{atom}title") for e in entries] == ["Revise the grain figure", "First data"]
        assert entries[0].findtext(f"{atom}updated") == "2024-02-03T10:00:00+00:00"
        assert feed.findtext(f"{atom}updated") == "2024-02-03T10:00:00+00:00"
        assert words in (entries[0].findtext(f"{atom}summary") or "")
        assert len({e.findtext(f"{atom}id") for e in entries}) == 2  # every entry its own id
    changes = page(published, urls.CHANGES_PAGE, "en")
    assert "[Atom feed](feed.xml)" in changes


def test_a_shallow_clone_says_the_history_is_missing(
    two_commits: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", two_commits.as_uri(), str(shallow))
    for language, words in (("en", "shallow clone"), ("vi", "bản sao nông")):
        markdown = page(publish_from(shallow), urls.CHANGES_PAGE, language)
        assert words in markdown
        assert "## " not in markdown  # no commit listed as if it had added every row
    assert "the data last changed" not in page(publish_from(shallow), urls.DATA_PAGE, "en")


def test_a_copy_without_git_says_the_history_is_missing(
    tmp_path: Path, snapshot_descriptor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    shutil.copytree(snapshot_descriptor.parent, tmp_path / "datapackage")
    published = publish_from(tmp_path)
    assert "built from a copy of the files" in page(published, urls.CHANGES_PAGE, "en")
    assert "the data last changed" not in page(published, urls.DATA_PAGE, "en")
