"""Stage 6, publish: the open data and the pages that describe it.

in: the Package, its Assessments and the repository (for the git history of the data).
out: `Publication`: the downloads (each resource as CSV, byte-identical to datapackage/,
and JSON; datapackage.json; the whole package as a zip and as one XLSX workbook; each
target's figures as CSV and JSON; the static JSON API) and, per language, the data,
data-quality, changes and for-developers pages.

Same inputs, same bytes: rows keep the order of their CSV file (the API is sorted by id),
JSON keys are sorted, and the only date written into a file is the date the data last
changed (`build_time`: `SOURCE_DATE_EPOCH` when set, else the last commit of the package
folder, else the newest date in the data); the pipeline hands the same date to the site
engine, so archives, workbook and sitemap agree.
Numbers in JSON are JSON numbers written exactly as published (109.67, never
109.67000000000002); read them with a decimal type to keep every digit.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import posixpath
import re
import string
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from chitieu import changes, checks, figures, load, naming
from chitieu.formatting import (
    format_date,
    format_figure,
    format_number,
    format_percent,
    format_period,
    format_quantity,
)
from chitieu.messages import LANGUAGES, catalogue, translate
from chitieu.records import (
    Assessment,
    ComparisonBasis,
    Download,
    Indicator,
    Observation,
    Origin,
    Package,
    Page,
    Source,
    ValueQualifier,
)
from chitieu.site import urls

# Bumped only when a field of the API or of a JSON download is removed, renamed or
# changes meaning or type; new fields may appear at any time (the developers page says so).
SCHEMA_VERSION = 1
# A commit that touches thousands of rows lists this many per table, then counts the rest.
MAX_LISTED_CHANGES = 50
# The data-quality page lists this many estimates (bounds, ...), then points at the data:
# a national package has thousands, and a page of megabytes helps nobody on a phone.
MAX_LISTED_FIGURES = 100
# A zip cannot hold dates before 1980; used when the data's date is unknown.
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
# Rows in one Excel sheet, the header included.
EXCEL_MAX_ROWS = 1_048_576
# Frictionless' defaults, for a schema that does not name its own.
DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
DEFAULT_MISSING_VALUES = ("",)

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"
ZIP_TYPE = "application/zip"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_TYPE = "text/plain; charset=utf-8"

TEMPLATES = Path(__file__).parent / "templates" / "data"


@dataclass(frozen=True, slots=True)
class Publication:
    downloads: tuple[Download, ...]  # sorted by path; the same files for every language
    pages: tuple[Page, ...]  # data, data quality, changes, developers; per language
    built_at: dt.datetime  # `build_time`: the one date the site engine may print too


@dataclass(frozen=True, slots=True)
class Read:
    """What earlier stages read for this one: the files as validation read them, the data's
    history, and when the data last changed (None: not known)."""

    descriptor: load.Descriptor
    files: Mapping[str, load.TableFile]
    history: changes.History
    released: dt.datetime | None
    built_at: dt.datetime  # `build_time`: the build's one date


@dataclass(frozen=True, slots=True)
class Table:
    """One resource of the package: its file as published and its rows as typed values."""

    name: str
    path: str  # as in datapackage.json, relative to the package folder
    title: str
    description: str
    schema: Mapping[str, Any]
    content: bytes
    rows: tuple[dict[str, Any], ...]  # in file order; keys are the CSV header's columns

    @property
    def fields(self) -> list[Mapping[str, Any]]:
        return [f for f in self.schema.get("fields", []) if isinstance(f, Mapping)]

    @property
    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else [str(f["name"]) for f in self.fields]

    @property
    def primary_key(self) -> list[str]:
        key = self.schema.get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)


# ---------------------------------------------------------------------------------------
# Values: typed cells and exact JSON.


def typed_value(text: str, field: Mapping[str, Any], missing: Sequence[str] = DEFAULT_MISSING_VALUES) -> Any:
    """A CSV cell as the schema types it: int, Decimal, bool, date, str, or None when empty.

    >>> typed_value("109.67", {"type": "number"}), typed_value("", {"type": "number"})
    (Decimal('109.67'), None)
    >>> typed_value("true", {"type": "boolean", "trueValues": ["true"]})
    True
    """
    if text in missing:
        return None
    kind = field.get("type", "string")
    if kind in ("integer", "year"):
        return int(text)
    if kind == "number":
        return Decimal(text)
    if kind == "boolean":
        return text in field.get("trueValues", DEFAULT_TRUE_VALUES)
    if kind == "date":
        return dt.date.fromisoformat(text)
    return text


def decimal_text(number: Decimal) -> str:
    """A Decimal in plain notation with every published digit (no exponent, no float).

    >>> decimal_text(Decimal("109.67")), decimal_text(Decimal("1.50")), decimal_text(Decimal("1E+3"))
    ('109.67', '1.50', '1000')
    """
    return format(number, "f")


def cell_text(value: Any) -> str:
    """A typed value written back as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str.__str__(value) if isinstance(value, str) else str(value)


