"""The whole flow in one place: validate -> load -> history -> assess -> charts -> cards -> export ->
pages -> site.

`build` calls the stages in order (those before the engine in `_prepare`, so that their
records are let go before the engines start) and nothing else; the CLI and the tests call it.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import sys
import tomllib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from chitieu import assess, cards, charts, drawing, export, history, ingest, pages
from chitieu.messages import LANGUAGES
from chitieu.problems import ChitieuError
from chitieu.records import Package
from chitieu.site import engine
from chitieu.validate import validate


@dataclass(frozen=True, slots=True)
class Config:
    """Where things are; built once from the repository and the command-line flags."""

    repository: Path  # holds mkdocs.yml, mkdocs.en.yml and overrides/
    descriptor: Path
    docs: Path  # hand-written pages, docs/vi and docs/en
    build: Path  # generated Markdown, charts cache (git-ignored)
    site: Path  # the built website (git-ignored)
    quiet: bool = False
    languages: tuple[str, ...] = LANGUAGES  # the first is served at /, the others at /<language>/
    workers: int | None = None  # chart rendering processes; None lets charts.py choose
    repository_url: str | None = None  # the repository on the web: "edit this data" links; None: none
    contact_email: str | None = None  # where "report a wrong figure" writes when there is no repository
    site_url: str | None = None  # where the site is published, ending in "/"; None: unknown
    # The date the data last changed, for reproducible builds ($SOURCE_DATE_EPOCH); None:
    # the last commit of the package folder, else the newest date in the data.
    source_date_epoch: int | None = None
    # Read the data's git history (the changes page, the date the data last changed); the
    # tests build without it, so that no test depends on this repository's history.
    git_history: bool = True

    @classmethod
    def from_repository(cls, repository: Path, quiet: bool = False) -> Config:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        return cls(
            repository=repository,
            descriptor=repository / ingest.DEFAULT_DESCRIPTOR,
            docs=repository / "docs",
            build=repository / "build",
            site=repository / "site",
            quiet=quiet,
            repository_url=repository_url(repository),
            contact_email=_setting(repository, "contact-email"),
            site_url=site_url(repository),
            source_date_epoch=int(epoch) if epoch.isdigit() else None,
        )


def _setting(repository: Path, key: str) -> str | None:
    """`[tool.chitieu] <key>` in the repository's pyproject.toml, when set."""
    pyproject = repository / "pyproject.toml"
    if not pyproject.is_file():
        return None
    with pyproject.open("rb") as file:
        value = tomllib.load(file).get("tool", {}).get("chitieu", {}).get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


# The workflow sets it from GitHub Pages' own answer (actions/configure-pages).
SITE_URL_VARIABLE = "CHITIEU_SITE_URL"


def site_url(repository: Path) -> str | None:
    """The published site's address, for the sitemap (with its hreflang alternates), the
    canonical links, the API and the citation: `[tool.chitieu] site-url` in pyproject.toml;
    else $CHITIEU_SITE_URL; else None, and then the site has relative links only and no
    sitemap: the address is never guessed."""
    url = _setting(repository, "site-url") or os.environ.get(SITE_URL_VARIABLE, "").strip()
    return url.rstrip("/") + "/" if url else None


def repository_url(repository: Path) -> str | None:
    """The repository's web address: `[tool.chitieu] repository-url` in pyproject.toml;
    else, in GitHub Actions, the repository being built; else None: it is never guessed."""
    url = _setting(repository, "repository-url")
    if url:
        return url
    if os.environ.get("GITHUB_ACTIONS") == "true" and os.environ.get("GITHUB_REPOSITORY"):
        return (
            f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{os.environ['GITHUB_REPOSITORY']}"
        )
    return None


# The stages `build` runs, in order; a `Progress` hears of each by these names.
STAGES = ("validate", "load", "history", "assess", "charts", "cards", "export", "pages", "site")


# Told how far a stage has got: (items done, items in all): charts drawn, pages written.
Tick = Callable[[int, int], None]


class Progress(Protocol):
    """Told when each stage starts and ends: the CLI draws a bar per stage, the
    benchmarks time them. A stage that counts its work reports it to the `Tick` it is
    handed; the others only start and end."""

    def stage(self, name: str) -> AbstractContextManager[Tick]: ...


def _ignore(done: int, total: int) -> None:
    pass


class _Silent:
    @contextmanager
    def stage(self, name: str) -> Iterator[Tick]:
        yield _ignore


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Path
    pages: int  # Markdown pages, all languages
    downloads: int


