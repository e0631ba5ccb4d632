"""Stage 5, pages. In: Package, Assessments, Charts, the hand-written docs folder.
Out: tuple[Page, ...], plain Markdown per language, written before the site engine runs.

The words live in `locales/<language>/site.toml` and the layout in `templates/*.md.j2`;
this module picks what each page shows and in what order. Numbers and dates go through
`formatting`. Everything printed from the data is escaped by the template environment
(`_finalize`), so a name holding `<script>` or `[a](b)` shows as text: only helpers
that build markup on purpose return `Markup`.

A hand-written page with the same path as a generated one (docs/vi/index.md,
docs/vi/methodology.md) is the generated page's introduction: it is printed first,
as written.
"""

from __future__ import annotations

import datetime as dt
import html
import inspect
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from chitieu import assess, figures, formatting, load, naming, urls
from chitieu.messages import LOCALES, translate
from chitieu.records import (
    Area,
    Assessment,
    Chart,
    Comparison,
    CountKind,
    Indicator,
    Observation,
    Origin,
    Package,
    Page,
    Place,
    ProgressReport,
    Resolution,
    ResolutionKind,
    ResolutionStanding,
    Source,
    Standing,
    Status,
    TargetQualifier,
)

TEMPLATES = Path(__file__).parent / "templates"
# Characters kept as they are in a link target; the rest (spaces, parentheses, angle
# brackets) is percent-encoded so that it cannot end the Markdown link.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"

# Python-Markdown's escapable characters plus the table pipe; a backslash before any of
# them prints the character itself, so data can never start a link, list or table cell.
# `<`, `>` and `&` become HTML entities instead, which Markdown passes through as text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")

_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")

# Runs of whitespace that become one space, so that text stays on one line (a newline
# would end a table row). Not the no-break spaces: the formatter puts one between a
# number and its "%" so that a phone never wraps the sign to the next line.
_BREAKING_WHITESPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def markdown_text(value: object) -> Markup:
    """Text from the data, safe to print anywhere in Markdown (also inside a table cell).

    >>> print(markdown_text("<script>x</script> [a](b)"))
    &lt;script&gt;x&lt;/script&gt; \\[a\\]\\(b\\)
    """
    text = _BREAKING_WHITESPACE.sub(" ", str(value)).strip()
    return Markup(html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=True))


def _finalize(value: object) -> object:
    """Every `{{ }}` of a template: escaped unless a helper built it as markup."""
    if isinstance(value, Markup) or value is None:
        return value if value is not None else ""
    return markdown_text(value)


@cache
def _environment() -> jinja2.Environment:
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


def _relative(target: str, page: str) -> str:
    """The path from `page` to `target`, both relative to the docs root (posixpath.relpath
    without its file-system calls, which cost more than the rest of a page).

    >>> _relative("indicators/a.md", "resolutions/r.md"), _relative("areas/x.md", "index.md")
    ('../indicators/a.md', 'areas/x.md')
    """
    here = page.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def status_rule() -> str:
    """The status rule as `assess.status_of` documents it, without its doctests."""
    doc = inspect.getdoc(assess.status_of) or ""
    return doc.split("\n>>>", 1)[0].strip()


# ---------------------------------------------------------------------------------------
# What the pages are about: lookups built once for every language.