def to_json(value: Any, indent: int | None = 2, level: int = 0, flat_from: int | None = None) -> str:
    """JSON with sorted keys, UTF-8 text and Decimals as exact JSON numbers; values
    nested `flat_from` levels deep are written on one line.

    >>> to_json({"b": Decimal("109.67"), "a": [dt.date(2023, 9, 23), None, True]}, indent=None)
    '{"a": ["2023-09-23", null, true], "b": 109.67}'
    """
    if isinstance(value, str):  # enums too: every enum of the records is a StrEnum
        return _json_string(str.__str__(value))
    if value is None or isinstance(value, bool):
        return _JSON_CONSTANTS[value]
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):  # datetimes too
        return _json_string(value.isoformat())
    if isinstance(value, Mapping):
        parts = [
            f"{_json_string(str(k))}: {to_json(v, indent, level + 1, flat_from)}"
            for k, v in sorted(value.items())
        ]
        opening, closing = "{", "}"
    elif isinstance(value, list | tuple):
        parts = [to_json(v, indent, level + 1, flat_from) for v in value]
        opening, closing = "[", "]"
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")
    if not parts:
        return opening + closing
    if indent is None or (flat_from is not None and level >= flat_from):
        return opening + ", ".join(parts) + closing
    inner, outer = "\n" + " " * indent * (level + 1), "\n" + " " * indent * level
    return opening + inner + ("," + inner).join(parts) + outer + closing


# The json module's own string escaper (C), without ensure_ascii: Vietnamese stays readable.
_json_string: Callable[[str], str] = json.encoder.encode_basestring
_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def rows_json(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """An array of row objects, one row per line: compact, yet readable and diffable."""
    lines = [to_json(dict(row), indent=None) for row in rows]
    return ("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n").encode()


def document_json(document: Mapping[str, Any], flat_from: int | None = None) -> bytes:
    return (to_json(document, flat_from=flat_from) + "\n").encode()


def record_dict(record: Any, leave_out: Sequence[str] = ()) -> dict[str, Any]:
    """The fields of a frozen record (their names are the CSV columns), values as they are."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.name not in leave_out}


# ---------------------------------------------------------------------------------------
# Reading the package as published.


def read_tables(descriptor: load.Descriptor, files: Mapping[str, load.TableFile]) -> tuple[Table, ...]:
    """Every resource with its bytes and typed rows, in the descriptor's order, from the
    files as validation read them (nothing is read from disk again)."""
    tables = []
    for resource in descriptor.resources:
        file = files.get(str(resource.get("name")))
        if file is None:
            continue  # validate() has already refused such a package
        schema = resource.get("schema") or {}
        fields = {str(f["name"]): f for f in schema.get("fields", []) if isinstance(f, Mapping)}
        missing = tuple(schema.get("missingValues", DEFAULT_MISSING_VALUES))
        rows = tuple(
            {column: typed_value(text, fields.get(column, {}), missing) for column, text in cells.items()}
            for _, cells in load.data_rows(file)
        )
        tables.append(
            Table(
                name=str(resource["name"]),
                path=str(resource["path"]),
                title=str(resource.get("title") or resource["name"]),
                description=str(resource.get("description") or ""),
                schema=schema,
                content=file.content,
                rows=rows,
            )
        )
    return tuple(tables)


def published_descriptor(descriptor: load.Descriptor, tables: Sequence[Table]) -> bytes:
    """datapackage.json as published next to data/<resource>.csv: the file itself when its
    paths already are `<resource>.csv`, else a copy whose paths point at the published files."""
    raw = descriptor.content
    if all(t.path == f"{t.name}.csv" for t in tables):
        return raw
    data = json.loads(raw.decode("utf-8-sig"))
    for resource in data["resources"]:
        resource["path"] = f"{resource['name']}.csv"
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def release_time(history: changes.History, source_date_epoch: int | None) -> dt.datetime | None:
    """When the data last changed, if that is known: SOURCE_DATE_EPOCH (reproducible
    builds; read by the caller) or the last commit of the package folder. The pages say
    "last changed" only then."""
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, dt.UTC)
    return history.last_changed.astimezone(dt.UTC) if history.last_changed else None


def build_time(released: dt.datetime | None, package: Package) -> dt.datetime:
    """The build's only date, stamped into the archives, the workbook and the engine's
    sitemap: `released` (see `release_time`), else (no git history, e.g. a downloaded copy)
    the newest date in the data. Never the clock, so the same inputs build the same bytes
    on any day."""
    if released is not None:
        return released
    dates = [s.published for s in package.sources]
    dates += [o.as_of for o in package.observations]
    dates += [p.as_of for p in package.progress_reports]
    newest = max(dates, default=dt.date(1970, 1, 1))
    return dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)


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


# ---------------------------------------------------------------------------------------
# Per-indicator tables and the API.

COMPARISON_COLUMNS = {basis: "percent_of_" + basis.value.replace("-", "_") for basis in ComparisonBasis}
INDICATOR_TABLE_COLUMNS = (
    "indicator_id",
    "observation_id",
    "period",
    "as_of",
    "value",
    "unit_vi",
    "unit_en",
    "value_qualifier",
    "estimated",
    "percent_of_target",
    *COMPARISON_COLUMNS.values(),
    "note_vi",
    "note_en",
    "source_id",
    "source_title",
    "source_publisher",
    "source_author",
    "source_url",
    "source_published",
)


def indicator_rows(package: Package, indicator: Indicator) -> list[dict[str, Any]]:
    """One row per reported figure, oldest report first, with its unit and its source."""
    rows = []
    for observation in package.observations_of(indicator.id):
        source = package.source(observation.source_id)
        percents = {c.basis: c.percent for c in observation.comparisons}
        row: dict[str, Any] = {
            "indicator_id": indicator.id,
            "observation_id": observation.id,
            "period": observation.period,
            "as_of": observation.as_of,
            "value": observation.value,
            "unit_vi": indicator.unit_vi,
            "unit_en": indicator.unit_en,
            "value_qualifier": observation.value_qualifier.value,
            "estimated": observation.estimated,
            "percent_of_target": observation.percent_of_target,
            **{column: percents.get(basis) for basis, column in COMPARISON_COLUMNS.items()},
            "note_vi": observation.note_vi,
            "note_en": observation.note_en,
            "source_id": source.id,
            "source_title": source.title,
            "source_publisher": source.publisher,
            "source_author": source.author,
            "source_url": source.url,
            "source_published": source.published,
        }
        rows.append(row)
    return rows


def rows_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """CSV as the package writes it: UTF-8, comma, LF, quotes only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell_text(row[c]) for c in columns] for row in rows)
    return buffer.getvalue().encode()


