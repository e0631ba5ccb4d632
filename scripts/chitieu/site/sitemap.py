"""The sitemap: every page of every language with its hreflang alternates, when the site's
address is known (a sitemap needs absolute URLs, and an address is never guessed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

from chitieu.site.urls import DEFAULT_LANGUAGE, language_root, url_of

SITEMAP_NAMESPACES = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'
)


def sitemap(site_url: str, pages: Mapping[str, Iterable[str]], epoch: int) -> bytes:
    """Every page of every language (`pages`: language -> Markdown paths), each with the
    same page in the other languages as hreflang alternates; the default language's page
    is the x-default. Sorted, and dated by the build's one date, so the bytes repeat."""
    date = dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()
    by_path: dict[str, list[str]] = {}
    for language in pages:  # in the site's order: the default language first
        for path in pages[language]:
            by_path.setdefault(path, []).append(language)

    def address(language: str, path: str) -> str:
        return escape(site_url + language_root(language) + url_of(path))

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<urlset {SITEMAP_NAMESPACES}>"]
    for path, languages in sorted(by_path.items()):
        for language in languages:
            lines += ["<url>", f"  <loc>{address(language, path)}</loc>", f"  <lastmod>{date}</lastmod>"]
            if len(languages) > 1:
                alternates = [(other, address(other, path)) for other in languages]
                if DEFAULT_LANGUAGE in languages:
                    alternates.append(("x-default", address(DEFAULT_LANGUAGE, path)))
                lines += [
                    f'  <xhtml:link rel="alternate" hreflang="{name}" href="{href}"/>'
                    for name, href in alternates
                ]
            lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
