"""The /changes/ page: what changed in the data, commit by commit, from its git history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from markupsafe import Markup

from chitieu.formatting import format_date, format_number
from chitieu.messages import translate
from chitieu.pages.data import resource_text
from chitieu.pages.writer import Writer
from chitieu.records import Page
from chitieu.site import markdown, urls

# A commit that touches thousands of rows lists this many per table, then counts the rest.
MAX_LISTED_CHANGES = 50


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [partial(changes_page, writer)] if writer.site.data is not None else []


def changes_page(writer: Writer) -> Page:
    site, language = writer.site, writer.language
    assert site.data is not None
    package = site.package
    tables = {t.name: t for t in site.data.export.tables}
    known = {i.id for i in package.indicators}
    observation_of = {o.id: o.indicator_id for o in package.observations}
    types = {t.name: {f.name: f.type for f in t.fields} for t in tables.values()}

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
        return text

    def row_label(resource: str, key: tuple[str, ...]) -> Markup:
        """The changed row's key, linked to its target's page when the target still exists."""
        label = markdown.code(" · ".join(key))
        if resource == "indicators":
            target: str | None = key[0]
        elif resource in ("observations", "comparisons"):
            target = observation_of.get(key[0])
        else:
            target = None
        if target not in known or target is None:
            return label
        return Markup(f"[{label}]({urls.relative(urls.indicator_page(target), urls.CHANGES_PAGE)})")

    def title(resource: str) -> str:
        return resource_text(tables[resource], "title", language) if resource in tables else resource

    return writer.render(
        "changes.md.j2",
        urls.CHANGES_PAGE,
        words="data",
        history=site.data.history,
        limit=MAX_LISTED_CHANGES,
        cell=cell,
        row_label=row_label,
        title=title,
    )