@dataclass(frozen=True, slots=True)
class _Site:
    package: Package
    assessments: tuple[Assessment, ...]
    by_indicator: Mapping[str, Assessment]
    charts: Mapping[tuple[str, str], Chart]  # (key, language)
    series: Mapping[tuple[str, str], tuple[Indicator, ...]]  # (place, series) -> oldest first
    edit_links: Mapping[str, str]  # resource name -> the file in the repository; empty: no links
    standings: Mapping[str, ResolutionStanding]  # resolution id -> where it stands

    @classmethod
    def of(
        cls,
        package: Package,
        assessments: Iterable[Assessment],
        charts: Iterable[Chart],
        edit_links: Mapping[str, str] | None = None,
        standings: Mapping[str, ResolutionStanding] | None = None,
    ) -> _Site:
        assessments = tuple(assessments)
        # The same measure of the same place: a province-wide package shares series keys
        # between districts, and a page compares its own town's terms only.
        series: dict[tuple[str, str], list[Indicator]] = {}
        for indicator in package.indicators:
            place = package.resolution(indicator.resolution_id).jurisdiction_en
            series.setdefault((place, indicator.series), []).append(indicator)
        return cls(
            package=package,
            assessments=assessments,
            by_indicator={a.indicator.id: a for a in assessments},
            charts={(c.key, c.language): c for c in charts},
            series={
                key: tuple(
                    sorted(group, key=lambda i: (package.resolution(i.resolution_id).period_start, i.id))
                )
                for key, group in series.items()
            },
            edit_links=dict(edit_links or {}),
            standings=dict(standings or {}),
        )

    @property
    def places(self) -> Mapping[str, Place]:
        return {p.id: p for p in self.package.places}

    def assessments_of(self, resolution_id: str) -> tuple[Assessment, ...]:
        return tuple(self.by_indicator[i.id] for i in self.package.indicators_of(resolution_id))

    def resolutions_newest_first(self, kind: ResolutionKind | None = None) -> list[Resolution]:
        chosen = [r for r in self.package.resolutions if kind is None or r.kind is kind]
        return sorted(chosen, key=lambda r: (r.period_end, r.period_start, r.id), reverse=True)

    def same_series(self, indicator: Indicator) -> list[Indicator]:
        """The same measure in the place's other resolutions, oldest first."""
        place = self.package.resolution(indicator.resolution_id).jurisdiction_en
        return [i for i in self.series[(place, indicator.series)] if i.id != indicator.id]


# ---------------------------------------------------------------------------------------
# The helpers a template calls, bound to one language and one page.


