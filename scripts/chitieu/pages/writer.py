"""Writes one page: the one template environment, the helpers a template sees, and the
hand-written introduction a generated page may have.

The environment escapes unless told otherwise: every `{{ }}` that is not `Markup` goes
through `site.markdown.text`, so a name holding `<script>` or `[a](b)` shows as text;
only helpers that build markup on purpose return `Markup`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from chitieu.pages.helpers import HELPERS, Helpers
from chitieu.pages.inputs import SiteData
from chitieu.records import Origin, Page, Status
from chitieu.site import markdown, urls

TEMPLATES = Path(__file__).parent.parent / "templates"


def _finalize(value: object) -> object:
    """Every `{{ }}` of a template: escaped unless a helper built it as markup."""
    if value is None:
        return ""
    return markdown.text(value)


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        # On, so that macros and helpers return Markup; `_finalize` then escapes every
        # other value for Markdown and HTML at once.
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class Writer:
    """The pages of one language: each kind of page (pages/<kind>.py) asks it to render."""

    def __init__(self, site: SiteData, language: str, docs: Path) -> None:
        self.site = site
        self.language = language
        self.docs = docs

    def intro(self, page: str) -> Markup:
        """The hand-written part of a generated page, printed as written."""
        path = self.docs / self.language / page
        return Markup(path.read_text(encoding="utf-8").strip() + "\n") if path.is_file() else Markup("")

    def render(self, template: str, page: str, words: str = "site", **context: Any) -> Page:
        """The page `page` from `template`; its words come from the catalogue `words`."""
        helpers = Helpers(self.site, self.language, page, words)
        markdown_text = (
            environment()
            .get_template(template)
            .render(
                **{name: getattr(helpers, name) for name in HELPERS},
                language=self.language,
                package=self.site.package,
                Status=Status,
                Origin=Origin,
                urls=urls,
                **context,
            )
        )
        # One trailing newline and no runs of blank lines, whatever the template's spacing.
        markdown_text = re.sub(r"\n{3,}", "\n\n", markdown_text).strip() + "\n"
        return Page(path=page, language=self.language, markdown=markdown_text)
