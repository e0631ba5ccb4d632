"""How a record is named in words, the same on every page, chart, download and diff.

A resolution's name says who set it, when, and what it is: a Party congress's term
resolution, an annual resolution, or a People's Committee's plan (never called a
resolution). The words live in `locales/<language>/naming.toml`; this module picks them.
"""

from __future__ import annotations

from chitieu.formatting import format_period
from chitieu.messages import translate
from chitieu.records import Issuer, Resolution, ResolutionKind


def years(resolution: Resolution, language: str) -> str:
    """The resolution's period: 2018, or 2020–2025."""
    start, end = resolution.period_start, resolution.period_end
    return format_period(str(start) if start == end else f"{start}-{end}", language)


def resolution_title(resolution: Resolution, language: str) -> str:
    """ "Nghị quyết Đại hội XII Đảng bộ thị xã Kiến Tường, nhiệm kỳ 2020–2025" and the like.

    >>> r = Resolution("r", "", "Party Committee", "", "", "XII", ResolutionKind.TERM, 2020, 2025, 1, "")
    >>> resolution_title(r, "en")
    'Party Committee, XII Congress resolution, term 2020–2025'
    """
    body = resolution.body_vi if language == "vi" else resolution.body_en
    params = {"body": body, "years": years(resolution, language), "congress": resolution.congress}
    if resolution.issuer is Issuer.PEOPLES_COMMITTEE:  # a plan, not a resolution
        key = f"plan_{resolution.kind.value}"
    elif resolution.kind is ResolutionKind.ANNUAL:
        key = "annual"
    else:
        key = "congress" if resolution.congress else "term"
    return translate(language, f"naming.resolution.{key}", **params)


def resolution_short_name(resolution: Resolution, language: str) -> str:
    """Who and when, where room is short (a chart, a table cell): "Đảng bộ …, 2020–2025"."""
    body = resolution.body_vi if language == "vi" else resolution.body_en
    return translate(language, "naming.resolution.short", body=body, years=years(resolution, language))