class _Helpers:
    """Formatting and links for one page in one language; each returns safe Markdown."""

    def __init__(self, site: _Site, language: str, page: str) -> None:
        self.site = site
        self.language = language
        self.page = page

    # words ------------------------------------------------------------------------------
    def t(self, key: str, /, **params: object) -> Markup:
        """A catalogue message; parameters from the data are escaped, markup is kept."""
        safe = {k: v if isinstance(v, Markup) else markdown_text(v) for k, v in params.items()}
        return Markup(translate(self.language, f"site.{key}", **safe))

    def local(self, record: object, field: str) -> str:
        """A record's text in this page's language (name_vi / name_en ...)."""
        value = getattr(record, f"{field}_{self.language}")
        return "" if value is None else str(value)

    # numbers ----------------------------------------------------------------------------
    def number(self, value: Decimal | int) -> str:
        return formatting.format_number(value, self.language)

    def percent(self, value: Decimal) -> str:
        return formatting.format_percent(value, self.language)

    def date(self, value: dt.date) -> str:
        return formatting.format_date(value, self.language)

    def period(self, value: str) -> str:
        return formatting.format_period(value, self.language)

    def figure(self, indicator: Indicator, observation: Observation) -> Markup:
        """The value as reported (with "over", "estimate"), or "no value" when only a
        percent was reported."""
        if observation.value is None:
            return self.t("figure.no_value")
        return markdown_text(
            formatting.format_figure(
                observation.value,
                self.local(indicator, "unit"),
                self.language,
                observation.value_qualifier,
                observation.estimated,
            )
        )

    def quantity(self, indicator: Indicator, value: Decimal) -> str:
        return formatting.format_quantity(value, self.local(indicator, "unit"), self.language)

    def target(self, assessment: Assessment) -> Markup:
        """The target with its origin: published (and its qualifier), derived, or none."""
        indicator, target = assessment.indicator, assessment.target
        if target is None or assessment.target_origin is None:
            return self.t("target.not_published")
        figure: Markup = markdown_text(self.quantity(indicator, target))
        if assessment.target_origin is Origin.DERIVED:
            bound = figures.target_qualifier(assessment)
            figure = markdown_text(
                formatting.qualify(self.quantity(indicator, target), bound, False, self.language)
            )
            return self.t("target.derived", figure=figure)
        qualifier = indicator.target_qualifier or TargetQualifier.EXACT
        figure = self.t(f"target_qualifier.{qualifier.value}", figure=figure)
        return self.t("target.published", figure=figure)

    def percent_of_target(self, assessment: Assessment) -> Markup:
        if assessment.percent is None or assessment.percent_origin is None:
            return self.t("percent.none")
        return self.t(f"percent.{assessment.percent_origin.value}", percent=self.percent(assessment.percent))

    def comparison(self, comparison: Comparison) -> Markup:
        return self.t(f"comparison.{comparison.basis.value}", percent=self.percent(comparison.percent))

    # status -----------------------------------------------------------------------------
    def status(self, status: Status) -> Markup:
        """Symbol and word, never colour alone; the symbol is decoration for screen readers.
        The words are the charts' too (locales/<language>/status.toml)."""
        symbol = html.escape(translate(self.language, f"status.symbol.{status.value}"))
        return Markup(
            f'<span class="ct-status ct-status--{status.value}">'
            f'<span class="ct-status__icon" aria-hidden="true">{symbol}</span> '
            f"{self.status_word(status)}</span>"
        )

    def status_word(self, status: Status) -> Markup:
        return Markup(html.escape(translate(self.language, f"status.label.{status.value}")))

    def status_explain(self, status: Status) -> Markup:
        return Markup(translate(self.language, f"status.explain.{status.value}"))

    # links ------------------------------------------------------------------------------
    def link(self, text: object, target_page: str) -> Markup:
        """A Markdown link to another page, relative to this page's source file (the
        engine checks it and turns it into the page's URL)."""
        relative = _relative(target_page, self.page)
        label = text if isinstance(text, Markup) else markdown_text(text)
        return Markup(f"[{label}]({relative})")

    def indicator_link(self, indicator: Indicator) -> Markup:
        return self.link(self.local(indicator, "name"), urls.indicator_page(indicator.id))

    def years(self, resolution: Resolution) -> str:
        """The resolution's period: 2018, or 2020–2025."""
        return naming.years(resolution, self.language)

    def resolution_title(self, resolution: Resolution) -> Markup:
        return markdown_text(naming.resolution_title(resolution, self.language))

    def resolution_link(self, resolution: Resolution) -> Markup:
        return self.link(self.resolution_title(resolution), urls.resolution_page(resolution.id))

    def standing(self, resolution: Resolution) -> Markup:
        """Where the resolution stands on the build's date, in words, with an icon: in force;
        term ended (its last result, final or not); superseded (by which resolution)."""
        standing = self.site.standings.get(resolution.id)
        if standing is None:
            return Markup("")
        kind = standing.standing.value
        symbol = html.escape(translate(self.language, f"site.standing.symbol.{kind}"))
        words = self.t(f"standing.{kind}.{resolution.kind.value}")
        if standing.successor is not None:
            words = self.t(
                "standing.superseded_by", words=words, link=self.resolution_link(standing.successor)
            )
        if standing.standing is not Standing.IN_FORCE:
            if standing.last_report is None:
                words = self.t("standing.no_report", words=words)
            else:
                final = "final" if standing.final_report else "not_final"
                words = self.t(
                    f"standing.last_report_{final}",
                    words=words,
                    result=self.count_headline(standing.last_report),
                    date=self.date(standing.last_report.as_of),
                )
        return Markup(
            f'<span class="ct-standing ct-standing--{kind}">'
            f'<span class="ct-standing__icon" aria-hidden="true">{symbol}</span> {words}</span>'
        )

    def count_headline(self, report: ProgressReport) -> Markup:
        """ "10/18 targets met or exceeded", in the words of what the statement counts."""
        params = {"met": self.number(report.targets_counted), "total": self.number(report.targets_total)}
        if report.counts is CountKind.MET_OR_EXCEEDED and report.targets_exceeded is not None:
            return self.t(
                "progress.headline_exceeded", exceeded=self.number(report.targets_exceeded), **params
            )
        return self.t(f"progress.headline.{report.counts.value}", **params)

    def issuer(self, resolution: Resolution) -> Markup:
        return self.t(f"issuer.{resolution.issuer.value}")

    def place_link(self, place_id: str | None) -> Markup:
        if not place_id or place_id not in self.site.places:
            return Markup("")
        return self.link(self.local(self.site.places[place_id], "name"), urls.place_page(place_id))

    def area_name(self, area: Area) -> Markup:
        return self.t(f"area.{area.value}.name")

    def area_link(self, area: Area) -> Markup:
        return self.link(self.area_name(area), urls.area_page(area))

    def source(self, source: Source) -> Markup:
        """Publisher, date and title; a link only when the source has a web address."""
        params: dict[str, object] = {"publisher": source.publisher, "date": self.date(source.published)}
        text = (
            self.t("source.with_title", title=source.title, **params)
            if source.title
            else self.t("source.without_title", **params)
        )
        if not source.url:
            return self.t("source.no_address", source=text)
        # Percent-encode what would end a Markdown link target; the checks allow only http(s).
        href = quote(source.url, safe=_URL_SAFE)
        return Markup(f"[{text}]({href})")

    def source_of(self, source_id: str) -> Markup:
        return self.source(self.site.package.source(source_id))

    def publisher(self, source_id: str) -> Markup:
        """Just the publisher, linked to the report when it has a web address."""
        source = self.site.package.source(source_id)
        name = markdown_text(source.publisher)
        if not source.url:
            return name
        return Markup(f"[{name}]({quote(source.url, safe=_URL_SAFE)})")

    def download_link(self, text: str, site_path: str) -> Markup:
        """A link to a file at the site root, shared by both languages: relative to the
        page's URL, so it works at any address (the engine leaves it as written)."""
        return Markup(f"[{markdown_text(text)}]({urls.to_site_root(self.language, self.page)}{site_path})")

    def code(self, text: str) -> Markup:
        """An identifier or a value to type, as code (ours: letters, digits and hyphens)."""
        if "`" in text:
            raise ValueError(f"not an identifier: {text!r}")
        return Markup(f"`{text}`")

    def edit_this_data(self, indicator: Indicator) -> Markup:
        """Links to the files holding the target's rows in the repository, or nothing
        when the repository's address is not known."""
        links = self.site.edit_links
        if "indicators" not in links or "observations" not in links:
            return Markup("")
        return self.t(
            "indicator.edit",
            indicators=Markup(f"[indicators.csv]({links['indicators']})"),
            observations=Markup(f"[observations.csv]({links['observations']})"),
            id=self.code(indicator.id),
            guide=self.link(self.t("guide.title"), urls.GUIDE_PAGE),
        )

    # charts -----------------------------------------------------------------------------
    def chart(self, key: str) -> Markup:
        """The chart as inline SVG, so it shows with JavaScript off. charts.py made it an
        image named by its text alternative (role="img", aria-label, <title>); the same
        numbers are in the page's text and tables."""
        chart = self.site.charts.get((key, self.language))
        if chart is None:
            return Markup("")
        # A blank line would end the raw HTML block and let Markdown read the SVG.
        svg = "\n".join(line for line in chart.svg.strip().splitlines() if line.strip())
        # Out of the search index: its labels would read as one run-on word there, and
        # the same numbers are in the page's text.
        return Markup(f'<figure class="ct-chart" data-search-exclude>\n{svg}\n</figure>')

    def front_matter(self, description: str) -> Markup:
        """YAML front matter: the page's meta description (the theme prints it raw into
        an attribute, so it is HTML-escaped here; JSON strings are valid YAML).
        `description` is Markdown from `t`; its escapes are undone first."""
        plain = html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", str(description)))
        text = html.escape(" ".join(plain.split()), quote=True)
        return Markup(f"---\ndescription: {json.dumps(text, ensure_ascii=False)}\n---\n")