class Links:
    """Where each file is, relative to the site root or absolute when the site's address is known."""

    def __init__(self, site_url: str | None) -> None:
        self.base = site_url.rstrip("/") + "/" if site_url else ""

    def file(self, path: str) -> str:
        return self.base + path

    def page(self, page: str, language: str) -> str:
        prefix = "" if language == urls.DEFAULT_LANGUAGE else f"{language}/"
        return self.base + prefix + urls.url_of(page)


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """The status and the inputs it rests on, as the API publishes them."""
    return {
        "status": assessment.status,
        "latest_observation_id": assessment.latest.id if assessment.latest else None,
        "percent": assessment.percent,
        "percent_origin": assessment.percent_origin,
        "target": assessment.target,
        "target_origin": assessment.target_origin,
        "target_is_lower_bound": assessment.target_is_lower_bound,
        "target_is_upper_bound": assessment.target_is_upper_bound,
        "partial": assessment.partial,
        "disagreement": assessment.disagreement,
    }


def indicator_urls(indicator_id: str, links: Links) -> dict[str, str]:
    page = urls.indicator_page(indicator_id)
    return {
        "api": links.file(urls.api_indicator(indicator_id)),
        "csv": links.file(urls.indicator_download(indicator_id, "csv")),
        "json": links.file(urls.indicator_download(indicator_id, "json")),
        **{f"page_{language}": links.page(page, language) for language in LANGUAGES},
    }


def observation_dict(observation: Observation) -> dict[str, Any]:
    return {
        **record_dict(observation, leave_out=("comparisons",)),
        "comparisons": [{"basis": c.basis, "percent": c.percent} for c in observation.comparisons],
    }


def api_indicator(package: Package, assessment: Assessment, links: Links) -> dict[str, Any]:
    indicator = assessment.indicator
    sources = {o.source_id for o in assessment.observations} | {assessment.resolution.source_id}
    return {
        "schema_version": SCHEMA_VERSION,
        "indicator": record_dict(indicator),
        "resolution": record_dict(assessment.resolution),
        "assessment": assessment_dict(assessment),
        "observations": [observation_dict(o) for o in assessment.observations],
        "sources": [record_dict(package.source(s)) for s in sorted(sources)],
        "urls": indicator_urls(indicator.id, links),
    }


INDEX_INDICATOR_FIELDS = (
    "id",
    "resolution_id",
    "number",
    "area",
    "name_vi",
    "name_en",
    "unit_vi",
    "unit_en",
    "measure",
    "direction",
    "series",
)
INDEX_LATEST_FIELDS = ("id", "period", "as_of", "value", "value_qualifier", "estimated", "percent_of_target")


