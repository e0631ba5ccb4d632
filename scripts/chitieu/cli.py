"""The `chitieu` command. It parses flags, calls the pipeline, renders problems and
chooses the exit code; it is the only place that catches `ChitieuError`.

Exit codes: 0 valid or built, 1 the data is invalid, 2 the input cannot be used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from chitieu import __version__
from chitieu.messages import LANGUAGES, translate
from chitieu.problems import ChitieuError, Problem, UnusableInputError

EXIT_INVALID = 1
EXIT_UNUSABLE = 2

language_option = click.option(
    "--lang",
    "language",
    type=click.Choice(LANGUAGES),
    default="vi",
    show_default=True,
    help="Language of the messages.",
)


def describe(problem: Problem, language: str) -> tuple[str, str]:
    """(what is wrong, how to fix it) in `language`."""
    code = problem.code if _known(problem.code, language) else "general-error"
    params = {
        "file": problem.file,
        "row": problem.row if problem.row is not None else "",
        "column": problem.column or "",
        "value": problem.value if problem.value is not None else "",
        "note": "",
        "detail": "",
        "resource": "",
        "encoding": "",
        "size": "",
        "limit": "",
        **dict(problem.params),
    }
    return (
        translate(language, f"problems.{code}.message", **params),
        translate(language, f"problems.{code}.fix", **params),
    )


def _known(code: str, language: str) -> bool:
    from chitieu.messages import has_message

    return has_message(language, f"problems.{code}.message")


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
            where = f"file={file}" + (f",line={p.row}" if p.row else "")
            lines.append(f"::error {where},title={p.code}::{_github_escape(message + ' ' + fix)}")
        else:
            lines.append(f"✗ {message}\n  → {fix}")
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chitieu")
def cli() -> None:
    """chitieu: resolution targets as open data and a bilingual website."""


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("datapackage/datapackage.json"))
@language_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for workflow annotations.",
)
def validate(path: Path, language: str, output_format: str) -> None:
    """Check the data package at PATH and report every problem."""
    from chitieu import summary
    from chitieu.validate import validate as run_validation

    console = Console(soft_wrap=True, highlight=False)
    base = Path(path).parent if not Path(path).is_dir() else Path(path)
    try:
        report = run_validation(path)
    except UnusableInputError as error:
        click.echo(
            render_problems(error.problems, language, output_format, base), err=output_format == "text"
        )
        sys.exit(EXIT_UNUSABLE)
    if output_format != "text":
        if report.problems or output_format == "json":
            click.echo(render_problems(report.problems, language, output_format, base))
        sys.exit(EXIT_INVALID if report.problems else 0)
    if report.problems:
        console.print(render_problems(report.problems, language, output_format, base), markup=False)
        console.print(translate(language, "cli.invalid", count=len(report.problems)), style="bold red")
        sys.exit(EXIT_INVALID)
    console.print(summary.render(path, language), markup=False)
    console.print(translate(language, "cli.valid"), style="bold green")


@cli.command()
@click.option("--quiet", is_flag=True, help="One summary line instead of progress bars (the default in CI).")
def build(quiet: bool) -> None:
    """Validate the data and build the website into site/."""
    from chitieu import pipeline

    pipeline.build(pipeline.Config.from_repository(Path.cwd(), quiet=quiet))


@cli.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(port: int) -> None:
    """Preview the site on 127.0.0.1 and rebuild it when the data or docs change."""
    from chitieu import pipeline

    pipeline.serve(pipeline.Config.from_repository(Path.cwd()), port=port)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except ChitieuError as error:  # a stage refused its input: say what, never a traceback
        click.echo(render_problems(error.problems, "vi", "text", Path()), err=True)
        sys.exit(EXIT_INVALID)