# ---------------------------------------------------------------------------------------
# The pages.


def _status_counts(assessments: Iterable[Assessment]) -> list[tuple[Status, int]]:
    return list(assess.summarise(assessments).items())


def _latest_progress(package: Package, resolution: Resolution) -> ProgressReport | None:
    """The latest statement of targets met or exceeded, else the latest of any kind."""
    reports = assess.headline_reports(package, resolution.id) or package.progress_of(resolution.id)
    return reports[-1] if reports else None


# The methodology page shows this many real targets per case (newest resolution first),
# so that it stays one readable page however many targets the package holds.
EXAMPLES = 3


def _newest_first(assessments: Iterable[Assessment]) -> list[Assessment]:
    return sorted(assessments, key=lambda a: (-a.resolution.period_end, -a.resolution.period_start))


def _examples(assessments: Iterable[Assessment]) -> list[tuple[Status, list[Assessment], int]]:
    """A few real targets behind each status, and how many more there are."""
    ordered = _newest_first(assessments)
    cases = []
    for status in Status:
        chosen = [a for a in ordered if a.status is status]
        cases.append((status, chosen[:EXAMPLES], max(0, len(chosen) - EXAMPLES)))
    return cases


class _Renderer:
    def __init__(self, site: _Site, language: str, docs: Path) -> None:
        self.site = site
        self.language = language
        self.docs = docs

    def intro(self, page: str) -> Markup:
        """The hand-written part of a generated page, printed as written."""
        path = self.docs / self.language / page
        return Markup(path.read_text(encoding="utf-8").strip() + "\n") if path.is_file() else Markup("")

    def render(self, template: str, page: str, **context: Any) -> Page:
        helpers = _Helpers(self.site, self.language, page)
        names: dict[str, Callable[..., object]] = {
            name: getattr(helpers, name)
            for name in dir(helpers)
            if not name.startswith("_") and callable(getattr(helpers, name))
        }
        markdown = (
            _environment()
            .get_template(template)
            .render(
                **names,
                language=self.language,
                package=self.site.package,
                Status=Status,
                Origin=Origin,
                urls=urls,
                **context,
            )
        )
        # One trailing newline and no runs of blank lines, whatever the template's spacing.
        markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
        return Page(path=page, language=self.language, markdown=markdown)

    def home(self) -> Page:
        """What is current first: the resolution in force (or, when none is, the latest),
        then the resolutions it took over from, with their last known result."""
        standings = self.site.standings
        current = assess.current_resolution(self.site.package, standings) if standings else None
        assessments = self.site.assessments_of(current.id) if current else ()
        taken_over = [
            s.resolution
            for s in standings.values()
            if current is not None and s.successor is not None and s.successor.id == current.id
        ]
        shown = {r.id for r in taken_over} | ({current.id} if current else set())
        others = [r for r in self.site.resolutions_newest_first() if r.id not in shown]
        return self.render(
            "home.md.j2",
            urls.HOME_PAGE,
            intro=self.intro(urls.HOME_PAGE),
            current=current,
            progress=_latest_progress(self.site.package, current) if current else None,
            assessments=assessments,
            counts=_status_counts(assessments),
            taken_over=taken_over,
            terms=[r for r in others if r.kind is ResolutionKind.TERM],
            annuals=[r for r in others if r.kind is ResolutionKind.ANNUAL],
        )

    def places(self) -> Page:
        """Every place side by side: its latest count, of what kind, when, from whom."""
        package = self.site.package
        latest = {}
        for place in package.places:
            reports = [p for r in package.resolutions_of(place.id) for p in package.progress_of(r.id)]
            newest = max((p.as_of for p in reports), default=None)
            # Every count of the latest report, each with its kind: never only one, never summed.
            latest[place.id] = sorted(
                (p for p in reports if p.as_of == newest), key=lambda p: list(CountKind).index(p.counts)
            )
        return self.render("places.md.j2", urls.PLACES_PAGE, places=package.places, latest=latest)

    def place(self, place: Place) -> Page:
        package = self.site.package
        return self.render(
            "place.md.j2",
            urls.place_page(place.id),
            place=place,
            resolutions=sorted(package.resolutions_of(place.id), key=lambda r: (-r.period_end, r.id)),
            reports=sorted(
                (p for r in package.resolutions_of(place.id) for p in package.progress_of(r.id)),
                key=lambda p: (p.as_of, p.resolution_id, p.counts.value),
            ),
            successors=package.successors_of(place.id),
            predecessors=package.predecessors_of(place.id),
        )

    def resolutions(self) -> Page:
        resolutions = self.site.resolutions_newest_first()
        return self.render(
            "resolutions.md.j2",
            "resolutions/index.md",
            terms=[r for r in resolutions if r.kind is ResolutionKind.TERM],
            annuals=[r for r in resolutions if r.kind is ResolutionKind.ANNUAL],
            progress={r.id: _latest_progress(self.site.package, r) for r in resolutions},
            known={r.id: len(self.site.package.indicators_of(r.id)) for r in resolutions},
        )

    def resolution(self, resolution: Resolution) -> Page:
        assessments = self.site.assessments_of(resolution.id)
        return self.render(
            "resolution.md.j2",
            urls.resolution_page(resolution.id),
            resolution=resolution,
            reports=self.site.package.progress_of(resolution.id),
            assessments=assessments,
            counts=_status_counts(assessments),
        )

    def indicator(self, assessment: Assessment) -> Page:
        indicator = assessment.indicator
        return self.render(
            "indicator.md.j2",
            urls.indicator_page(indicator.id),
            a=assessment,
            indicator=indicator,
            resolution=assessment.resolution,
            same_series=self.site.same_series(indicator),
        )

    def areas(self) -> Page:
        counts = {area: sum(1 for i in self.site.package.indicators if i.area is area) for area in Area}
        return self.render("areas.md.j2", "areas/index.md", areas=list(Area), counts=counts)

    def area(self, area: Area) -> Page:
        groups = []
        for resolution in self.site.resolutions_newest_first():
            chosen = [a for a in self.site.assessments_of(resolution.id) if a.indicator.area is area]
            if chosen:
                groups.append((resolution, chosen))
        return self.render("area.md.j2", urls.area_page(area), area=area, groups=groups)

    def methodology(self) -> Page:
        return self.render(
            "methodology.md.j2",
            urls.METHODOLOGY_PAGE,
            intro=self.intro(urls.METHODOLOGY_PAGE),
            rule=Markup(status_rule()),
            examples=_examples(self.site.assessments),
            derived=_newest_first(a for a in self.site.assessments if a.target_origin is Origin.DERIVED)[
                :EXAMPLES
            ],
            partial=_newest_first(a for a in self.site.assessments if a.partial)[:EXAMPLES],
            disagreements=_newest_first(a for a in self.site.assessments if figures.disagrees(a))[:EXAMPLES],
        )

    def guide(self) -> Page:
        return self.render(
            "guide.md.j2",
            urls.GUIDE_PAGE,
            intro=self.intro(urls.GUIDE_PAGE),
            sections=problem_sections(self.language),
        )

    def jobs(self) -> list[Callable[[], Page]]:
        """Every page of this language, as the call that writes it: counted before any is written."""
        jobs: list[Callable[[], Page]] = [
            self.home,
            self.resolutions,
            self.areas,
            self.methodology,
            self.guide,
        ]
        jobs += [partial(self.resolution, r) for r in self.site.package.resolutions]
        jobs += [partial(self.indicator, a) for a in self.site.assessments]
        jobs += [partial(self.area, area) for area in Area]
        if self.site.package.places:
            jobs += [self.places, *(partial(self.place, p) for p in self.site.package.places)]
        return jobs