def api_index(package: Package, assessments: Sequence[Assessment], links: Links) -> dict[str, Any]:
    entries = []
    for assessment in sorted(assessments, key=lambda a: a.indicator.id):
        latest = assessment.latest
        entries.append(
            {
                **{name: getattr(assessment.indicator, name) for name in INDEX_INDICATOR_FIELDS},
                "assessment": assessment_dict(assessment),
                "latest": {n: getattr(latest, n) for n in INDEX_LATEST_FIELDS} if latest else None,
                "urls": indicator_urls(assessment.indicator.id, links),
            }
        )
    info = package.info
    return {
        "schema_version": SCHEMA_VERSION,
        "package": {
            "name": info.name,
            "title": info.title,
            "version": info.version,
            "license": {"name": info.license_name, "title": info.license_title, "url": info.license_url},
            "datapackage": links.file("data/datapackage.json"),
        },
        "resolutions": [
            {
                n: getattr(r, n)
                for n in ("id", "kind", "period_start", "period_end", "body_vi", "body_en", "targets_total")
            }
            for r in sorted(package.resolutions, key=lambda r: r.id)
        ],
        "indicators": entries,
    }


# ---------------------------------------------------------------------------------------
# The whole stage.


@dataclass(frozen=True, slots=True)
class Build:
    """What the pages are made from; computed once, shared by both languages."""

    package: Package
    descriptor: Mapping[str, Any]
    tables: tuple[Table, ...]
    assessments: tuple[Assessment, ...]
    downloads: dict[str, Download]
    history: changes.History
    released: dt.datetime | None
    links: Links

    @property
    def package_files(self) -> list[Download]:
        """The whole-package files, as listed on the data page and in its JSON-LD."""
        name = archive_name(self.package)
        wanted = [f"data/{name}.zip", f"data/{name}.xlsx", "data/datapackage.json"]
        for table in self.tables:
            wanted += [urls.resource_download(table.name), f"data/{table.name}.json"]
        return [self.downloads[path] for path in [*wanted, "data/SHA256SUMS.txt", urls.api_index()]]


def publish(
    package: Package,
    assessments: Sequence[Assessment],
    read: Read,
    *,
    languages: Iterable[str] = LANGUAGES,
    site_url: str | None = None,
) -> Publication:
    """Every download and the data, data-quality, changes and developers pages, per language."""
    # Load: the package's files as validation read them, and the history of the package folder.
    descriptor = read.descriptor
    tables = read_tables(descriptor, read.files)
    history, released, stamp = read.history, read.released, read.built_at
    links = Links(site_url)

    # Process: every file, then the pages that list them.
    files: list[Download] = []
    descriptor_bytes = published_descriptor(descriptor, tables)
    files.append(Download("data/datapackage.json", descriptor_bytes, JSON_TYPE))
    for table in tables:
        files.append(Download(urls.resource_download(table.name), table.content, CSV_TYPE))
        files.append(Download(f"data/{table.name}.json", rows_json(table.rows), JSON_TYPE))
    name = archive_name(package)
    files.append(Download(f"data/{name}.zip", package_zip(descriptor_bytes, tables, stamp), ZIP_TYPE))
    readme = workbook_readme(package, descriptor.data, tables, released, links)
    files.append(
        Download(f"data/{name}.xlsx", workbook(tables, readme, package.info.title, stamp), XLSX_TYPE)
    )
    files.append(Download("data/SHA256SUMS.txt", sha256sums(files), TEXT_TYPE))
    for indicator in package.indicators:
        rows = indicator_rows(package, indicator)
        files.append(
            Download(
                urls.indicator_download(indicator.id, "csv"),
                rows_csv(INDICATOR_TABLE_COLUMNS, rows),
                CSV_TYPE,
            )
        )
        files.append(Download(urls.indicator_download(indicator.id, "json"), rows_json(rows), JSON_TYPE))
    for assessment in assessments:
        document = api_indicator(package, assessment, links)
        files.append(
            Download(urls.api_indicator(assessment.indicator.id), document_json(document), JSON_TYPE)
        )
    files.append(
        Download(
            urls.api_index(), document_json(api_index(package, assessments, links), flat_from=2), JSON_TYPE
        )
    )

    build = Build(
        package=package,
        descriptor=descriptor.data,
        tables=tables,
        assessments=tuple(assessments),
        downloads={d.path: d for d in files},
        history=history,
        released=released,
        links=links,
    )
    pages = tuple(page for language in languages for page in render_pages(build, language))
    return Publication(tuple(sorted(files, key=lambda d: d.path)), pages, stamp)


def archive_name(package: Package) -> str:
    """The zip and the workbook are named after the package (`name` in datapackage.json)."""
    return package.info.name or "datapackage"


