"""`chitieu diff`: what changed in the data between two versions, in sentences."""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from chitieu.cli.options import (
    DEFAULT_DESCRIPTOR,
    EXIT_INVALID,
    EXIT_UNUSABLE,
    language_option,
    max_file_size_option,
)
from chitieu.cli.problems import render_problems
from chitieu.messages import translate
from chitieu.problems import Problem, UnusableInputError

if TYPE_CHECKING:  # imported by the command itself: `chitieu --help` stays quick
    from chitieu.diff.report import Side
    from chitieu.records import Package


@click.command()
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
    from chitieu.diff import compare, report

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
        changes = compare.compare(old.package, new.package)
    click.echo(report.render(changes, old.side, new.side, language, output_format))


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
    from chitieu.diff.report import Side
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
    from chitieu.diff.report import markdown_text, side_label

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