# A section of the problem catalogue: `# --- Title ----` on a line of its own.
_SECTION = re.compile(r"^#\s*-{3}\s*(.+?)\s*-*\s*$")
_TABLE = re.compile(r"^\[([a-z0-9-]+)\]\s*$")


def problem_sections(language: str) -> list[tuple[str, list[tuple[Markup, str, str]]]]:
    """Every problem of the catalogue (`locales/<language>/problems.toml`), in its
    sections and order: (section title, [(code, what it means, how to fix it)]). The
    maintainer's guide prints it, so it cannot drift from what the validator says.
    Placeholders ({file}, {row} ...) show as "…".

    >>> title, problems = problem_sections("en")[0]
    >>> problems[0][0], problems[0][1]
    (Markup('`no-such-file`'), 'There is no file or folder at ….')
    """
    sections: list[tuple[str, list[tuple[Markup, str, str]]]] = []
    lines = (LOCALES / language / "problems.toml").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if section := _SECTION.match(line):
            sections.append((section[1], []))
        elif (table := _TABLE.match(line)) and sections:
            code = table[1]
            sections[-1][1].append(
                (Markup(f"`{code}`"), _unfilled(language, code, "message"), _unfilled(language, code, "fix"))
            )
    return [(title, problems) for title, problems in sections if problems]


