"""Stage: site. in: Pages (Markdown per language), Downloads, the hand-written docs.
Out: the built website in `site/` (Vietnamese at /, other languages at /<language>/).

The only module that knows the site engine (ProperDocs, the maintained MkDocs 1.x, with
the Material theme). Moving to another engine changes this file and the config files.

1. `prepare` writes each language's docs folder under `build/docs/<language>/`: the
   hand-written `docs/<language>/` plus the generated pages (a generated page replaces
   a hand-written one of the same path), and the downloads under `build/downloads/`.
   Files whose bytes did not change are not rewritten, and files no longer generated
   are removed. What it returns is small (paths and digests), so that the pipeline can
   let go of its records before `build` starts the engines.
2. The engine builds every language at once, each in its own process, into a staging
   folder, in `--strict` mode; `mkdocs.yml` is the Vietnamese config and `mkdocs.<lang>.yml`
   inherits it for each other language.
3. Each chart's SVG is written into the built pages that show it: in the Markdown it is
   only a slot naming the SVG (site/markdown.py, `chart_slot`), which the engine passes
   through without reading its thousands of elements.
4. The languages are put together, the downloads are linked at the root (the same
   files for every language), and the staging folder replaces `site/` in one rename, so a
   failed build never leaves a half-built site.
5. When the site's address is known, one `sitemap.xml` at the root lists every page of
   every language with its hreflang alternates (the engine's own, one per language, would
   list no page without an address, and no alternate). Without an address there is none:
   a sitemap needs absolute URLs, and an address is never guessed.
6. When nothing the site is made of changed since the last build (its fingerprint is
   kept in `build/site.sha256`), `site/` already holds this build and the engine does
   not run: a rebuild without changes costs what our own stages cost.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import IO

from chitieu.problems import ChitieuError, Problem
from chitieu.records import Download, FileCopy, Page, SiteTitle
from chitieu.site import markdown
from chitieu.site.sitemap import sitemap
from chitieu.site.urls import DEFAULT_LANGUAGE, UNLISTED_ROOTS, language_root, url_of

ENGINE = "properdocs"
# The engine reads the docs folder from this variable (mkdocs.yml: docs_dir: !ENV ...), so
# that a build in another folder (the tests' tmp_path) still uses the repository's config.
DOCS_DIR_VARIABLE = "CHITIEU_DOCS_DIR"
# And the address of its language's root (canonical links), empty when it is not known.
LANGUAGE_URL_VARIABLE = "CHITIEU_LANGUAGE_URL"
# And the site's name and description in its language, from the package (unset: the
# config's own defaults).
SITE_NAME_VARIABLE = "CHITIEU_SITE_NAME"
SITE_DESCRIPTION_VARIABLE = "CHITIEU_SITE_DESCRIPTION"


def config_file(repository: Path, language: str) -> Path:
    """The engine config of one language: mkdocs.yml, or mkdocs.<language>.yml."""
    name = "mkdocs.yml" if language == DEFAULT_LANGUAGE else f"mkdocs.{language}.yml"
    return repository / name


def engine_files(repository: Path, languages: Iterable[str]) -> list[Path]:
    """The files that shape the site besides the pages: configs and theme overrides."""
    return [*(config_file(repository, language) for language in languages), repository / "overrides"]


def _sync_tree(folder: Path, files: Mapping[str, bytes]) -> None:
    """Make `folder` hold exactly `files`, touching only what changed (an unchanged file
    keeps its time, so a watcher does not see it as edited)."""
    folder.mkdir(parents=True, exist_ok=True)
    for relative, content in sorted(files.items()):
        path = _inside(folder, relative)
        if path.is_file() and path.read_bytes() == content:
            continue
        # Whole, under a hidden name no page or download has, then renamed: the file may be
        # hard-linked into the published site (`_copy_files`), which keeps its old bytes
        # until the new site replaces it.
        temporary = path.with_name(f".{path.name}.partial")
        temporary.write_bytes(content)
        temporary.replace(path)
    wanted = {PurePosixPath(name) for name in files}
    for path in sorted(folder.rglob("*"), reverse=True):  # children before their folders
        if path.is_file() and PurePosixPath(path.relative_to(folder).as_posix()) not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def write_docs(docs: Path, build_dir: Path, language: str, pages: Iterable[Page]) -> Path:
    """The language's complete docs folder for the engine: hand-written plus generated."""
    files: dict[str, bytes] = {}
    hand_written = docs / language
    if hand_written.is_dir():
        for path in sorted(hand_written.rglob("*")):
            if path.is_file():
                files[path.relative_to(hand_written).as_posix()] = path.read_bytes()
    for page in pages:
        if page.language == language:
            files[page.path] = page.markdown.encode("utf-8")
    folder = build_dir / "docs" / language
    _sync_tree(folder, files)
    return folder


