"""Stage: export, the open data as files. Pure: no disk, no git, no environment.

in: the Package, its Assessments, and what earlier stages read (`Read`: the files as
validation read them, the data's history and dates).
out: `Export`: every download (each resource as CSV, byte-identical to datapackage/, and
JSON; datapackage.json; the whole package as a zip and as one XLSX workbook; each
target's figures as CSV and JSON; the static JSON API), sorted by path, and the tables
they were made from, for the pages that describe them.

Same inputs, same bytes: rows keep the order of their CSV file (the API is sorted by id),
JSON keys are sorted, and the only date written into a file is the build's one date
(`history.build_time`), which the site engine gets too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from chitieu import ingest
from chitieu.export.api import INDICATOR_TABLE_COLUMNS, api_index, api_indicator, indicator_rows
from chitieu.export.archives import archive_name, package_zip, sha256sums, workbook, workbook_readme
from chitieu.export.feed import ATOM_TYPE, atom_feed, feed_path
from chitieu.export.json import document_json, rows_json
from chitieu.export.tables import (
    CSV_TYPE,
    JSON_TYPE,
    TEXT_TYPE,
    XLSX_TYPE,
    ZIP_TYPE,
    Table,
    published_descriptor,
    read_tables,
    rows_csv,
)
from chitieu.history import History
from chitieu.messages import LANGUAGES
from chitieu.records import Assessment, Download, Package
from chitieu.site import urls


@dataclass(frozen=True, slots=True)
class Read:
    """What earlier stages read for this one: the files as validation read them, when the
    data last changed (None: not known) and the build's one date (`history.build_time`)."""

    descriptor: ingest.Descriptor
    files: Mapping[str, ingest.TableFile]
    released: dt.datetime | None
    built_at: dt.datetime
    history: History = field(default_factory=lambda: History(()))  # the changes feed's entries


@dataclass(frozen=True, slots=True)
class Export:
    """Every download, sorted by path, and the tables they were made from."""

    downloads: tuple[Download, ...]
    tables: tuple[Table, ...]

    def by_path(self) -> dict[str, Download]:
        return {d.path: d for d in self.downloads}

    def package_files(self, package: Package) -> list[Download]:
        """The whole-package files, as the data page lists them and its JSON-LD names them."""
        name = archive_name(package)
        wanted = [f"data/{name}.zip", f"data/{name}.xlsx", "data/datapackage.json"]
        for table in self.tables:
            wanted += [urls.resource_download(table.name), f"data/{table.name}.json"]
        files = self.by_path()
        return [files[path] for path in [*wanted, "data/SHA256SUMS.txt", urls.api_index()]]


def export(
    package: Package,
    assessments: Sequence[Assessment],
    read: Read,
    *,
    site_url: str | None = None,
    languages: Sequence[str] = LANGUAGES,
) -> Export:
    """Every download: the package's files, its archives, each target's figures, the API."""
    tables = read_tables(read.descriptor, read.files)
    links = urls.Links(site_url)
    files = _package_files(package, read, tables, links)
    for indicator in package.indicators:
        rows = indicator_rows(package, indicator)
        csv = rows_csv(INDICATOR_TABLE_COLUMNS, rows)
        files.append(Download(urls.indicator_download(indicator.id, "csv"), csv, CSV_TYPE))
        files.append(Download(urls.indicator_download(indicator.id, "json"), rows_json(rows), JSON_TYPE))
    for assessment in assessments:
        document = document_json(api_indicator(package, assessment, links))
        files.append(Download(urls.api_indicator(assessment.indicator.id), document, JSON_TYPE))
    index = document_json(api_index(package, assessments, links), flat_from=2)
    files.append(Download(urls.api_index(), index, JSON_TYPE))
    for language in languages:
        feed = atom_feed(read.history, package.info.title, language, links, read.built_at)
        files.append(Download(feed_path(language), feed, ATOM_TYPE))
    return Export(tuple(sorted(files, key=lambda d: d.path)), tables)


def _package_files(
    package: Package, read: Read, tables: Sequence[Table], links: urls.Links
) -> list[Download]:
    """The package as published: datapackage.json, each table as CSV and JSON, the zip, the
    workbook and the checksums of them all."""
    files: list[Download] = []
    descriptor_bytes = published_descriptor(read.descriptor, tables)
    files.append(Download("data/datapackage.json", descriptor_bytes, JSON_TYPE))
    for table in tables:
        files.append(Download(urls.resource_download(table.name), table.content, CSV_TYPE))
        files.append(Download(f"data/{table.name}.json", rows_json(table.rows), JSON_TYPE))
    name, stamp = archive_name(package), read.built_at
    files.append(Download(f"data/{name}.zip", package_zip(descriptor_bytes, tables, stamp), ZIP_TYPE))
    readme = workbook_readme(package, tables, read.released, links)
    book = workbook(tables, readme, package.info.title, stamp)
    files.append(Download(f"data/{name}.xlsx", book, XLSX_TYPE))
    files.append(Download("data/SHA256SUMS.txt", sha256sums(files), TEXT_TYPE))
    return files