def _unfilled(language: str, code: str, part: str) -> str:
    template = translate(language, f"problems.{code}.{part}")
    return re.sub(r"\{[a-z_]+\}", "…", template)


def edit_links(
    package: Package, descriptor: load.Descriptor | None, repository: Path | None, repository_url: str | None
) -> dict[str, str]:
    """{resource name: web address of its file in the repository}, from the repository's
    address (`Config.repository_url`); empty when that is not known or the package is not
    inside the repository. `blob/HEAD` is the default branch, the one the site is built from."""
    if not repository_url or repository is None or descriptor is None:
        return {}
    links = {}
    for resource in descriptor.resources:
        name, path = resource.get("name"), resource.get("path")
        if not isinstance(name, str) or not isinstance(path, str):
            continue
        try:
            relative = (package.folder / path).resolve().relative_to(repository.resolve())
        except ValueError:
            return {}
        links[name] = f"{repository_url.rstrip('/')}/blob/HEAD/{quote(relative.as_posix())}"
    return links


def render(
    package: Package,
    assessments: Iterable[Assessment],
    charts: Iterable[Chart],
    languages: Iterable[str],
    docs: Path,
    descriptor: load.Descriptor | None = None,
    repository: Path | None = None,
    repository_url: str | None = None,
    tick: Callable[[int, int], None] | None = None,
    *,
    standings: Mapping[str, ResolutionStanding] | None = None,
) -> tuple[Page, ...]:
    """Every generated page in every language, sorted by language and path. With the
    repository's folder and web address, each target's page links to its files there.
    `tick(done, total)` hears of each page as it is written."""
    links = edit_links(package, descriptor, repository, repository_url)
    site = _Site.of(package, assessments, charts, links, standings)
    jobs = [job for language in languages for job in _Renderer(site, language, docs).jobs()]
    pages = []
    for done, job in enumerate(jobs, 1):
        pages.append(job())
        if tick is not None:
            tick(done, len(jobs))
    return tuple(sorted(pages, key=lambda p: (p.language, p.path)))
