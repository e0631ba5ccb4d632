"""The `chitieu` command. It parses flags, calls the pipeline, renders problems and
chooses the exit code; it is the only place that catches `ChitieuError`.

Exit codes: 0 valid or built, 1 the data is invalid, 2 the input cannot be used.
"""

from __future__ import annotations

import errno
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NoReturn

import click
from rich.console import Console

from chitieu import __version__
from chitieu.messages import LANGUAGES, has_message, translate
from chitieu.problems import ChitieuError, Problem, Report, UnusableInputError

if TYPE_CHECKING:  # the commands import their stages when they run, so that --help stays instant
    from chitieu.normalize import Conversion

if TYPE_CHECKING:  # the commands import what they need when they run, so that --help is instant
    from chitieu.diff_report import Side
    from chitieu.records import Package

EXIT_INVALID = 1
EXIT_UNUSABLE = 2
DEFAULT_DESCRIPTOR = Path("datapackage") / "datapackage.json"  # = load.DEFAULT_DESCRIPTOR, kept light
DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024  # = load.MAX_FILE_BYTES; a test keeps the two equal
# A conversion names the lines it rewrote; past this many, the file itself is the list.
MAX_LISTED_LINES = 10
# Placeholders a message may use; a problem that lacks one shows it empty.
_PLACEHOLDERS = (
    "file", "row", "column", "value", "note", "detail", "resource", "size", "limit",
    "type", "constraint", "reference",
)  # fmt: skip

language_option = click.option(
    "--lang",
    "language",
    type=click.Choice(LANGUAGES),
    default="vi",
    show_default=True,
    help="Language of the messages.",
)


class FileSize(click.ParamType[int]):
    """A size in bytes, or with a binary suffix: 300M, 2G."""

    name = "size"
    _units: ClassVar[dict[str, int]] = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", str(value), re.IGNORECASE)
        if match is None:
            self.fail(f"{value!r} is not a size such as 300M or 2G", param, ctx)
        return int(match[1]) * self._units[match[2].upper()]


max_file_size_option = click.option(
    "--max-file-size",
    "max_bytes",
    type=FileSize(),
    default=DEFAULT_MAX_FILE_SIZE,
    show_default="256M",
    help="Refuse (and never read) a CSV file larger than this, e.g. 300M or 2G.",
)
path_argument = click.argument("path", type=click.Path(path_type=Path), default=DEFAULT_DESCRIPTOR)


def describe(problem: Problem, language: str) -> tuple[str, str]:
    """(what is wrong, how to fix it) in `language`."""
    code = problem.code if has_message(language, f"problems.{problem.code}.message") else "general-error"
    params: dict[str, object] = dict.fromkeys(_PLACEHOLDERS, "")
    params |= {"file": problem.file, "column": problem.column or "", "value": problem.value or ""}
    params |= {"row": problem.row if problem.row is not None else "", **dict(problem.params)}
    if code == "general-error" and not params["note"]:
        params["note"] = problem.code
    fix = translate(language, f"problems.{code}.fix", **params)
    suggestion = problem.param("suggestion")
    if suggestion is not None:
        fix = translate(language, "cli.did_you_mean", suggestion=suggestion) + " " + fix
    rewrite = problem.param("rewrite")
    if rewrite is not None:
        fix = translate(language, "cli.write_instead", value=rewrite) + " " + fix
    # A variant says more when the problem knows more (a semicolon file that also has decimal commas).
    message = f"problems.{code}.message"
    variant = f"{message}_{problem.param('variant')}"
    return translate(language, variant if has_message(language, variant) else message, **params), fix


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def annotation_base(path: Path) -> Path:
    """The package folder as GitHub wants it in an annotation: relative to the repository
    root (the working directory in a workflow), e.g. `datapackage`."""
    folder = (path if path.is_dir() else path.parent).absolute()
    try:
        return folder.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return folder


