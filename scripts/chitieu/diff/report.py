"""`chitieu diff` in words: a `DataDiff` told as sentences a maintainer reads.

in: DataDiff, the two sides compared (commits or the working tree), a language.
out: str: text for a terminal, Markdown for a GitHub job summary, or JSON for programs.

One sentence per change, about a target or a statement: "Sản lượng lương thực: trên
182.000 → trên 182.500 tấn (Báo Long An, 23/09/2023)". Every word is in
`locales/<language>/diff.toml`, except the status words (`status.toml`, the site's own)
and a resolution's title (the site's `resolution.title_*`, so that it is named as on its
page). Numbers and dates go through `formatting`. In Markdown every sentence is escaped
whole, so that text from the data shows as written and can start no link, tag or list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from chitieu import formatting, naming
from chitieu.diff.compare import Cell, DataDiff, Kind, RowChange, StatusChange, Table
from chitieu.export.json import record_dict, to_json
from chitieu.messages import translate
from chitieu.records import (
    Comparison,
    CountKind,
    Indicator,
    Observation,
    ProgressReport,
    Resolution,
    Source,
    TargetQualifier,
)

# The cells told together in one sentence; any other changed cell gets a sentence of its own.
FIGURE_FIELDS = frozenset({"value", "value_qualifier", "estimated"})
TARGET_FIELDS = frozenset({"target", "target_qualifier", "target_year"})
COUNT_FIELDS = frozenset({"targets_met", "targets_total"})
# Integer columns that hold a year: written as they are (2026), never as a quantity (2.026).
YEAR_FIELDS = frozenset({"target_year", "baseline_year", "period_start", "period_end"})
# Every ASCII punctuation character may be backslash-escaped in CommonMark and GitHub's
# Markdown, which then prints it as it is: no link, emphasis, tag, entity, table or math.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Line breaks and tabs become one space (a newline would end the list item); not the
# no-break space the formatter keeps between a number and its "%".
_BREAKING_WHITESPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


@dataclass(frozen=True, slots=True)
class Side:
    """One version compared: a commit as the user named it, or the working tree."""

    revision: str | None  # "HEAD", "main", "a1b2c3d"...; None: the files as they are now
    commit: str | None = None  # the commit's full id


def markdown_text(text: str) -> str:
    r"""A sentence shown as written in GitHub's Markdown.

    >>> markdown_text("<b>[a](https://x)</b> *1.5*")
    '\\<b\\>\\[a\\]\\(https\\:\\/\\/x\\)\\<\\/b\\> \\*1\\.5\\*'
    """
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", _BREAKING_WHITESPACE.sub(" ", text).strip())


def side_label(side: Side, language: str) -> str:
    """A side in words: "HEAD (1a2b3c4)", or the files as they are now."""
    if side.revision is None:
        return translate(language, "diff.working_tree")
    if side.commit is not None and side.commit.startswith(side.revision.lower()):
        return side.revision  # already the commit's id: "a1b2c3d", not "a1b2c3d (a1b2c3d)"
    return translate(language, "diff.commit", revision=side.revision, short=(side.commit or "")[:7])


def render(diff: DataDiff, old: Side, new: Side, language: str, output_format: str) -> str:
    """The whole report as "text", "markdown" or "json"."""
    if output_format == "json":
        return _json(diff, old, new, language)
    words = _Words(language)
    sides = {"old": side_label(old, language), "new": side_label(new, language)}
    if diff.unchanged:
        summary = words.t("nothing", **sides)
        return markdown_text(summary) if output_format == "markdown" else summary
    lines = sentences(diff, language)
    heading = words.t("heading", **sides, count=formatting.format_number(len(lines), language))
    if output_format == "markdown":
        return "\n".join([f"### {markdown_text(heading)}", "", *(f"- {markdown_text(s)}" for s in lines)])
    return "\n".join([heading, *(f"- {s}" for s in lines)])


def sentences(diff: DataDiff, language: str) -> list[str]:
    """Every change in words: rows table by table, then the statuses that changed."""
    words = _Words(language)
    found = [s for change in diff.rows for s in row_sentences(change, words)]
    return found + [status_sentence(change, words) for change in diff.statuses]


def row_sentences(change: RowChange, words: _Words) -> list[str]:
    return _BY_TABLE[change.table](change, words)


def status_sentence(change: StatusChange, words: _Words) -> str:
    old, new = words.status(change.old.value), words.status(change.new.value)
    return words.t("status.changed", name=words.name(change.indicator), old=old, new=new)


class _Words:
    """The catalogue and the formatter, bound to one language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def t(self, key: str, /, **params: object) -> str:
        return translate(self.language, f"diff.{key}", **params)

    def local(self, record: object, field: str) -> str:
        value = getattr(record, f"{field}_{self.language}")
        return "" if value is None else str(value)

    def name(self, indicator: Indicator | None) -> str:
        return self.local(indicator, "name") if indicator is not None else ""

    def status(self, status: str) -> str:
        return translate(self.language, f"status.label.{status}")

    def source(self, source: Source | None) -> str:
        if source is None:
            return ""
        date = formatting.format_date(source.published, self.language)
        return self.t("source.label", publisher=source.publisher, date=date)

    def resolution(self, resolution: Resolution | None) -> str:
        """Its title as the site names it."""
        return "" if resolution is None else naming.resolution_title(resolution, self.language)

    def period(self, period: str) -> str:
        return formatting.format_period(period, self.language)

    def figure(self, observation: Observation, indicator: Indicator | None, unit: bool = True) -> str:
        """The value as reported ("trên 182.000 tấn (ước)"), without its unit when told once."""
        if observation.value is None:
            return self.t("no_value")
        if unit and indicator is not None:
            return formatting.format_figure(
                observation.value,
                self.local(indicator, "unit"),
                self.language,
                observation.value_qualifier,
                observation.estimated,
            )
        number = formatting.format_number(observation.value, self.language)
        return formatting.qualify(number, observation.value_qualifier, observation.estimated, self.language)

    def percent(self, percent: Decimal | None) -> str:
        return self.t("not_stated") if percent is None else formatting.format_percent(percent, self.language)

    def target(self, indicator: Indicator) -> str:
        """The published target with its qualifier and year, or that there is none."""
        if indicator.target is None:
            return self.t("indicator.not_published")
        figure = formatting.format_quantity(indicator.target, self.local(indicator, "unit"), self.language)
        qualifier = indicator.target_qualifier or TargetQualifier.EXACT
        text = self.t(f"target_qualifier.{qualifier.value}", figure=figure)
        if indicator.target_year is None:
            return text
        return self.t("indicator.by_year", target=text, year=indicator.target_year)

    def comparison(self, comparison: Comparison) -> str:
        percent = formatting.format_percent(comparison.percent, self.language)
        return self.t(f"basis.{comparison.basis.value}", percent=percent)

    def count(self, number: int | None) -> str:
        return self.t("not_stated") if number is None else formatting.format_number(number, self.language)

    def statement(self, report: ProgressReport, exceeded: bool = True) -> str:
        """The statement as the site words it: "10/18 chỉ tiêu đạt và vượt", "6/19 chỉ tiêu
        đạt tiến độ" (the words of what it counts, from the site's catalogue); how many were
        exceeded too, unless told apart."""
        params = {"met": self.count(report.targets_met), "total": self.count(report.targets_total)}
        if exceeded and report.counts is CountKind.MET_OR_EXCEEDED and report.targets_exceeded is not None:
            how_many = self.count(report.targets_exceeded)
            return translate(self.language, "site.progress.headline_exceeded", **params, exceeded=how_many)
        return translate(self.language, f"site.progress.headline.{report.counts.value}", **params)

    def value(self, field: str, value: object) -> str:
        """A changed cell's value, for the sentence that names its column."""
        if value is None:
            return self.t("empty")
        if isinstance(value, bool):
            return self.t("yes" if value else "no")
        if isinstance(value, Enum):
            return str(value.value)  # a code of the data contract, as the CSV holds it
        if isinstance(value, str):
            return self.t("quoted", text=value)
        if isinstance(value, dt.date):
            return formatting.format_date(value, self.language)
        if isinstance(value, int) and field in YEAR_FIELDS:
            return str(value)
        if isinstance(value, Decimal | int):
            return formatting.format_number(value, self.language)
        return str(value)

    def cells(self, what: str, cells: Iterable[Cell]) -> list[str]:
        """One sentence per cell: "{what}: column old → new"."""
        found = []
        for cell in cells:
            old, new = self.value(cell.field, cell.old), self.value(cell.field, cell.new)
            found.append(self.t("cell", what=what, column=cell.field, old=old, new=new))
        return found


