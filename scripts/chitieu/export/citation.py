"""How the data set is cited and described to catalogues: authors, coverage, a plain
citation, BibTeX and schema.org JSON-LD."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from chitieu.messages import translate
from chitieu.records import (
    Package,
)

# ---------------------------------------------------------------------------------------
# Words: the README sheet, the citation and the pages.


def spatial_coverage(package: Package, language: str) -> list[str]:
    return sorted({getattr(r, f"jurisdiction_{language}") for r in package.resolutions})


def temporal_coverage(package: Package) -> tuple[int, int] | None:
    if not package.resolutions:
        return None
    return min(r.period_start for r in package.resolutions), max(r.period_end for r in package.resolutions)


def citation(package: Package, released: dt.datetime | None) -> dict[str, str]:
    """The parts of the data set's citation; the words around them come from the catalogue."""
    info = package.info
    return {
        "authors": ", ".join(info.contributors) or info.name,
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