def sha256sums(files: Iterable[Download]) -> bytes:
    """The checksum file `sha256sum -c SHA256SUMS.txt` reads, for the files in data/ beside it."""
    lines = sorted(f"{hashlib.sha256(f.content).hexdigest()}  {f.path.removeprefix('data/')}" for f in files)
    return ("\n".join(lines) + "\n").encode()


# ---------------------------------------------------------------------------------------
# Words: the README sheet, the citation and the pages.


def contributors(descriptor: Mapping[str, Any]) -> list[str]:
    people = descriptor.get("contributors") or []
    return [str(p["title"]) for p in people if isinstance(p, Mapping) and p.get("title")]


def spatial_coverage(package: Package, language: str) -> list[str]:
    return sorted({getattr(r, f"jurisdiction_{language}") for r in package.resolutions})


def temporal_coverage(package: Package) -> tuple[int, int] | None:
    if not package.resolutions:
        return None
    return min(r.period_start for r in package.resolutions), max(r.period_end for r in package.resolutions)


def citation(package: Package, descriptor: Mapping[str, Any], released: dt.datetime | None) -> dict[str, str]:
    """The parts of the data set's citation; the words around them come from the catalogue."""
    info = package.info
    return {
        "authors": ", ".join(contributors(descriptor)) or info.name,
        "title": info.title,
        "version": info.version,
        "year": str(released.year) if released else "",
        "license": info.license_name,
        "key": re.sub(r"[^A-Za-z0-9]+", "-", f"{info.name}-{info.version}").strip("-"),
    }


def citation_text(cite: Mapping[str, str], language: str, address: str = "") -> str:
    """The citation as one line of text, with the site's address when it is known."""
    year = cite["year"] or translate(language, "data.cite.no_year")
    text = translate(language, "data.cite.plain", **{**cite, "year": year})
    return f"{text} {address}" if address else text


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def bibtex(cite: Mapping[str, str], language: str, address: str = "") -> str:
    """A BibTeX @misc entry (biblatex reads it too); braces keep the title's capitals."""

    def escape(text: str) -> str:
        return _BIBTEX_SPECIAL.sub(r"\\\1", text)

    fields = [
        ("author", "{" + escape(cite["authors"]) + "}"),
        ("title", "{" + escape(cite["title"]) + "}"),
        ("year", escape(cite["year"])),
        ("version", escape(cite["version"])),
        ("note", escape(translate(language, "data.cite.bibtex_note", license=cite["license"]))),
        ("url", address),
    ]
    lines = [f"  {name} = {{{value}}}," for name, value in fields if value]
    return "\n".join([f"@misc{{{cite['key']},", *lines, "}"])