def _rest(change: RowChange, told: frozenset[str]) -> list[Cell]:
    return [c for c in change.cells if c.field not in told]


def _told(change: RowChange, fields: frozenset[str]) -> bool:
    return any(c.field in fields for c in change.cells)


# ---------------------------------------------------------------------------------------
# One function per table: (change, words) -> its sentences.


def _sources(change: RowChange, words: _Words) -> list[str]:
    source = change.new or change.old
    assert isinstance(source, Source)
    label = words.source(source)
    if change.kind is Kind.CHANGED:
        return words.cells(label, change.cells)
    if change.kind is Kind.REMOVED:
        return [words.t("source.removed", source=label)]
    if source.title:
        return [words.t("source.added_titled", source=label, title=source.title)]
    return [words.t("source.added", source=label)]


def _resolutions(change: RowChange, words: _Words) -> list[str]:
    title = words.resolution(change.about.resolution)
    if change.kind is Kind.CHANGED:
        return words.cells(title, change.cells)
    return [words.t(f"resolution.{change.kind.value}", resolution=title)]


def _indicators(change: RowChange, words: _Words) -> list[str]:
    about = change.about
    name, resolution = words.name(about.indicator), words.resolution(about.resolution)
    if change.kind is Kind.ADDED:
        assert isinstance(change.new, Indicator)
        return [words.t("indicator.added", name=name, resolution=resolution, target=words.target(change.new))]
    if change.kind is Kind.REMOVED:
        return [words.t("indicator.removed", name=name, resolution=resolution)]
    assert isinstance(change.old, Indicator) and isinstance(change.new, Indicator)
    found = []
    if _told(change, TARGET_FIELDS):
        old, new = words.target(change.old), words.target(change.new)
        found.append(words.t("indicator.target", name=name, old=old, new=new))
    return found + words.cells(name, _rest(change, TARGET_FIELDS))


