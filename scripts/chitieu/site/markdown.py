"""The engine's Markdown dialect (Python-Markdown), written safely: the one escaper.

Everything a page prints from the data goes through `text`, so that a name holding
`<script>` or `[a](b)` shows as text; only the functions here that build markup on
purpose (a link, a code span, a raw HTML block, the front matter) return it unescaped.
They return `Markup`, which the template environment (pages/environment.py) prints as it
is; any other value it escapes with `text`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from urllib.parse import quote

from markupsafe import Markup

# Python-Markdown's escapable characters plus the table pipe; a backslash before any of
# them prints the character itself, so data can never start a link, list or table cell.
# `<`, `>` and `&` become HTML entities instead, which Markdown passes through as text.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# Runs of whitespace that become one space, so that text stays on one line (a newline
# would end a table row). Not the no-break spaces: the formatter puts one between a
# number and its "%" so that a phone never wraps the sign to the next line.
_BREAKING_WHITESPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")
# Characters kept as they are in a link target; the rest (spaces, parentheses, angle
# brackets) is percent-encoded so that it cannot end the Markdown link.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"


def text(value: object) -> Markup:
    r"""Text from the data, safe to print anywhere in Markdown (also inside a table cell).

    >>> print(text("<script>x</script> [a](b)"))
    &lt;script&gt;x&lt;/script&gt; \[a\]\(b\)
    """
    if isinstance(value, Markup):
        return value
    plain = _BREAKING_WHITESPACE.sub(" ", str(value)).strip()
    return Markup(html.escape(_SPECIAL.sub(r"\\\1", plain), quote=True))


def plain(markdown: str) -> str:
    """The text a reader sees of Markdown that `text` escaped (for an attribute).

    >>> plain(text("a.b <c>"))
    'a.b <c>'
    """
    return html.unescape(_ESCAPED.sub(r"\1", str(markdown)))


def code(value: object) -> Markup:
    """A code span that shows `value` as written, backticks included.

    >>> print(code("a`b")), print(code("plain"))
    ``a`b``
    `plain`
    (None, None)
    """
    written = str(value)
    fence = "`" * (max((len(m) for m in re.findall("`+", written)), default=0) + 1)
    pad = " " if written.startswith("`") or written.endswith("`") else ""
    return Markup(f"{fence}{pad}{written}{pad}{fence}")


def href(url: str) -> Markup:
    """A link target: what would end the Markdown link is percent-encoded."""
    return Markup(quote(url, safe=_URL_SAFE))


def link(label: object, target: str) -> Markup:
    """A Markdown link: `label` escaped unless it is markup already, `target` encoded."""
    return Markup(f"[{text(label)}]({href(target)})")


def raw_block(markup: str) -> Markup:
    """Raw HTML as one block: a blank line would end it and let Markdown read the rest."""
    return Markup("\n".join(line for line in markup.strip().splitlines() if line.strip()))


# A chart stands in its page's Markdown as an empty figure naming its SVG by digest; the
# site stage writes the SVG in once the engine has made the page's HTML (`fill_charts`).
# Markdown then never reads the hundreds of elements of an SVG (a third of the engine's
# time on a page with a chart), nor holds each one twice. Out of the search index: its
# labels would read as one run-on word there, and the same numbers are in the page's text.
_CHART = '<figure class="ct-chart" data-search-exclude{}>'
_CHART_SLOT = re.compile(
    r'<figure class="ct-chart" data-search-exclude data-chart="([0-9a-f]{64})"></figure>'
)


def chart_slot(digest: str) -> Markup:
    """Where the chart whose SVG has this digest goes in a page."""
    return Markup(_CHART.format(f' data-chart="{digest}"') + "</figure>")


def has_charts(page_markdown: str) -> bool:
    return _CHART_SLOT.search(page_markdown) is not None


def fill_charts(page_html: str, svg_of: Callable[[str], str]) -> str:
    """The page with each chart slot holding its SVG (`svg_of(digest)`), inline, so that
    the chart shows with JavaScript off."""
    return _CHART_SLOT.sub(
        lambda slot: raw_block(f"{_CHART.format('')}\n{svg_of(slot[1])}\n</figure>"), page_html
    )


def front_matter(
    description: object, image: str | None = None, image_alt: str | None = None, bare: str | None = None
) -> Markup:
    """YAML front matter with the page's meta description (the theme prints it raw into an
    attribute, so it is HTML-escaped here; JSON strings are valid YAML). `description` is
    Markdown from the catalogue: its escapes are undone first. `image` and `image_alt`, a
    share card's absolute address and words, are written as they are (overrides/main.html
    escapes them). A page for elsewhere (an embeddable view, a sheet to print) names its
    own `bare` template (overrides/embed.html, sheet.html) and stays out of the search."""
    shown = html.escape(" ".join(plain(str(description)).split()), quote=True)
    lines = [f"description: {json.dumps(shown, ensure_ascii=False)}"]
    if image is not None:
        lines.append(f"image: {json.dumps(image, ensure_ascii=False)}")
        lines.append(f"image_alt: {json.dumps(image_alt or '', ensure_ascii=False)}")
    if bare:
        lines += [f"template: {json.dumps(bare)}", "search:", "  exclude: true"]
    return Markup("---\n" + "\n".join(lines) + "\n---\n")