def workbook_readme(
    package: Package,
    descriptor: Mapping[str, Any],
    tables: Sequence[Table],
    released: dt.datetime | None,
    links: Links,
) -> list[tuple[str, str]]:
    """The README sheet: the same file serves both languages, so each label is "vi / en"."""
    info = package.info
    coverage = temporal_coverage(package)
    cite = citation(package, descriptor, released)
    sources = descriptor.get("sources") or []
    values = {
        "title": info.title,
        "description": info.description,
        "version": info.version,
        "released": released.date().isoformat() if released else "",
        "license": f"{info.license_title} ({info.license_name}) {info.license_url}".strip(),
        "citation": citation_text(cite, "en", links.page(urls.DATA_PAGE, "en") if links.base else ""),
        "coverage": f"{coverage[0]}–{coverage[1]}" if coverage else "",
        "places": "; ".join(spatial_coverage(package, "en")),
        "sources": "; ".join(
            " ".join(str(s.get(k, "")) for k in ("title", "path")).strip()
            for s in sources
            if isinstance(s, Mapping)
        ),
        "sheets": ", ".join(t.name for t in tables),
        "website": links.file(urls.url_of(urls.DATA_PAGE)) if links.base else "",
    }
    return [
        (f"{translate('vi', f'data.readme.{key}')} / {translate('en', f'data.readme.{key}')}", value)
        for key, value in values.items()
        if value
    ]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def markdown_text(value: object) -> str:
    r"""Text placed in a Markdown paragraph or table cell, shown as written.

    >>> markdown_text("a|b <c> *d*")
    'a\\|b &lt;c&gt; \\*d\\*'
    """
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def markdown_code(value: object) -> str:
    """A code span that survives backticks in the text."""
    text = str(value)
    fence = "`" * (max((len(m) for m in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def size_text(size: int, language: str) -> str:
    return translate(language, "data.bytes", size=format_number(size, language))


def placeholder_message(language: str, key: str) -> str:
    """A problem message with its placeholders shown as "…", for the list of what is checked."""
    template = catalogue(language)[key]
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**dict.fromkeys(names, "…"))


def check_description(check: Callable[..., Any], language: str) -> str:
    """A check's description from the catalogue; its docstring (English) if it has none yet."""
    key = f"data.checks.{check.__name__}"
    if key in catalogue(language):
        return translate(language, key)
    return " ".join((check.__doc__ or check.__name__).split())


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, escaped cell by cell with the `md` filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["md"] = markdown_text
    environment.filters["code"] = markdown_code
    return environment


environment = cache(_environment)


def render_pages(build: Build, language: str) -> list[Page]:
    pages = []
    for page, template, context in (
        (urls.DATA_PAGE, "data.md.j2", data_context(build, language)),
        (urls.DATA_QUALITY_PAGE, "data-quality.md.j2", quality_context(build, language)),
        (urls.CHANGES_PAGE, "changes.md.j2", changes_context(build, language)),
        (urls.DEVELOPERS_PAGE, "developers.md.j2", developers_context(build, language)),
    ):
        markdown = (
            environment()
            .get_template(template)
            .render(**context, **helpers(build, language, page), language=language)
        )
        pages.append(Page(page, language, markdown))
    return pages


def helpers(build: Build, language: str, page: str) -> dict[str, Any]:
    """The functions every template uses: words, numbers, dates and links from `page`."""
    root = urls.to_site_root(language, page)

    def t(key: str, **params: object) -> str:
        return translate(language, f"data.{key}", **params)

    def link_to(other: str) -> str:
        return relative_link(page, other)

    return {
        "t": t,
        "number": lambda value: format_number(value, language),
        "percent": lambda value: format_percent(value, language),
        "date": lambda value: format_date(value, language),
        "period": lambda value: format_period(value, language),
        "size": lambda value: size_text(value, language),
        "file": lambda path: root + path,
        "page": link_to,
        "indicator_page": lambda indicator_id: link_to(urls.indicator_page(indicator_id)),
        "name": lambda record: getattr(record, f"name_{language}"),
        "figure": lambda observation, indicator: figure_text(observation, indicator, language),
    }


def relative_link(page: str, other: str) -> str:
    """A link from one page to another of the same language, as the engine resolves it.

    >>> relative_link("data/index.md", "developers.md"), relative_link("changes.md", "indicators/x.md")
    ('../developers.md', 'indicators/x.md')
    """
    return posixpath.relpath(other, posixpath.dirname(page) or ".")


def figure_text(observation: Observation, indicator: Indicator, language: str) -> str:
    """A reported value with its unit and qualifier words; "" when the report gives none."""
    if observation.value is None:
        return ""
    unit = getattr(indicator, f"unit_{language}")
    return format_figure(
        observation.value, unit, language, observation.value_qualifier, observation.estimated
    )


# ---------------------------------------------------------------------------------------
# Page contexts.


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """One row of a data dictionary."""

    name: str
    type: str
    required: bool
    constraints: tuple[str, ...]
    description: str


def field_docs(table: Table, language: str) -> list[FieldDoc]:
    """The data dictionary of one table, in `language`, from its schema."""

    def t(key: str, **params: object) -> str:
        return translate(language, f"data.{key}", **params)

    references = {}
    for foreign_key in table.schema.get("foreignKeys", []):
        fields = foreign_key.get("fields")
        target = foreign_key.get("reference", {})
        own = [fields] if isinstance(fields, str) else list(fields or [])
        other = target.get("fields")
        others = [other] if isinstance(other, str) else list(other or [])
        for mine, theirs in zip(own, others, strict=False):
            references[mine] = f"{target.get('resource') or table.name}.{theirs}"
    docs = []
    for field in table.fields:
        name = str(field["name"])
        kind = str(field.get("type", "string"))
        rules = dict(field.get("constraints") or {})
        constraints = []
        if name in table.primary_key:
            constraints.append(t("constraint.primary_key"))
        if rules.get("unique"):
            constraints.append(t("constraint.unique"))
        if "enum" in rules:
            constraints.append(
                t("constraint.enum", values=", ".join(markdown_code(v) for v in rules["enum"]))
            )
        if "pattern" in rules:
            constraints.append(t("constraint.pattern", pattern=markdown_code(rules["pattern"])))
        for bound in ("minimum", "maximum"):
            if bound in rules:
                shown = (
                    str(rules[bound])
                    if kind == "year"
                    else format_number(Decimal(str(rules[bound])), language)
                )
                constraints.append(t(f"constraint.{bound}", value=shown))
        if field.get("format") == "uri":
            constraints.append(t("constraint.uri"))
        if name in references:
            constraints.append(t("constraint.reference", target=markdown_code(references[name])))
        type_key = f"data.types.{kind}"
        docs.append(
            FieldDoc(
                name=name,
                type=translate(language, type_key) if type_key in catalogue(language) else kind,
                required=bool(rules.get("required")),
                constraints=tuple(constraints),
                description=field_description(table.name, field, language),
            )
        )
    return docs


def field_description(resource: str, field: Mapping[str, Any], language: str) -> str:
    """A field's description: the catalogue's for the language, else the schema's (English)."""
    key = f"data.fields.{resource}.{field['name']}"
    if key in catalogue(language):
        return translate(language, key)
    return str(field.get("description", ""))


def resource_text(table: Table, part: str, language: str) -> str:
    """A resource's title or description: the catalogue's for the language, else the descriptor's."""
    key = f"data.resources.{table.name}.{part}"
    if key in catalogue(language):
        return translate(language, key)
    return table.title if part == "title" else table.description


def digest(download: Download) -> str:
    return hashlib.sha256(download.content).hexdigest()


def data_context(build: Build, language: str) -> dict[str, Any]:
    info = build.package.info
    coverage = temporal_coverage(build.package)
    table_files = {urls.resource_download(t.name) for t in build.tables} | {
        f"data/{t.name}.json" for t in build.tables
    }
    files = [
        {"download": d, "kind": file_kind(d.path, build)}
        for d in build.package_files
        if d.path not in table_files
    ]
    cite = citation(build.package, build.descriptor, build.released)
    address = build.links.page(urls.DATA_PAGE, language) if build.links.base else ""
    explain = f"data.license.explain.{info.license_name.replace('.', '_')}"
    tables = [
        {
            "table": table,
            "title": resource_text(table, "title", language),
            "description": resource_text(table, "description", language),
            "csv": build.downloads[urls.resource_download(table.name)],
            "json": build.downloads[f"data/{table.name}.json"],
            "sha256": digest(build.downloads[urls.resource_download(table.name)]),
            "fields": field_docs(table, language),
        }
        for table in build.tables
    ]
    return {
        "info": info,
        "released": build.released,
        "coverage": coverage,
        "limit": MAX_LISTED_FIGURES,
        "places": spatial_coverage(build.package, language),
        "files": files,
        "tables": tables,
        "citation_plain": citation_text(cite, language, address),
        "bibtex": bibtex(cite, language, address),
        "license_explain": translate(language, explain) if explain in catalogue(language) else "",
        "json_ld": json_ld(build, language),
        "pages": {
            "developers": urls.DEVELOPERS_PAGE,
            "quality": urls.DATA_QUALITY_PAGE,
            "changes": urls.CHANGES_PAGE,
        },
    }


def file_kind(path: str, build: Build) -> str:
    """The catalogue key that says what a download is."""
    name = archive_name(build.package)
    if path == f"data/{name}.zip":
        return "zip"
    if path == f"data/{name}.xlsx":
        return "xlsx"
    if path == "data/datapackage.json":
        return "descriptor"
    if path == "data/SHA256SUMS.txt":
        return "checksums"
    if path == urls.api_index():
        return "api_index"
    return "table_csv" if path.endswith(".csv") else "table_json"


def json_ld(build: Build, language: str) -> str:
    """schema.org Dataset, for search engines and data catalogues; safe inside <script>."""
    info = build.package.info
    root = urls.to_site_root(language, urls.DATA_PAGE)
    coverage = temporal_coverage(build.package)
    keywords = build.descriptor.get("keywords") or []
    dataset: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": info.title,
        "description": info.description,
        "version": info.version,
        "license": info.license_url or info.license_name,
        "isAccessibleForFree": True,
        "inLanguage": list(LANGUAGES),
        "keywords": [str(k) for k in keywords],
        "creator": [{"@type": "Organization", "name": name} for name in contributors(build.descriptor)],
        "spatialCoverage": [
            {"@type": "Place", "name": place} for place in spatial_coverage(build.package, "en")
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.path.removeprefix("data/"),
                "encodingFormat": d.media_type.split(";")[0],
                "contentUrl": build.links.file(d.path) if build.links.base else root + d.path,
                "contentSize": f"{len(d.content)} B",
                "sha256": digest(d),
            }
            for d in build.package_files
        ],
    }
    if coverage:
        dataset["temporalCoverage"] = f"{coverage[0]}/{coverage[1]}"
    if build.released:
        dataset["dateModified"] = build.released.date().isoformat()
    if build.links.base:
        dataset["url"] = build.links.page(urls.DATA_PAGE, language)
    # "</" would end the script element early; "<\/" is the same JSON string.
    return to_json(dataset).replace("</", "<\\/")