def _observations(change: RowChange, words: _Words) -> list[str]:
    about = change.about
    name, source = words.name(about.indicator), words.source(about.source)
    if change.kind is not Kind.CHANGED:
        observation = change.new or change.old
        assert isinstance(observation, Observation)
        figure, period = words.figure(observation, about.indicator), words.period(observation.period)
        key = f"observation.{change.kind.value}"
        return [words.t(key, name=name, figure=figure, period=period, source=source)]
    old, new = change.old, change.new
    assert isinstance(old, Observation) and isinstance(new, Observation)
    assert change.old_about is not None
    old_indicator = change.old_about.indicator
    found = []
    if _told(change, FIGURE_FIELDS):
        # The unit is told once, after the new figure, when it is the same on both sides.
        old_unit = words.local(old_indicator, "unit") if old_indicator is not None else None
        same_unit = old_unit == words.local(about.indicator, "unit")
        before = words.figure(old, old_indicator, unit=not same_unit or new.value is None)
        after = words.figure(new, about.indicator)
        found.append(words.t("observation.figure", name=name, old=before, new=after, source=source))
    if _told(change, frozenset({"percent_of_target"})):
        before, after = words.percent(old.percent_of_target), words.percent(new.percent_of_target)
        found.append(words.t("observation.percent", name=name, old=before, new=after, source=source))
    if _told(change, frozenset({"source_id"})):
        before = words.source(change.old_about.source)
        found.append(words.t("observation.source", name=name, old=before, new=source))
    what = words.t("observation.what", name=name, period=words.period(new.period))
    return found + words.cells(what, _rest(change, FIGURE_FIELDS | {"percent_of_target", "source_id"}))


