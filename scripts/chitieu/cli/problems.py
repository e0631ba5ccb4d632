"""Problems in words: for a person (text), a program (JSON) or a workflow (GitHub annotations),
in the chosen language; and the one way a command refuses its input."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console

from chitieu.cli.options import EXIT_INVALID, EXIT_UNUSABLE
from chitieu.messages import has_message, translate
from chitieu.problems import ChitieuError, Problem, Report, UnusableInputError

# Placeholders a message may use; a problem that lacks one shows it empty.
_PLACEHOLDERS = (
    "file", "row", "column", "value", "note", "detail", "resource", "size", "limit",
    "type", "constraint", "reference",
)  # fmt: skip


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


def print_report(report: Report, language: str, base: Path) -> None:
    """The problems and their count (then exit 1), or the summary of a valid package."""
    from chitieu.cli import summary

    console = Console(soft_wrap=True, highlight=False)
    if report.problems:
        console.print(render_problems(report.problems, language, "text", base), markup=False)
        console.print(translate(language, "cli.invalid", count=len(report.problems)), style="bold red")
        sys.exit(EXIT_INVALID)
    assert report.package is not None  # a valid report always carries what it read
    console.print(summary.render(report.package, language), markup=False)
    console.print(translate(language, "cli.valid"), style="bold green")


def refuse_input(error: ChitieuError, language: str) -> NoReturn:
    """Nothing was written: the problems that stopped it, exit 2 if unusable, else 1."""
    click.echo(render_problems(error.problems, language, "text", Path()), err=True)
    if isinstance(error, UnusableInputError):
        sys.exit(EXIT_UNUSABLE)
    click.echo(translate(language, "cli.normalize_refused"), err=True)
    sys.exit(EXIT_INVALID)


def refuse(error: ChitieuError, language: str) -> NoReturn:
    click.echo(render_problems(error.problems, language, "text", Path()), err=True)
    click.echo(translate(language, "cli.build_refused", count=len(error.problems)), err=True)
    sys.exit(EXIT_INVALID)
