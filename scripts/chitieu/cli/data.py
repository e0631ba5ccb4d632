"""The commands that read and mend the data: validate, normalize, import-workbook."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from chitieu.cli.options import (
    EXIT_INVALID,
    EXIT_UNUSABLE,
    MAX_LISTED_LINES,
    language_option,
    max_file_size_option,
    path_argument,
)
from chitieu.cli.problems import annotation_base, print_report, refuse_input, render_problems
from chitieu.messages import translate
from chitieu.problems import ChitieuError, UnusableInputError

if TYPE_CHECKING:  # imported by the commands that need it: `chitieu --help` stays quick
    from chitieu.edit.normalize import Conversion


@click.command()
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
    print_report(report, language, base)


@click.command()
@path_argument
@click.option("--check", is_flag=True, help="Only list what would change; exit 1 if anything would.")
@language_option
@max_file_size_option
def normalize(path: Path, check: bool, language: str, max_bytes: int) -> None:
    """Convert the CSV files of PATH that Excel saved with semicolons or as a workbook, and
    rewrite text that is not Unicode NFC; nothing else changes."""
    from chitieu.edit.normalize import normalize as run_normalize

    try:
        done = run_normalize(path, write=not check, max_bytes=max_bytes)
    except ChitieuError as error:
        refuse_input(error, language)
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


@click.command("import-workbook")
@click.argument("workbook", type=click.Path(path_type=Path))
@path_argument
@language_option
@max_file_size_option
def import_workbook(workbook: Path, path: Path, language: str, max_bytes: int) -> None:
    """Write each sheet of WORKBOOK (the .xlsx the site publishes, edited in Excel) into its
    CSV file in PATH, then check the package (exit 0 valid, 1 invalid, 2 unusable)."""
    from chitieu.edit.normalize import import_workbook as run_import
    from chitieu.validate import validate as run_validation

    try:
        imported = run_import(workbook, path, max_bytes=max_bytes)
    except ChitieuError as error:
        refuse_input(error, language)
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
        refuse_input(error, language)
    print_report(report, language, annotation_base(path))