def render_problems(problems: tuple[Problem, ...], language: str, output_format: str, base: Path) -> str:
    """The problems as text for a person, JSON for a program, or GitHub annotations."""
    if output_format == "json":
        items = []
        for p in problems:
            message, fix = describe(p, language)
            items.append(
                {
                    "code": p.code,
                    "file": p.file,
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "message": message,
                    "fix": fix,
                }
            )
        return json.dumps({"valid": not problems, "problems": items}, ensure_ascii=False, indent=2)
    lines = []
    for p in problems:
        message, fix = describe(p, language)
        if output_format == "github":
            file = (base / p.file).as_posix() if p.file else ""
            where = f"file={_github_escape(file, True)}" + (f",line={p.row}" if p.row else "")
            title = _github_escape(p.code, True)
            lines.append(f"::error {where},title={title}::{_github_escape(message + ' ' + fix)}")
        else:
            lines.append(f"✗ {message}\n  → {fix}")
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chitieu")
def cli() -> None:
    """chitieu: resolution targets as open data and a bilingual website."""


@cli.command()
@path_argument
@language_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for workflow annotations.",
)
@max_file_size_option
def validate(path: Path, language: str, output_format: str, max_bytes: int) -> None:
    """Check the data package at PATH and report every problem (exit 0 valid, 1 invalid, 2 unusable)."""
    from chitieu.validate import validate as run_validation

    base = annotation_base(path)
    try:
        report = run_validation(path, max_bytes=max_bytes)
    except UnusableInputError as error:
        text = render_problems(error.problems, language, output_format, base)
        click.echo(text, err=output_format == "text")
        sys.exit(EXIT_UNUSABLE)
    if output_format != "text":
        if report.problems or output_format == "json":
            click.echo(render_problems(report.problems, language, output_format, base))
        sys.exit(EXIT_INVALID if report.problems else 0)
    _print_report(report, language, base)


def _print_report(report: Report, language: str, base: Path) -> None:
    """The problems and their count (then exit 1), or the summary of a valid package."""
    from chitieu import summary

    console = Console(soft_wrap=True, highlight=False)
    if report.problems:
        console.print(render_problems(report.problems, language, "text", base), markup=False)
        console.print(translate(language, "cli.invalid", count=len(report.problems)), style="bold red")
        sys.exit(EXIT_INVALID)
    assert report.package is not None  # a valid report always carries what it read
    console.print(summary.render(report.package, language), markup=False)
    console.print(translate(language, "cli.valid"), style="bold green")


def _refused_input(error: ChitieuError, language: str) -> NoReturn:
    """Nothing was written: the problems that stopped it, exit 2 if unusable, else 1."""
    click.echo(render_problems(error.problems, language, "text", Path()), err=True)
    if isinstance(error, UnusableInputError):
        sys.exit(EXIT_UNUSABLE)
    click.echo(translate(language, "cli.normalize_refused"), err=True)
    sys.exit(EXIT_INVALID)


@cli.command()
@path_argument
@click.option("--check", is_flag=True, help="Only list what would change; exit 1 if anything would.")
@language_option
@max_file_size_option
def normalize(path: Path, check: bool, language: str, max_bytes: int) -> None:
    """Convert the CSV files of PATH that Excel saved with semicolons or as a workbook, and
    rewrite text that is not Unicode NFC; nothing else changes."""
    from chitieu.normalize import normalize as run_normalize

    try:
        done = run_normalize(path, write=not check, max_bytes=max_bytes)
    except ChitieuError as error:
        _refused_input(error, language)
    for conversion in done.conversions:
        for line in conversion_lines(conversion, language):
            click.echo(line)
    verb = "normalize_would_change" if check else "normalize_changed"
    for change in done.cells:
        click.echo(translate(language, f"cli.{verb}", file=change.file, row=change.row, column=change.column))
        click.echo(f"  {change.after}")
    converted, cells = len(done.conversions), len(done.cells)
    if converted:
        click.echo(
            translate(language, f"cli.normalize_{'would_convert' if check else 'converted'}", files=converted)
        )
    if cells:
        files = len({c.file for c in done.cells})
        summary = "normalize_check_summary" if check else "normalize_summary"
        click.echo(translate(language, f"cli.{summary}", cells=cells, files=files))
    if not converted and not cells:
        click.echo(translate(language, "cli.normalize_nothing"))
    elif check:
        sys.exit(EXIT_INVALID)


