"""The whole package in one file: a zip and an Excel workbook whose bytes depend only on
what they hold and the build's one date, and the checksums of the downloads."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from chitieu.export.citation import citation, citation_text, spatial_coverage, temporal_coverage
from chitieu.export.tables import Table
from chitieu.messages import translate
from chitieu.records import (
    Download,
    Package,
)
from chitieu.site import urls
from chitieu.site.urls import Links

# A zip cannot hold dates before 1980; used when the data's date is unknown.
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
# Rows in one Excel sheet, the header included.
EXCEL_MAX_ROWS = 1_048_576


# ---------------------------------------------------------------------------------------
# Archives.


def deterministic_zip(entries: Iterable[tuple[str, bytes]], when: dt.datetime | None) -> bytes:
    """A zip whose bytes depend only on its entries (names, contents, order) and `when`."""
    stamp = max(when or ZIP_EPOCH, ZIP_EPOCH).astimezone(dt.UTC)
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever the build runs
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def package_zip(descriptor_bytes: bytes, tables: Sequence[Table], when: dt.datetime | None) -> bytes:
    entries = [("datapackage.json", descriptor_bytes), *((f"{t.name}.csv", t.content) for t in tables)]
    return deterministic_zip(sorted(entries), when)


def workbook(
    tables: Sequence[Table], readme: Sequence[tuple[str, str]], title: str, when: dt.datetime | None
) -> bytes:
    """One sheet per resource with typed cells (a table longer than Excel allows goes on
    as `<name>_2`, ...), after a README sheet."""
    # Write-only: rows stream to the file instead of living as cell objects (3x faster).
    book = Workbook(write_only=True)
    about = book.create_sheet("README")
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 100
    for label, text in readme:
        about.append([_xlsx_cell(about, label, bold=True), _xlsx_cell(about, text)])
    for table in tables:
        rows = [[row[c] for c in table.columns] for row in table.rows]
        for part, start in enumerate(range(0, max(len(rows), 1), EXCEL_MAX_ROWS - 1), start=1):
            name = table.name[:31] if part == 1 else f"{table.name[:28]}_{part}"
            sheet = book.create_sheet(name)
            sheet.freeze_panes = "A2"
            chunk = rows[start : start + EXCEL_MAX_ROWS - 1]
            sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(table.columns), 1))}{len(chunk) + 1}"
            sheet.append([_xlsx_cell(sheet, c, bold=True) for c in table.columns])
            for values in chunk:
                # Only text that Excel would read as a formula ("=1+1") needs a typed cell.
                sheet.append(
                    [_xlsx_cell(sheet, v) if isinstance(v, str) and v[:1] == "=" else v for v in values]
                )
    stamp = max(when or ZIP_EPOCH, ZIP_EPOCH).astimezone(dt.UTC).replace(tzinfo=None)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = "chitieu"
    book.properties.title = title
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps the clock into docProps/core.xml.
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as written:
        entries = [(info.filename, written.read(info)) for info in written.infolist()]
    return deterministic_zip(entries, when)  # openpyxl's order, our timestamps


def _xlsx_cell(sheet: Any, value: Any, bold: bool = False) -> Cell:
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def archive_name(package: Package) -> str:
    """The zip and the workbook are named after the package (`name` in datapackage.json)."""
    return package.info.name or "datapackage"


def sha256sums(files: Iterable[Download]) -> bytes:
    """The checksum file `sha256sum -c SHA256SUMS.txt` reads, for the files in data/ beside it."""
    lines = sorted(f"{hashlib.sha256(f.content).hexdigest()}  {f.path.removeprefix('data/')}" for f in files)
    return ("\n".join(lines) + "\n").encode()


def workbook_readme(
    package: Package, tables: Sequence[Table], released: dt.datetime | None, links: Links
) -> list[tuple[str, str]]:
    """The README sheet: the same file serves both languages, so each label is "vi / en"."""
    info = package.info
    coverage = temporal_coverage(package)
    cite = citation(package, released)
    values = {
        "title": info.title,
        "description": info.description,
        "version": info.version,
        "released": released.date().isoformat() if released else "",
        "license": f"{info.license_title} ({info.license_name}) {info.license_url}".strip(),
        "citation": citation_text(cite, "en", links.page(urls.DATA_PAGE, "en") if links.base else ""),
        "coverage": f"{coverage[0]}–{coverage[1]}" if coverage else "",
        "places": "; ".join(spatial_coverage(package, "en")),
        "sources": "; ".join(info.sources),
        "sheets": ", ".join(t.name for t in tables),
        "website": links.file(urls.url_of(urls.DATA_PAGE)) if links.base else "",
    }
    return [
        (f"{translate('vi', f'data.readme.{key}')} / {translate('en', f'data.readme.{key}')}", value)
        for key, value in values.items()
        if value
    ]


def digest(download: Download) -> str:
    return hashlib.sha256(download.content).hexdigest()
