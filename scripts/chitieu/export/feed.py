"""An Atom feed of the changes to the data, one per language (`changes/feed.xml`): a reader
or a newsroom follows the data without visiting the site. Made from the history the
pipeline read; an entry per commit that changed a table, newest first, with what changed
in words. Same history, same bytes.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from chitieu.formatting import format_number
from chitieu.history import Commit, History, TableChange
from chitieu.messages import translate
from chitieu.site import urls

ATOM_TYPE = "application/atom+xml"
# A feed is for what changed lately; the changes page has the whole history.
MAX_ENTRIES = 50


def feed_path(language: str) -> str:
    """Where a language's feed is, below the site root: changes/feed.xml, en/changes/feed.xml."""
    return urls.language_root(language) + urls.url_of(urls.CHANGES_PAGE) + "feed.xml"


def atom_feed(history: History, title: str, language: str, links: urls.Links, built_at: dt.datetime) -> bytes:
    """The feed of `history` in `language`. Its links are absolute when the site's address
    is known, else relative to the feed itself (the changes page is its own folder)."""
    page = links.page(urls.CHANGES_PAGE, language) if links.base else "./"
    updated = history.commits[0].date if history.commits else built_at
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language}">',
        f"  <title>{escape(translate(language, 'data.feed.title', title=title))}</title>",
        f"  <id>{escape(_id(links, language, 'changes'))}</id>",
        f"  <updated>{updated.isoformat()}</updated>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(page)}/>',
        f"  <author><name>{escape(title)}</name></author>",
    ]
    for commit in history.commits[:MAX_ENTRIES]:
        lines += _entry(commit, language, links, page)
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _id(links: urls.Links, language: str, what: str) -> str:
    """A stable id: the address when it is known, else a URN that no address can change."""
    return links.file(feed_path(language)) + f"#{what}" if links.base else f"urn:chitieu:{language}:{what}"


def _entry(commit: Commit, language: str, links: urls.Links, page: str) -> list[str]:
    summary = " ".join(_table_words(change, language) for change in commit.tables)
    if commit.descriptor_changed and not commit.tables:
        summary = translate(language, "data.changes.descriptor")
    return [
        "  <entry>",
        f"    <title>{escape(commit.subject)}</title>",
        f"    <id>{escape(_id(links, language, commit.id))}</id>",
        f"    <updated>{commit.date.isoformat()}</updated>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(page)}/>',
        f"    <summary>{escape(summary)}</summary>",
        "  </entry>",
    ]


def _table_words(change: TableChange, language: str) -> str:
    """ "observations: 1 added, 2 revised, 0 removed." in the language's words."""

    def n(count: int | None) -> str:
        return format_number(count or 0, language)

    if change.created:
        what = translate(language, "data.changes.created", rows=n(change.rows_after))
    elif change.deleted:
        what = translate(language, "data.changes.deleted", rows=n(change.rows_before))
    else:
        what = translate(
            language,
            "data.changes.counts",
            added=n(len(change.added)),
            revised=n(len(change.revised)),
            removed=n(len(change.removed)),
        )
    return f"{change.resource}: {what}"