def conversion_lines(conversion: Conversion, language: str) -> list[str]:
    """What converting one file did: the file, the conversion, the rows."""
    params = {"file": conversion.file, "rows": conversion.rows, "sheet": conversion.sheet}
    lines = [translate(language, f"cli.convert_{conversion.kind}", **params)]
    if conversion.number_lines:
        shown = ", ".join(str(n) for n in conversion.number_lines[:MAX_LISTED_LINES])
        more = "…" if len(conversion.number_lines) > MAX_LISTED_LINES else ""
        lines.append(
            translate(language, "cli.convert_numbers", count=len(conversion.number_lines), lines=shown + more)
        )
    return lines


@cli.command("import-workbook")
@click.argument("workbook", type=click.Path(path_type=Path))
@path_argument
@language_option
@max_file_size_option
def import_workbook(workbook: Path, path: Path, language: str, max_bytes: int) -> None:
    """Write each sheet of WORKBOOK (the .xlsx the site publishes, edited in Excel) into its
    CSV file in PATH, then check the package (exit 0 valid, 1 invalid, 2 unusable)."""
    from chitieu.normalize import import_workbook as run_import
    from chitieu.validate import validate as run_validation

    try:
        imported = run_import(workbook, path, max_bytes=max_bytes)
    except ChitieuError as error:
        _refused_input(error, language)
    for table in imported.tables:
        params = {"file": table.file, "rows": table.rows, "sheet": ", ".join(table.sheets)}
        if table.changed:
            params |= {"new": table.new_rows, "gone": table.gone_rows}
        click.echo(translate(language, f"cli.import_{'changed' if table.changed else 'unchanged'}", **params))
    for resource in imported.without_sheet:
        click.echo(translate(language, "cli.import_without_sheet", resource=resource))
    for sheet in imported.other_sheets:
        click.echo(translate(language, "cli.import_other_sheet", sheet=sheet))
    changed = len(imported.changed)
    key = "import_summary" if changed else "import_nothing"
    click.echo(translate(language, f"cli.{key}", files=changed, workbook=workbook.name))
    try:
        report = run_validation(path, max_bytes=max_bytes)
    except UnusableInputError as error:
        _refused_input(error, language)
    _print_report(report, language, annotation_base(path))


@cli.command()
@click.option("--quiet", is_flag=True, help="One summary line instead of progress bars (the default in CI).")
@language_option
def build(quiet: bool, language: str) -> None:
    """Validate the data and build the website into site/."""
    from chitieu import pipeline, progress

    console = Console(soft_wrap=True, highlight=False)
    try:
        with progress.BuildProgress(console, language, progress.wants_bars(console, quiet)) as bars:
            result = pipeline.build(pipeline.Config.from_repository(Path.cwd(), quiet=quiet), bars)
    except ChitieuError as error:  # invalid data: the validator's problems, and nothing is built
        _refuse(error, language)
    console.print(bars.summary(result), markup=False)


@cli.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@language_option
def serve(port: int, language: str) -> None:
    """Preview the site on 127.0.0.1 and rebuild it when the data or docs change."""
    from chitieu import pipeline

    def show(error: ChitieuError) -> None:  # a rebuild refused: say why, keep serving the last site
        click.echo(render_problems(error.problems, language, "text", Path()), err=True)

    click.echo(translate(language, "site.build.serving", url=f"http://127.0.0.1:{port}/"))
    try:
        pipeline.serve(pipeline.Config.from_repository(Path.cwd()), port=port, on_problems=show)
    except ChitieuError as error:  # the first build refused the data
        _refuse(error, language)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        click.echo(translate(language, "site.build.port_in_use", port=port), err=True)
        sys.exit(EXIT_UNUSABLE)