def quality_context(build: Build, language: str) -> dict[str, Any]:
    package = build.package
    by_id = {a.indicator.id: a for a in build.assessments}
    coverage = []
    for resolution in package.resolutions:
        listed = package.indicators_of(resolution.id)
        coverage.append(
            {
                "resolution": resolution,
                "set": resolution.targets_total,
                "known": len(listed),
                "with_target": sum(1 for i in listed if i.target is not None),
                "with_figure": sum(1 for i in listed if by_id.get(i.id) and by_id[i.id].latest),
            }
        )
    observations = [(o, package.indicator(o.indicator_id)) for o in package.observations]
    problems = sorted(
        key.removeprefix("problems.").removesuffix(".message")
        for key in catalogue(language)
        if key.startswith("problems.") and key.endswith(".message")
    )
    return {
        "tables": len(build.tables),
        "rows": sum(len(t.rows) for t in build.tables),
        "released": build.released,
        "checks": [
            {"name": c.__name__, "description": check_description(c, language)}
            for c in (*checks.TEXT_CHECKS, *checks.PACKAGE_CHECKS)
        ],
        "problems": [
            {"code": code, "message": placeholder_message(language, f"problems.{code}.message")}
            for code in problems
        ],
        "coverage": coverage,
        "limit": MAX_LISTED_FIGURES,
        "estimates": [(o, i) for o, i in observations if o.estimated],
        "bounds": [(o, i) for o, i in observations if o.value_qualifier is not ValueQualifier.EXACT],
        "derived": [a for a in build.assessments if a.target_origin is Origin.DERIVED],
        "disagreements": [a for a in build.assessments if figures.disagrees(a)],
        "source_link": lambda source_id: source_link(package.source(source_id), language),
        "resolution_label": lambda resolution: naming.resolution_short_name(resolution, language),
        "resolution_page": urls.resolution_page,
        "derived_target": lambda assessment: derived_target_text(assessment, language),
        "quantity": lambda value, indicator: format_quantity(
            value, getattr(indicator, f"unit_{language}"), language
        ),
    }