def build(config: Config, progress: Progress | None = None) -> BuildResult:
    """Validate the package and build the site; raise `ChitieuError` on invalid data
    (then nothing is written)."""
    progress = progress or _Silent()
    prepared, result = _prepare(config, progress)
    with progress.stage("site"):
        # Our stages' records died with _prepare: what the engine needs is on disk. Give
        # their memory back before the engines start (at 14,000 targets, over a GB).
        _give_back_memory()
        engine.build(prepared)
    return result


def _give_back_memory() -> None:
    gc.collect()
    # glibc keeps freed memory for the process unless asked to return it; other C
    # libraries (macOS, musl) have no malloc_trim and return memory themselves.
    if sys.platform == "linux":
        with contextlib.suppress(AttributeError):
            ctypes.CDLL(None).malloc_trim(0)


def _prepare(config: Config, progress: Progress) -> tuple[engine.Prepared, BuildResult]:
    """Every stage before the engine: the site's pages and downloads, written to disk."""
    with progress.stage("validate"):
        report = validate(config.descriptor)
    if not report.valid:
        raise ChitieuError(report.problems)
    with progress.stage("load"):
        # The records validation made in its one pass over the files: the site shows
        # exactly the data that was checked, even when a file is saved again meanwhile
        # (`make serve` rebuilds while a maintainer edits), and nothing is read twice.
        package, descriptor = report.package, report.descriptor
        assert package is not None and descriptor is not None  # a valid report carries them
    with progress.stage("history"):
        data_history = _history(config, package, descriptor)
    # The build's one date: when the data last changed, else the newest date in the data.
    # Where each resolution stands is computed for that day, never the clock's.
    released = history.release_time(data_history, config.source_date_epoch)
    built_at = history.build_time(released, package)
    with progress.stage("assess"):
        assessments = assess.assess(package)
        standings = assess.standings(package, built_at.date())
        timelines = assess.timelines(package, standings, built_at.date())
    # The charts and the cards share one set of workers, started once, when first needed.
    with drawing.Workers(config.workers) as workers:
        with progress.stage("charts") as tick:
            home = assess.current_resolution(package, standings)
            rendered = charts.render(
                package,
                assessments,
                config.languages,
                cache_dir=config.build / "charts",
                workers=workers,
                tick=tick,
                home=home,
            )
            chart_files = charts.files(rendered)
        with progress.stage("cards") as tick:
            # A card is only ever shown through an absolute address (og:image), and the
            # site's address is never guessed: without it no card is drawn.
            share_cards = (
                cards.draw(package, assessments, config.languages, config.build / "cards", workers, tick)
                if config.site_url
                else ()
            )
    with progress.stage("export"):
        read = export.Read(descriptor, report.files, released, built_at, data_history)
        downloads = export.export(
            package, assessments, read, site_url=config.site_url, languages=config.languages
        )
    with progress.stage("pages") as tick:
        links = pages.edit_links(package, descriptor, config.repository, config.repository_url)
        data = pages.DataInputs(downloads, data_history, released, config.site_url)
        reports = pages.ReportAddress(config.repository_url, config.contact_email)
        inputs = pages.PageInputs(
            package, assessments, rendered, standings, links, data, reports, timelines, share_cards
        )
        generated = pages.render(inputs, config.languages, config.docs, tick)
        prepared = engine.prepare(
            repository=config.repository,
            docs=config.docs,
            build_dir=config.build,
            site=config.site,
            languages=config.languages,
            pages=generated,
            downloads=downloads.downloads,
            # One date for the whole build (history.build_time): the archives' and the sitemap's.
            epoch=int(built_at.timestamp()),
            site_url=config.site_url,
            titles=package.info.site_titles,
            charts=chart_files,
            files=[card.image for card in share_cards],
        )
    return prepared, BuildResult(site=config.site, pages=len(generated), downloads=len(downloads.downloads))


def _history(config: Config, package: Package, descriptor: ingest.Descriptor) -> history.History:
    """The data's git history, when the build is asked to read it."""
    if not config.git_history:
        return history.History((), history.Missing.NOT_A_REPOSITORY)
    return history.read_history(config.repository, package.folder, history.resources_of(descriptor))


def serve(config: Config, port: int, on_problems: Callable[[ChitieuError], None] | None = None) -> None:
    """Build, then serve the site on 127.0.0.1 and rebuild when the data, the docs or the
    site config change. A rebuild that fails keeps the last good site and hands the
    problems to `on_problems` (the CLI prints them)."""
    build(config)

    def rebuild() -> None:
        try:
            build(config)
        except ChitieuError as error:
            if on_problems is None:
                raise
            on_problems(error)

    watched = [
        config.descriptor.parent,
        config.docs,
        *engine.engine_files(config.repository, config.languages),
    ]
    engine.serve(site=config.site, watched=watched, rebuild=rebuild, port=port)
