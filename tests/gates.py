"""The quality gates that read the built site as files (no browser needed): every
internal link, asset and #anchor resolves; every page has a title, a description and its
language. The browser gates (tests/browser/test_quality_gates.py) and the maintainer's
edits (tests/integration/test_maintainer_edits.py) hold a site to the same functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that point at something the browser fetches or the reader follows.
_LINK_ATTRIBUTES = ("href", "src", "poster", "data")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


# ---------------------------------------------------------------------------------------
# The site as files: every page, its links and its head.


@dataclass
class SitePage(HTMLParser):
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    lang: str = ""
    title: str = ""
    description: str | None = None
    charts: int = 0  # <figure class="ct-chart">
    _in_title: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "title":
            self._in_title = True
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content", "")
        if tag == "figure" and "ct-chart" in values.get("class", "").split():
            self.charts += 1
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        self.links += [values[name] for name in _LINK_ATTRIBUTES if values.get(name)]
        if values.get("srcset"):
            self.links += [part.split()[0] for part in values["srcset"].split(",") if part.strip()]
        if tag == "svg" or tag == "use":
            self.links += [values[n] for n in ("xlink:href",) if values.get(n)]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse_page(path: Path) -> SitePage:
    page = SitePage()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@dataclass(frozen=True)
class SiteFiles:
    root: Path
    pages: dict[str, SitePage]  # URL path (/en/about/) -> parsed page

    def file(self, url: str) -> Path | None:
        """The file a static server sends for `url`, or None (a 404)."""
        path = self.root / unquote(urlsplit(url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None


def url_of(root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return "/" + relative.removesuffix("index.html")


def site_files(root: Path) -> SiteFiles:
    """Every HTML page of the built site at `root`, parsed."""
    pages = {
        url_of(root, path): parse_page(path)
        for path in sorted(root.rglob("*.html"))
        if "assets" not in path.relative_to(root).parts
    }
    return SiteFiles(root, pages)


@dataclass(frozen=True)
class LinkCheck:
    checked: int
    stylesheets: int
    broken: list[tuple[str, str, str]]


def check_links(files: SiteFiles) -> LinkCheck:
    """Every internal link and asset of every page and stylesheet, #anchors included."""
    checked = 0
    broken = []
    for url, page in files.pages.items():
        if url == "/404.html" or url == "/en/404.html":  # served at any address: relative to none
            continue
        for link in page.links:
            if _EXTERNAL.match(link):
                continue
            checked += 1
            target = urljoin(url, link)
            path, fragment = urlsplit(target).path, urlsplit(target).fragment
            found = files.file(path)
            if found is None:
                broken.append((url, link, "no such file"))
            elif fragment and path.endswith("/") and unquote(fragment) not in files.pages[path].ids:
                broken.append((url, link, "no such anchor"))
    stylesheets = sorted(p for p in files.root.rglob("*.css"))
    for css in stylesheets:
        code = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.DOTALL)
        base = url_of(files.root, css)
        for link in _CSS_URL.findall(code):
            if _EXTERNAL.match(link) or link.startswith("#"):
                continue
            checked += 1
            if files.file(urljoin(base, link)) is None:
                broken.append((base, link, "no such file"))
    return LinkCheck(checked, len(stylesheets), broken)


def wrong_heads(files: SiteFiles) -> list[tuple[str, str, str | None]]:
    """(page, what, value) for every page whose lang, title or description is wrong or missing."""
    wrong: list[tuple[str, str, str | None]] = []
    for url, page in files.pages.items():
        language = "en" if url.startswith("/en/") else "vi"
        if page.lang != language:
            wrong.append((url, "lang", page.lang))
        if not page.title.strip():
            wrong.append((url, "title", page.title))
        if not (page.description or "").strip():
            wrong.append((url, "description", page.description))
    return wrong
