"""The /data/ page: the licence, how to cite the data, every download, and each table's
data dictionary (its fields, their types and rules), with the data set's JSON-LD."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from markupsafe import Markup

from chitieu.export import Export
from chitieu.export.archives import archive_name, digest
from chitieu.export.citation import bibtex, citation, citation_text, spatial_coverage, temporal_coverage
from chitieu.export.json import to_json
from chitieu.export.tables import Table
from chitieu.formatting import format_number
from chitieu.ingest.schema import Field
from chitieu.messages import LANGUAGES, catalogue, translate
from chitieu.pages.writer import Writer
from chitieu.records import Package, Page
from chitieu.site import markdown, urls

# The data-quality page lists this many estimates (bounds, ...), then points at the data:
# a national package has thousands, and a page of megabytes helps nobody on a phone.
MAX_LISTED_FIGURES = 100


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [partial(data_page, writer)] if writer.site.data is not None else []


def data_page(writer: Writer) -> Page:
    site, language = writer.site, writer.language
    assert site.data is not None
    package, export, released = site.package, site.data.export, site.data.released
    table_files = {urls.resource_download(t.name) for t in export.tables}
    table_files |= {f"data/{t.name}.json" for t in export.tables}
    files = [
        {"download": d, "kind": file_kind(d.path, package)}
        for d in export.package_files(package)
        if d.path not in table_files
    ]
    cite = citation(package, released)
    address = site.links.page(urls.DATA_PAGE, language) if site.links.base else ""
    explain = f"data.license.explain.{package.info.license_name.replace('.', '_')}"
    return writer.render(
        "data.md.j2",
        urls.DATA_PAGE,
        words="data",
        info=package.info,
        released=released,
        coverage=temporal_coverage(package),
        places=spatial_coverage(package, language),
        files=files,
        tables=[_table(table, export, language) for table in export.tables],
        citation_plain=citation_text(cite, language, address),
        bibtex=Markup(bibtex(cite, language, address)),
        license_explain=Markup(translate(language, explain)) if explain in catalogue(language) else "",
        json_ld=Markup(json_ld(package, export, site.data.released, site.links, language)),
        pages={
            "developers": urls.DEVELOPERS_PAGE,
            "quality": urls.DATA_QUALITY_PAGE,
            "changes": urls.CHANGES_PAGE,
        },
    )


def _table(table: Table, export: Export, language: str) -> dict[str, Any]:
    files = export.by_path()
    csv = files[urls.resource_download(table.name)]
    return {
        "table": table,
        "title": resource_text(table, "title", language),
        "description": resource_text(table, "description", language),
        "csv": csv,
        "json": files[f"data/{table.name}.json"],
        "sha256": digest(csv),
        "fields": field_docs(table, language),
    }


def file_kind(path: str, package: Package) -> str:
    """The catalogue key that says what a download is."""
    name = archive_name(package)
    kinds = {
        f"data/{name}.zip": "zip",
        f"data/{name}.xlsx": "xlsx",
        "data/datapackage.json": "descriptor",
        "data/SHA256SUMS.txt": "checksums",
        urls.api_index(): "api_index",
    }
    return kinds.get(path, "table_csv" if path.endswith(".csv") else "table_json")


def resource_text(table: Table, part: str, language: str) -> str:
    """A resource's title or description: the catalogue's for the language, else the descriptor's."""
    key = f"data.resources.{table.name}.{part}"
    if key in catalogue(language):
        return translate(language, key)
    return table.title if part == "title" else table.description


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """One row of a data dictionary."""

    name: str
    type: str
    required: bool
    constraints: tuple[Markup, ...]
    description: str


def field_docs(table: Table, language: str) -> list[FieldDoc]:
    """The data dictionary of one table, in `language`, from its schema."""

    def t(key: str, **params: object) -> Markup:
        safe = {k: v if isinstance(v, Markup) else markdown.text(v) for k, v in params.items()}
        return Markup(translate(language, f"data.{key}", **safe))

    references = {
        mine: f"{key.resource}.{theirs}"
        for key in table.schema.foreign_keys
        for mine, theirs in zip(key.fields, key.reference_fields, strict=True)
    }
    docs = []
    for field in table.fields:
        name, kind, rules = field.name, field.type, field.constraints
        constraints = [t("constraint.primary_key")] if name in table.primary_key else []
        if rules.get("unique"):
            constraints.append(t("constraint.unique"))
        if "enum" in rules:
            values = Markup(", ").join(markdown.code(v) for v in rules["enum"])
            constraints.append(t("constraint.enum", values=values))
        if "pattern" in rules:
            constraints.append(t("constraint.pattern", pattern=markdown.code(rules["pattern"])))
        for bound in ("minimum", "maximum"):
            if bound in rules:
                value = rules[bound]
                shown = str(value) if kind == "year" else format_number(Decimal(str(value)), language)
                constraints.append(t(f"constraint.{bound}", value=shown))
        if field.format == "uri":
            constraints.append(t("constraint.uri"))
        if name in references:
            constraints.append(t("constraint.reference", target=markdown.code(references[name])))
        type_key = f"data.types.{kind}"
        docs.append(
            FieldDoc(
                name=name,
                type=translate(language, type_key) if type_key in catalogue(language) else kind,
                required=field.required,
                constraints=tuple(constraints),
                description=field_description(table.name, field, language),
            )
        )
    return docs


def field_description(resource: str, field: Field, language: str) -> str:
    """A field's description: the catalogue's for the language, else the schema's (English)."""
    key = f"data.fields.{resource}.{field.name}"
    if key in catalogue(language):
        return translate(language, key)
    return field.description


def json_ld(package: Package, export: Export, released: Any, links: urls.Links, language: str) -> str:
    """schema.org Dataset, for search engines and data catalogues; safe inside <script>."""
    info = package.info
    root = urls.to_site_root(language, urls.DATA_PAGE)
    coverage = temporal_coverage(package)
    dataset: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": info.title,
        "description": info.description,
        "version": info.version,
        "license": info.license_url or info.license_name,
        "isAccessibleForFree": True,
        "inLanguage": list(LANGUAGES),
        "keywords": list(info.keywords),
        "creator": [{"@type": "Organization", "name": name} for name in info.contributors],
        "spatialCoverage": [{"@type": "Place", "name": place} for place in spatial_coverage(package, "en")],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.path.removeprefix("data/"),
                "encodingFormat": d.media_type.split(";")[0],
                "contentUrl": links.file(d.path) if links.base else root + d.path,
                "contentSize": f"{len(d.content)} B",
                "sha256": digest(d),
            }
            for d in export.package_files(package)
        ],
    }
    if coverage:
        dataset["temporalCoverage"] = f"{coverage[0]}/{coverage[1]}"
    if released:
        dataset["dateModified"] = released.date().isoformat()
    if links.base:
        dataset["url"] = links.page(urls.DATA_PAGE, language)
    # "</" would end the script element early; "<\/" is the same JSON string.
    return to_json(dataset).replace("</", "<\\/")
