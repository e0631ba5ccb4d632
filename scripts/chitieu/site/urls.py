"""The site's URL scheme, in one place: people link to these URLs, so they never move.

Pages are Markdown files under each language's docs root; the engine serves
`indicators/<id>.md` at `/indicators/<id>/` (and `/en/indicators/<id>/` in English).
Downloads and the API are one set of files at the site root, shared by both languages,
so a link from a page to them is relative and climbs out of the language folder.
"""

from __future__ import annotations

from chitieu.records import Area

DEFAULT_LANGUAGE = "vi"  # served at /, the other languages at /<language>/


def indicator_page(indicator_id: str) -> str:
    return f"indicators/{indicator_id}.md"


def resolution_page(resolution_id: str) -> str:
    return f"resolutions/{resolution_id}.md"


def area_page(area: Area) -> str:
    return f"areas/{area.value}.md"


def series_page(series_id: str) -> str:
    return f"series/{series_id}.md"


def place_page(place_id: str) -> str:
    return f"places/{place_id}.md"


# The embeddable views of pages (an iframe in another site) and the printable sheets:
# kept out of the sitemap and the search, since a reader looking for a target wants its page.
EMBED_ROOT = "embed/"
PRINT_ROOT = "print/"
UNLISTED_ROOTS = (EMBED_ROOT, PRINT_ROOT)


def embed_page(page: str) -> str:
    """The embeddable view of a target's or resolution's page: "embed/indicators/<id>.md"."""
    return EMBED_ROOT + page


def sheet_page(resolution_id: str) -> str:
    """A resolution's one-page A4 sheet, to print: "print/resolutions/<id>.md"."""
    return PRINT_ROOT + resolution_page(resolution_id)


def chart_file(key: str, language: str) -> str:
    """Site-root path of a chart as an SVG file: "charts/vi/indicator/<id>.svg"."""
    return f"charts/{language}/{key}.svg"


PLACES_PAGE = "places/index.md"
SERIES_PAGE = "series/index.md"
HOME_PAGE = "index.md"
DATA_PAGE = "data/index.md"
DATA_QUALITY_PAGE = "data-quality.md"
CHANGES_PAGE = "changes.md"
DEVELOPERS_PAGE = "developers.md"
METHODOLOGY_PAGE = "methodology.md"
ABOUT_PAGE = "about.md"
GUIDE_PAGE = "guide.md"


def language_root(language: str) -> str:
    """The path of a language's root below the site's: "" for the default, "en/" for English."""
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def relative(target: str, page: str) -> str:
    """The link from `page` to `target`, both Markdown paths of the same language, as the
    engine resolves it (posixpath.relpath without its file-system calls, which cost more
    than the rest of a page).

    >>> relative("indicators/a.md", "resolutions/r.md"), relative("areas/x.md", "index.md")
    ('../indicators/a.md', 'areas/x.md')
    >>> relative("developers.md", "data/index.md")
    '../developers.md'
    """
    here = page.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


class Links:
    """Where each file and page is: relative to the site root, or absolute when the site's
    address is known (the API, the citation, the sitemap)."""

    def __init__(self, site_url: str | None) -> None:
        self.base = site_url.rstrip("/") + "/" if site_url else ""

    def file(self, path: str) -> str:
        return self.base + path

    def page(self, page: str, language: str) -> str:
        return self.base + language_root(language) + url_of(page)


def url_of(page: str) -> str:
    """The URL path (relative to the language root) at which `page` is served."""
    if page == "index.md":
        return ""
    if page.endswith("/index.md"):
        return page.removesuffix("index.md")
    return page.removesuffix(".md") + "/"


def to_site_root(language: str, page: str) -> str:
    """The relative prefix that leads from `page` in `language` to the site root.

    >>> to_site_root("vi", "indicators/x.md")
    '../../'
    >>> to_site_root("en", "index.md")
    '../'
    """
    depth = url_of(page).count("/") + (0 if language == DEFAULT_LANGUAGE else 1)
    return "../" * depth


def resource_download(resource: str) -> str:
    """Site-root path of a resource's CSV, byte-identical to datapackage/."""
    return f"data/{resource}.csv"


def indicator_download(indicator_id: str, extension: str) -> str:
    """Site-root path of one indicator's figures as csv or json."""
    return f"data/indicators/{indicator_id}.{extension}"


def share_card(page: str, language: str) -> str:
    """Site-root path of a page's share card: "cards/<language>/indicators/<id>.png"."""
    return f"cards/{language}/{page.removesuffix('.md')}.png"


def api_index() -> str:
    return "api/indicators.json"


def api_indicator(indicator_id: str) -> str:
    return f"api/indicators/{indicator_id}.json"
