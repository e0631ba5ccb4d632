"""The helpers every template calls, bound to one page in one language: words, numbers,
dates, statuses and links, each returning safe Markdown (`Markup`) or plain text that the
template environment escapes. `HELPERS` declares the names a template sees."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote, urlencode

from markupsafe import Markup

from chitieu import figures, formatting, naming
from chitieu.messages import translate
from chitieu.pages.inputs import SiteData
from chitieu.records import (
    Area,
    Assessment,
    Comparison,
    CountKind,
    Direction,
    Indicator,
    Observation,
    Origin,
    ProgressReport,
    Resolution,
    Source,
    Standing,
    Status,
    TargetQualifier,
)
from chitieu.site import markdown, urls
from chitieu.site.markdown import text as markdown_text


class Helpers:
    """Formatting and links for one page in one language; each returns safe Markdown."""

    def __init__(self, site: SiteData, language: str, page: str, words: str = "site") -> None:
        self.site = site
        self.language = language
        self.page = page
        self.words = words  # the catalogue of this page's words: site, or data for the data pages

    # words ------------------------------------------------------------------------------
    def t(self, key: str, /, **params: object) -> Markup:
        """A catalogue message; parameters from the data are escaped, markup is kept."""
        safe = {k: v if isinstance(v, Markup) else markdown_text(v) for k, v in params.items()}
        return Markup(translate(self.language, f"{self.words}.{key}", **safe))

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

    def figure(self, indicator: Indicator, observation: Observation, blank: bool = False) -> Markup:
        """The value as reported (with "over", "estimate"), or "no value" (nothing when
        `blank`) when only a percent was reported."""
        if observation.value is None:
            return Markup("") if blank else self.t("figure.no_value")
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

    def target(self, assessment: Assessment, short: bool = False) -> Markup:
        """The target with its origin: published (and its qualifier), derived, or none;
        `short`, for a narrow table: the origin as a mark that a note below explains."""
        indicator, target = assessment.indicator, assessment.target
        if target is None or assessment.target_origin is None:
            return self.t("target.not_published")
        figure: Markup = markdown_text(self.quantity(indicator, target))
        if assessment.target_origin is Origin.DERIVED:
            bound = figures.target_qualifier(assessment)
            figure = markdown_text(
                formatting.qualify(self.quantity(indicator, target), bound, False, self.language)
            )
            return self.t("target.derived_short" if short else "target.derived", figure=figure)
        qualifier = indicator.target_qualifier or TargetQualifier.EXACT
        figure = self.t(f"target_qualifier.{qualifier.value}", figure=figure)
        return self.t("target.published_short" if short else "target.published", figure=figure)

    def percent_of_target(self, assessment: Assessment) -> Markup:
        """The percent of target behind the status; for a rate or a share against its
        published target, the difference in percentage points instead."""
        points, target = assessment.points, assessment.indicator.target
        if assessment.percent_origin is not Origin.REPORTED and points is not None and target is not None:
            side = "above" if points > 0 else "below" if points < 0 else "at"
            if side == "above" and assessment.indicator.direction is Direction.INCREASE:
                side = "exceeds"
            shown = formatting.format_points(points, self.language)
            return self.t(f"points.{side}", points=shown, target=self.quantity(assessment.indicator, target))
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
        relative = urls.relative(target_page, self.page)
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
        # Percent-encoded: what would end a Markdown link target; the checks allow only http(s).
        return Markup(f"[{text}]({markdown.href(source.url)})")

    def source_of(self, source_id: str) -> Markup:
        return self.source(self.site.package.source(source_id))

    def publisher(self, source_id: str) -> Markup:
        """Just the publisher, linked to the report when it has a web address."""
        source = self.site.package.source(source_id)
        name = markdown_text(source.publisher)
        if not source.url:
            return name
        return Markup(f"[{name}]({markdown.href(source.url)})")

    def download_link(self, text: str, site_path: str) -> Markup:
        """A link to a file at the site root, shared by both languages: relative to the
        page's URL, so it works at any address (the engine leaves it as written)."""
        return Markup(f"[{markdown_text(text)}]({urls.to_site_root(self.language, self.page)}{site_path})")

    def code(self, text: object) -> Markup:
        """An identifier or a value to type, as code, shown as written."""
        return markdown.code(text)

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
        """The chart as inline SVG, so it shows with JavaScript off (written into the page
        by the site stage: markdown.chart_slot). charts.py made it an image named by its
        text alternative (role="img", aria-label, <title>); the same numbers are in the
        page's text and tables."""
        chart = self.site.charts.get((key, self.language))
        if chart is None:
            return Markup("")
        return markdown.chart_slot(chart.digest)

    def size(self, size: int) -> Markup:
        """A file's size in bytes, in the reader's numbers ("12.345 byte")."""
        return self.t("bytes", size=self.number(size))

    def href(self, target_page: str) -> Markup:
        """The link target of another page of this language (for a link the catalogue writes)."""
        return Markup(urls.relative(target_page, self.page))

    def url(self, address: str) -> Markup:
        """A web address as a link target (percent-encoded where Markdown would end it)."""
        return markdown.href(address)

    def file(self, site_path: str) -> Markup:
        """The link target of a file at the site root, relative to this page's URL."""
        return Markup(urls.to_site_root(self.language, self.page) + site_path)

    def verbatim(self, text: object) -> Markup:
        """Text inside a fenced code block or a script, where Markdown reads nothing."""
        return Markup(str(text))

    def codes(self, names: Iterable[str]) -> Markup:
        """Identifiers as code, separated by commas."""
        return Markup(", ".join(markdown.code(name) for name in names))

    def resolution_short_link(self, resolution: Resolution) -> Markup:
        """Who and when, linked to the resolution's page (where room is short)."""
        name = naming.resolution_short_name(resolution, self.language)
        return self.link(name, urls.resolution_page(resolution.id))

    def source_short(self, source_id: str) -> Markup:
        """ "Publisher, date", linked to the report when its address is known."""
        source = self.site.package.source(source_id)
        label = markdown_text(f"{source.publisher}, {self.date(source.published)}")
        return Markup(f"[{label}]({markdown.href(source.url)})") if source.url else label

    def derived_target(self, assessment: Assessment) -> str:
        """A derived target with its unit, "over"/"under" when the figure behind it was."""
        if assessment.target is None:
            return ""
        qualifier = figures.target_qualifier(assessment)
        unit = self.local(assessment.indicator, "unit")
        return formatting.format_figure(assessment.target, unit, self.language, qualifier)

    def report_wrong(self, indicator: Indicator, observation: Observation) -> Markup:
        """ "Report a wrong figure": a new issue in the repository, prefilled with the target,
        the figure as shown, its source and the data's version; else an e-mail to the
        maintainer's address; else nothing, never a guessed address."""
        where = self.site.report_to
        if not where.repository_url and not where.email:
            return Markup("")
        source = self.site.package.source(observation.source_id)
        params = {
            "name": self.local(indicator, "name"),
            "id": indicator.id,
            "observation": observation.id,
            "figure": markdown.plain(self.figure(indicator, observation)),
            "period": self.period(observation.period),
            "source": f"{source.publisher}, {self.date(source.published)}",
            "url": source.url or "",
            "version": self.site.package.info.version,
        }
        title = translate(self.language, "site.report.title", **params)
        body = translate(self.language, "site.report.body", **params)
        if where.repository_url:
            query = urlencode({"title": title, "body": body}, quote_via=quote)
            address = f"{where.repository_url.rstrip('/')}/issues/new?{query}"
        else:
            address = f"mailto:{where.email}?" + urlencode({"subject": title, "body": body}, quote_via=quote)
        return Markup(f"[{self.t('report.link')}]({markdown.href(address)})")

    def share(self, chart_key: str, title: str) -> Markup:
        """How to take this page's chart elsewhere: the chart as an SVG file, the page's
        embeddable view and, when the site's address is known, the iframe to paste (an
        iframe on another site needs the absolute address, never a guessed one)."""
        embed = urls.embed_page(self.page)
        lines = [
            self.t(
                "share.links",
                svg=self.download_link(self.t("share.svg"), urls.chart_file(chart_key, self.language)),
                embed=self.link(self.t("share.view"), embed),
            )
        ]
        if self.site.links.base:
            address = self.site.links.page(embed, self.language)
            snippet = (
                f'<iframe src="{html.escape(address)}" title="{html.escape(title)}" '
                'width="100%" height="520" style="border:0" loading="lazy"></iframe>'
            )
            lines.append(self.t("share.snippet"))
            lines.append(
                markdown.raw_block(f'<pre class="ct-snippet"><code>{html.escape(snippet)}</code></pre>')
            )
        return Markup("\n\n".join(lines))

    def front_matter(self, description: str, bare: str | None = None) -> Markup:
        """YAML front matter: the page's meta description, and its share card's address
        and words when it has one; `bare`: the template of a page for elsewhere."""
        card = self.site.cards.get((self.page, self.language))
        image = self.site.links.file(card.image.path) if card else None
        return markdown.front_matter(description, image, card.alt if card else None, bare=bare)


# The names a template sees: every public helper, declared (a new helper is added here).
HELPERS = tuple(name for name, value in vars(Helpers).items() if not name.startswith("_") and callable(value))
