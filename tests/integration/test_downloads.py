"""Every download, fetched from the built site over HTTP (not read from disk), reads back
to the package's tables; the data page's JSON-LD leads to each of them."""

from __future__ import annotations

import hashlib
import io
import json
import re
import urllib.request
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

import openpyxl
import pytest
from benchmarks.page_weight import served

from chitieu.ingest import load
from chitieu.site import urls
from tests.sitebuild import SNAPSHOT, BuiltSite
from tests.unit.export.test_export import as_text, csv_rows, same_number

pytestmark = pytest.mark.slow

PACKAGE = SNAPSHOT


@pytest.fixture(scope="module")
def site_url(snapshot_site: BuiltSite) -> Iterator[str]:
    """The site built from the snapshot (once per session), served on 127.0.0.1."""
    with served(snapshot_site.root) as base:
        yield base


def fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers.get_content_type()


@pytest.fixture(scope="module")
def descriptor() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    return data


def test_each_table_is_served_as_csv_byte_for_byte_and_as_json(
    site_url: str, descriptor: dict[str, Any]
) -> None:
    for resource in descriptor["resources"]:
        name = resource["name"]
        content, media_type = fetch(site_url + urls.resource_download(name))
        assert content == (PACKAGE / resource["path"]).read_bytes(), name
        assert media_type == "text/csv"
        rows, media_type = fetch(f"{site_url}data/{name}.json")
        assert media_type == "application/json"
        read = json.loads(rows, parse_float=Decimal)
        assert [{k: as_text(v) for k, v in r.items()} for r in read] == csv_rows(content), name
    served, _ = fetch(site_url + "data/datapackage.json")
    assert served == (PACKAGE / "datapackage.json").read_bytes()


def test_the_zip_and_the_workbook_are_served_and_hold_every_table(
    site_url: str, descriptor: dict[str, Any]
) -> None:
    name = descriptor["name"]
    archive_bytes, _ = fetch(f"{site_url}data/{name}.zip")
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        assert archive.read("datapackage.json") == (PACKAGE / "datapackage.json").read_bytes()
        for resource in descriptor["resources"]:
            assert archive.read(f"{resource['name']}.csv") == (PACKAGE / resource["path"]).read_bytes()
    workbook_bytes, _ = fetch(f"{site_url}data/{name}.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    assert book.sheetnames[0] == "README"
    for resource in descriptor["resources"]:
        expected = csv_rows((PACKAGE / resource["path"]).read_bytes())
        sheet = list(book[resource["name"]].iter_rows(values_only=True))
        header = [str(c) for c in sheet[0]]
        assert len(sheet) - 1 == len(expected)
        for read, row in zip(sheet[1:], expected, strict=True):
            for column, value in zip(header, read, strict=True):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    assert same_number(value, row[column])
                else:
                    assert as_text(value) == row[column]


def test_the_checksums_served_match_the_files_served(site_url: str) -> None:
    listing, _ = fetch(site_url + "data/SHA256SUMS.txt")
    lines = listing.decode().splitlines()
    assert len(lines) >= 4
    for line in lines:
        digest, name = line.split("  ")
        content, _ = fetch(f"{site_url}data/{name}")
        assert hashlib.sha256(content).hexdigest() == digest, name


def test_the_api_and_each_targets_files_are_served_for_every_target(site_url: str) -> None:
    package = load(PACKAGE / "datapackage.json")
    index_bytes, media_type = fetch(site_url + urls.api_index())
    assert media_type == "application/json"
    index = json.loads(index_bytes, parse_float=Decimal)
    assert [e["id"] for e in index["indicators"]] == sorted(i.id for i in package.indicators)
    for entry in index["indicators"]:
        document, _ = fetch(site_url + entry["urls"]["api"])
        assert json.loads(document)["indicator"]["id"] == entry["id"]
        table, _ = fetch(site_url + entry["urls"]["csv"])
        figures = csv_rows(table)
        assert [r["observation_id"] for r in figures] == [o.id for o in package.observations_of(entry["id"])]
        rows, _ = fetch(site_url + entry["urls"]["json"])
        assert [
            {k: as_text(v) for k, v in r.items()} for r in json.loads(rows, parse_float=Decimal)
        ] == figures
        for language in ("vi", "en"):
            _, media_type = fetch(site_url + entry["urls"][f"page_{language}"])
            assert media_type == "text/html"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_file_the_data_page_lists_is_served_where_its_json_ld_says(
    site_url: str, language: str
) -> None:
    page_url = site_url + ("" if language == "vi" else f"{language}/") + urls.url_of(urls.DATA_PAGE)
    html, _ = fetch(page_url)
    (script,) = re.findall(rb'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    dataset = json.loads(script)
    assert dataset["@type"] == "Dataset"
    assert len(dataset["distribution"]) >= 4
    for download in dataset["distribution"]:
        content, media_type = fetch(urljoin(page_url, download["contentUrl"]))
        assert hashlib.sha256(content).hexdigest() == download["sha256"], download["name"]
        assert media_type == download["encodingFormat"] or download["name"].endswith((".xlsx", ".txt"))
        # The page links the same address as the JSON-LD, so a person reaches the same file.
        assert f'href="{download["contentUrl"]}"'.encode() in html, download["name"]