def _engine_problems(language: str, config: Path, output: str) -> ChitieuError:
    """The engine's warnings and errors as one problem, in the words it printed them."""
    lines = [line.strip() for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]
    detail = "\n".join(lines) or output.strip()[-2000:]
    return ChitieuError(
        (Problem("site-build-failed", config.name, params=(("language", language), ("note", detail))),)
    )


def _run_engines(
    repository: Path,
    docs_dirs: Mapping[str, Path],
    stage: Path,
    epoch: int,
    site_url: str | None,
    titles: Mapping[str, SiteTitle],
) -> None:
    """One engine process per language, in parallel; raise with the engine's own words."""
    failures = []
    # Output to files, not pipes: a large site logs more than a pipe holds, and an engine
    # whose pipe is full waits until the other language's engine has finished.
    with ExitStack() as logs:
        processes: dict[str, tuple[Path, subprocess.Popen[str], IO[str]]] = {}
        for language, docs_dir in sorted(docs_dirs.items()):
            config = config_file(repository, language)
            environment = {
                **os.environ,
                DOCS_DIR_VARIABLE: str(docs_dir.resolve()),
                LANGUAGE_URL_VARIABLE: site_url + language_root(language) if site_url else "",
                # Reproducible output: any date the engine writes is the build's one date
                # (publish.build_time, which honours SOURCE_DATE_EPOCH).
                "SOURCE_DATE_EPOCH": str(epoch),
                "NO_MKDOCS_2_WARNING": "1",
            }
            environment.pop(SITE_NAME_VARIABLE, None)
            environment.pop(SITE_DESCRIPTION_VARIABLE, None)
            if language in titles:
                environment[SITE_NAME_VARIABLE] = titles[language].name
                if titles[language].description:
                    environment[SITE_DESCRIPTION_VARIABLE] = titles[language].description
            command = [
                sys.executable,
                "-m",
                ENGINE,
                "build",
                "--strict",
                "--clean",
                "--config-file",
                str(config),
                "--site-dir",
                str((stage / language).resolve()),
            ]
            log = logs.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
            process = subprocess.Popen(
                command, cwd=repository, env=environment, stdout=log, stderr=subprocess.STDOUT, text=True
            )
            processes[language] = (config, process, log)
        for language, (config, process, output) in processes.items():
            if process.wait() != 0:
                output.seek(0)
                failures.append(_engine_problems(language, config, output.read()))
    if failures:
        raise ChitieuError(tuple(p for failure in failures for p in failure.problems))


def _inside(root: Path, path: str) -> Path:
    """Where a file at `path` (relative to `root`) is written, its folder made; a path that
    would leave `root` is refused."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"a published file must stay inside the site: {path!r}")
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _fill_charts(stage: Path, pages: Iterable[tuple[str, str]], chart_files: Mapping[str, Path]) -> None:
    """Write each chart's SVG into the built pages (language, path) that show it
    (markdown.chart_slot)."""

    def svg_of(digest: str) -> str:
        return chart_files[digest].read_text(encoding="utf-8")

    for language, page in pages:
        built = stage / language / (url_of(page) + "index.html")
        built.write_text(markdown.fill_charts(built.read_text(encoding="utf-8"), svg_of), encoding="utf-8")


def _copy_files(root: Path, files: Iterable[tuple[str, Path]]) -> None:
    """Each file (its published path, where it is now) into the site, hard-linked when it
    can be: a file under build/ is never changed in place (the cache's are written once
    under their hash, `_sync_tree` replaces a file whole), and thousands of cards need not
    be copied."""
    for published, source in sorted(files):
        path = _inside(root, published)
        # A file of the same path (one the engine built) is replaced, never written into:
        # copying onto it would change the file it may be linked to.
        path.unlink(missing_ok=True)
        try:
            os.link(source, path)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(source, path)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A site ready for the engine: its pages and downloads written to disk, and what else
    the engine's run needs as paths and digests only (its mappings are read-only views).
    Everything our stages made can be let go before the engines start (at 14,000 targets,
    over a GB)."""

    repository: Path
    build_dir: Path
    site: Path
    languages: tuple[str, ...]
    docs_dirs: Mapping[str, Path]
    downloads: Path  # a folder holding exactly the downloads, at their published paths
    epoch: int
    site_url: str | None
    titles: Mapping[str, SiteTitle]
    charted: tuple[tuple[str, str], ...]  # (language, page path) of each page that shows charts
    charts: Mapping[str, Path]  # each chart's SVG by its digest
    files: tuple[FileCopy, ...]  # the charts' and the other files published as they are
    fingerprint: str