@cli.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--repository",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The git repository whose datapackage/ is compared (default: the current folder).",
)
@language_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, markdown for a GitHub job summary.",
)
@max_file_size_option
def diff(
    base: str | None,
    head: str | None,
    repository: Path | None,
    language: str,
    output_format: str,
    max_bytes: int,
) -> None:
    """Say in sentences what changed in the data between two commits.

    With no commit: the files as they are now against HEAD. With BASE: that commit against
    the files as they are now. With BASE and HEAD: the two commits. Exit 0 whether or not
    something changed, 1 when a side is invalid, 2 when there is no git repository, no such
    commit or no readable data.
    """
    from chitieu import diff as data_diff
    from chitieu import diff_report

    repository = repository or Path.cwd()
    revisions = ("HEAD", None) if base is None else (base, head)
    with tempfile.TemporaryDirectory(prefix="chitieu-diff-") as scratch:
        versions = [
            _version(name, revision, repository, Path(scratch), language, max_bytes)
            for name, revision in zip(("base", "head"), revisions, strict=True)
        ]
        failed = [v for v in versions if v.package is None]
        if failed:  # a side that is not valid data cannot be compared: say why, as validate does
            click.echo(_version_problems(failed, language, output_format))
            sys.exit(EXIT_UNUSABLE if any(v.unusable for v in failed) else EXIT_INVALID)
        old, new = versions
        assert old.package is not None and new.package is not None
        changes = data_diff.compare(old.package, new.package)
    click.echo(diff_report.render(changes, old.side, new.side, language, output_format))


@dataclass(frozen=True, slots=True)
class _Version:
    """One side of `chitieu diff` ("base" or "head"): read and valid (`package`), or its problems."""

    name: str
    side: Side
    package: Package | None
    problems: tuple[Problem, ...] = ()
    unusable: bool = False


def _version(
    name: str, revision: str | None, repository: Path, scratch: Path, language: str, max_bytes: int
) -> _Version:
    """The package at `revision` (None: the working tree), read by the normal validator;
    a commit's files are written into `scratch`/`name` first."""
    from chitieu import history
    from chitieu.diff_report import Side
    from chitieu.validate import validate as run_validation

    folder = repository / DEFAULT_DESCRIPTOR.parent
    commit = None
    if revision is not None:
        destination = scratch / name
        destination.mkdir()
        try:
            commit = history.write_package_at(repository, folder, revision, destination)
        except history.CommitUnreadable as error:
            params = {"revision": revision, "repository": repository.absolute(), "detail": error.detail}
            click.echo(translate(language, f"diff.git.{error.reason.value}", **params), err=True)
            sys.exit(EXIT_UNUSABLE)
        folder = destination
    side = Side(revision, commit)
    try:
        report = run_validation(folder / DEFAULT_DESCRIPTOR.name, max_bytes=max_bytes)
    except UnusableInputError as error:
        return _Version(name, side, None, error.problems, unusable=True)
    return _Version(name, side, report.package if report.valid else None, report.problems)


def _version_problems(failed: list[_Version], language: str, output_format: str) -> str:
    """Each side's problems as `chitieu validate` shows them, under a line naming the side;
    in JSON, one document with validate's object per side."""
    from chitieu.diff_report import markdown_text, side_label

    if output_format == "json":
        document: dict[str, object] = {"valid": False}
        for version in failed:
            shown = json.loads(render_problems(version.problems, language, "json", Path()))
            document[version.name] = {
                "revision": version.side.revision,
                "commit": version.side.commit,
            } | shown
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    parts = []
    for version in failed:
        key = "diff.unusable" if version.unusable else "diff.invalid"
        side = side_label(version.side, language)
        heading = translate(language, key, side=side, count=len(version.problems))
        text = render_problems(version.problems, language, "text", Path())
        if output_format == "markdown":
            items = [f"- {markdown_text(line)}" for line in text.splitlines() if line.strip()]
            parts.append("\n".join([f"### {markdown_text(heading)}", "", *items]))
        else:
            parts.append(f"{heading}\n{text}")
    return "\n\n".join(parts)


def _refuse(error: ChitieuError, language: str) -> NoReturn:
    click.echo(render_problems(error.problems, language, "text", Path()), err=True)
    click.echo(translate(language, "cli.build_refused", count=len(error.problems)), err=True)
    sys.exit(EXIT_INVALID)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except ChitieuError as error:  # a stage refused its input: say what, never a traceback
        click.echo(render_problems(error.problems, "vi", "text", Path()), err=True)
        sys.exit(EXIT_INVALID)