def source_link(source: Source, language: str) -> str:
    """ "Publisher, date" linked to the report when its address is known."""
    text = markdown_text(f"{source.publisher}, {format_date(source.published, language)}")
    return f"[{text}]({source.url})" if source.url else text


def derived_target_text(assessment: Assessment, language: str) -> str:
    """A derived target with its unit, "over"/"under" when the figure it comes from was."""
    if assessment.target is None:
        return ""
    unit = getattr(assessment.indicator, f"unit_{language}")
    return format_figure(assessment.target, unit, language, figures.target_qualifier(assessment))


def changes_context(build: Build, language: str) -> dict[str, Any]:
    known = {i.id for i in build.package.indicators}
    tables = {t.name: t for t in build.tables}
    observation_of = {o.id: o.indicator_id for o in build.package.observations}
    types = {t.name: {str(f["name"]): str(f.get("type", "string")) for f in t.fields} for t in build.tables}

    def cell(resource: str, column: str, text: str) -> str:
        """A cell as the page shows it: numbers and dates formatted, text as written."""
        if text == "":
            return translate(language, "data.changes.empty")
        kind = types.get(resource, {}).get(column)
        try:
            if kind == "number":
                return format_number(Decimal(text), language)
            if kind == "date":
                return format_date(dt.date.fromisoformat(text), language)
        except (ArithmeticError, ValueError):
            pass
        return markdown_text(text)

    def target_of(resource: str, key: tuple[str, ...]) -> str | None:
        """The target a changed row belongs to, when it still exists, for a link."""
        if resource == "indicators":
            found: str | None = key[0]
        elif resource in ("observations", "comparisons"):
            found = observation_of.get(key[0])
        else:
            found = None
        return found if found in known else None

    def row_label(resource: str, key: tuple[str, ...]) -> str:
        label = markdown_code(" · ".join(key))
        target = target_of(resource, key)
        if target is None:
            return label
        return f"[{label}]({relative_link(urls.CHANGES_PAGE, urls.indicator_page(target))})"

    return {
        "history": build.history,
        "limit": MAX_LISTED_CHANGES,
        "cell": cell,
        "row_label": row_label,
        "title": lambda resource: (
            resource_text(tables[resource], "title", language) if resource in tables else resource
        ),
    }


def developers_context(build: Build, language: str) -> dict[str, Any]:
    # The example shows as much of the API as the data allow: a percent, else a figure.
    candidates = [a for a in build.assessments if a.percent is not None] or [
        a for a in build.assessments if a.latest
    ]
    example = min(candidates or build.assessments, key=lambda a: a.indicator.id, default=None)
    index_entry = ""
    if example is not None:
        entry = next(
            e
            for e in api_index(build.package, [example], build.links)["indicators"]
            if e["id"] == example.indicator.id
        )
        index_entry = to_json(entry)
    return {
        "info": build.package.info,
        "archive": archive_name(build.package),
        "resources": [t.name for t in build.tables],
        "assessment_fields": list(assessment_dict(example)) if example else [],
        "methodology": urls.METHODOLOGY_PAGE,
        "schema_version": SCHEMA_VERSION,
        "example": example.indicator.id if example else "",
        "example_entry": index_entry,
        "site_address": build.links.base.rstrip("/"),
        "comparison_columns": list(COMPARISON_COLUMNS.values()),
        "indicator_columns": INDICATOR_TABLE_COLUMNS,
    }