def _comparisons(change: RowChange, words: _Words) -> list[str]:
    about = change.about
    name, source = words.name(about.indicator), words.source(about.source)
    if change.kind is Kind.CHANGED:
        assert isinstance(change.old, Comparison) and isinstance(change.new, Comparison)
        old, new = words.comparison(change.old), words.comparison(change.new)
        return [words.t("comparison.changed", name=name, old=old, new=new, source=source)]
    comparison = change.new or change.old
    assert isinstance(comparison, Comparison)
    text = words.comparison(comparison)
    return [words.t(f"comparison.{change.kind.value}", name=name, comparison=text, source=source)]


def _progress_reports(change: RowChange, words: _Words) -> list[str]:
    about = change.about
    report = change.new or change.old
    assert isinstance(report, ProgressReport)
    params = {
        "resolution": words.resolution(about.resolution),
        "period": words.period(report.period),
        "source": words.source(about.source),
    }
    if change.kind is not Kind.CHANGED:
        return [words.t(f"progress.{change.kind.value}", **params, statement=words.statement(report))]
    old, new = change.old, change.new
    assert isinstance(old, ProgressReport) and isinstance(new, ProgressReport)
    found = []
    if _told(change, COUNT_FIELDS):
        before, after = words.statement(old, exceeded=False), words.statement(new, exceeded=False)
        found.append(words.t("progress.changed", **params, old=before, new=after))
    if _told(change, frozenset({"targets_exceeded"})):
        before, after = words.count(old.targets_exceeded), words.count(new.targets_exceeded)
        found.append(words.t("progress.exceeded_changed", **params, old=before, new=after))
    what = words.t("progress.what", resolution=params["resolution"], period=params["period"])
    return found + words.cells(what, _rest(change, COUNT_FIELDS | {"targets_exceeded"}))


_BY_TABLE: Mapping[Table, Callable[[RowChange, _Words], list[str]]] = {
    Table.SOURCES: _sources,
    Table.RESOLUTIONS: _resolutions,
    Table.INDICATORS: _indicators,
    Table.OBSERVATIONS: _observations,
    Table.COMPARISONS: _comparisons,
    Table.PROGRESS_REPORTS: _progress_reports,
}


# ---------------------------------------------------------------------------------------
# JSON: the same changes for a program; keys sorted, numbers exactly as published.


def _json(diff: DataDiff, old: Side, new: Side, language: str) -> str:
    words = _Words(language)
    document = {
        "base": {"revision": old.revision, "commit": old.commit},
        "head": {"revision": new.revision, "commit": new.commit},
        "language": language,
        "unchanged": diff.unchanged,
        "rows": [_row_json(change, words) for change in diff.rows],
        "statuses": [
            {
                "indicator_id": change.indicator.id,
                "old": change.old,
                "new": change.new,
                "sentence": status_sentence(change, words),
            }
            for change in diff.statuses
        ],
    }
    return to_json(document)


def _row_json(change: RowChange, words: _Words) -> dict[str, Any]:
    about = change.about
    return {
        "table": change.table,
        "key": list(change.key),
        "kind": change.kind,
        # An observation's comparisons are rows of the comparisons table, not cells.
        "old": record_dict(change.old, ("comparisons",)) if change.old is not None else None,
        "new": record_dict(change.new, ("comparisons",)) if change.new is not None else None,
        "cells": [{"field": c.field, "old": c.old, "new": c.new} for c in change.cells],
        "indicator_id": about.indicator.id if about.indicator is not None else None,
        "resolution_id": about.resolution.id if about.resolution is not None else None,
        "source_id": about.source.id if about.source is not None else None,
        "sentences": row_sentences(change, words),
    }
