"""The `chitieu` command. It parses flags, calls the pipeline, renders problems and
chooses the exit code; it is the only place that catches `ChitieuError`.

Exit codes: 0 valid or built, 1 the data is invalid, 2 the input cannot be used.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chitieu import __version__
from chitieu.cli.data import import_workbook, normalize, validate
from chitieu.cli.diff import diff
from chitieu.cli.options import EXIT_INVALID
from chitieu.cli.problems import render_problems
from chitieu.cli.site import build, serve
from chitieu.problems import ChitieuError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chitieu")
def cli() -> None:
    """chitieu: resolution targets as open data and a bilingual website."""


def main() -> None:
    try:
        cli(standalone_mode=True)
    except ChitieuError as error:  # a stage refused its input: say what, never a traceback
        click.echo(render_problems(error.problems, "vi", "text", Path()), err=True)
        sys.exit(EXIT_INVALID)


for command in (validate, normalize, import_workbook, build, serve, diff):
    cli.add_command(command)