def prepare(
    *,
    repository: Path,
    docs: Path,
    build_dir: Path,
    site: Path,
    languages: Iterable[str],
    pages: Iterable[Page],
    downloads: Iterable[Download],
    epoch: int,
    site_url: str | None = None,
    titles: Iterable[SiteTitle] = (),
    charts: Iterable[FileCopy] = (),
    files: Iterable[FileCopy] = (),
) -> Prepared:
    """Write each language's docs folder and the downloads under `build_dir`, and fingerprint
    the site they make. `charts`: each chart's SVG, published as a file and written into the
    pages that show it; `files`: other files published as they are."""
    languages = tuple(languages)
    pages = tuple(pages)
    charts = tuple(charts)
    titles_of = {title.language: title for title in titles}
    docs_dirs = {language: write_docs(docs, build_dir, language, pages) for language in languages}
    held = build_dir / "downloads"
    _sync_tree(held, {download.path: download.content for download in downloads})
    published = (*charts, *files)
    return Prepared(
        repository=repository,
        build_dir=build_dir,
        site=site,
        languages=languages,
        docs_dirs=MappingProxyType(docs_dirs),
        downloads=held,
        epoch=epoch,
        site_url=site_url,
        titles=MappingProxyType(titles_of),
        charted=tuple(
            (page.language, page.path)
            for page in pages
            if page.language in docs_dirs and markdown.has_charts(page.markdown)
        ),
        charts=MappingProxyType({chart.digest: chart.source for chart in charts}),
        files=published,
        fingerprint=_fingerprint(
            repository, site, languages, [*docs_dirs.values(), held], published, epoch, site_url, titles_of
        ),
    )


def build(prepared: Prepared) -> None:
    """Build the website into its `site` folder; raise `ChitieuError` if the engine refuses
    a page."""
    site, build_dir = prepared.site, prepared.build_dir
    # The same inputs build the same bytes: when nothing the site is made of changed since
    # the last build, site/ already holds it and the engine need not run again.
    stamp = build_dir / "site.sha256"
    if site.is_dir() and stamp.is_file() and stamp.read_text(encoding="utf-8") == prepared.fingerprint:
        return
    stamp.unlink(missing_ok=True)

    stage = build_dir / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    _run_engines(
        prepared.repository, prepared.docs_dirs, stage, prepared.epoch, prepared.site_url, prepared.titles
    )
    _fill_charts(stage, prepared.charted, prepared.charts)

    root = stage / DEFAULT_LANGUAGE
    for language in prepared.languages:
        (stage / language / "sitemap.xml").unlink(missing_ok=True)
        (stage / language / "sitemap.xml.gz").unlink(missing_ok=True)
        if language != DEFAULT_LANGUAGE:
            (stage / language).rename(root / language)
    held = prepared.downloads
    downloads = [(path.relative_to(held).as_posix(), path) for path in held.rglob("*") if path.is_file()]
    _copy_files(root, [*downloads, *((file.path, file.source) for file in prepared.files)])
    if prepared.site_url:
        pages_of = {
            language: [page for page in _markdown_pages(folder) if not page.startswith(UNLISTED_ROOTS)]
            for language, folder in prepared.docs_dirs.items()
        }
        (root / "sitemap.xml").write_bytes(sitemap(prepared.site_url, pages_of, prepared.epoch))

    # Swap in the new site: two renames, never a half-written site/.
    old = build_dir / "site.old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    root.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)
    stamp.write_text(prepared.fingerprint, encoding="utf-8")


def _markdown_pages(docs_dir: Path) -> list[str]:
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))


def _fingerprint(
    repository: Path,
    site: Path,
    languages: Iterable[str],
    folders: Iterable[Path],
    files: Iterable[FileCopy],
    epoch: int,
    site_url: str | None,
    titles: Mapping[str, SiteTitle],
) -> str:
    """The sha256 of everything a built site is made of: the engine and its version, its
    configs and theme overrides, every file of the `folders` (the docs of every language,
    the downloads), the other files' digests, the date, the address and the site's names."""
    digest = hashlib.sha256()

    def add(part: str | bytes) -> None:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)  # lengths keep the parts apart

    for part in (sys.executable, str(site), str(epoch), site_url or ""):
        add(part)
    for language, title in sorted(titles.items()):
        add(f"{language}\0{title.name}\0{title.description}")
    for name in (ENGINE, "mkdocs", "mkdocs-material"):
        add(f"{name} {version(name)}")
    for root in [*engine_files(repository, languages), *folders]:
        paths = [root] if root.is_file() else sorted(path for path in root.rglob("*") if path.is_file())
        for path in paths:
            add(str(path))
            add(path.read_bytes())
    for file in sorted(files, key=lambda f: f.path):
        add(file.path)
        add(file.digest)
    return digest.hexdigest()


def serve(
    *,
    site: Path,
    watched: Iterable[Path],
    rebuild: Callable[[], None],
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Serve `site` with live reload: when a watched file changes, call `rebuild`, then
    reload the open pages. Runs until interrupted (Ctrl+C)."""
    from properdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site))

    def error_page(code: int) -> bytes | None:
        page = site / f"{code}.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_page
    for path in sorted(set(watched)):
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()  # type: ignore[no-untyped-call]  # the engine's API has no annotations
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
