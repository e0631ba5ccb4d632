"""The commands that build and preview the site: build, serve."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import click
from rich.console import Console

from chitieu.cli.options import EXIT_UNUSABLE, language_option
from chitieu.cli.problems import refuse, render_problems
from chitieu.messages import translate
from chitieu.problems import ChitieuError


@click.command()
@click.option("--quiet", is_flag=True, help="One summary line instead of progress bars (the default in CI).")
@language_option
def build(quiet: bool, language: str) -> None:
    """Validate the data and build the website into site/."""
    from chitieu import pipeline
    from chitieu.cli import progress

    console = Console(soft_wrap=True, highlight=False)
    try:
        with progress.BuildProgress(console, language, progress.wants_bars(console, quiet)) as bars:
            result = pipeline.build(pipeline.Config.from_repository(Path.cwd(), quiet=quiet), bars)
    except ChitieuError as error:  # invalid data: the validator's problems, and nothing is built
        refuse(error, language)
    console.print(bars.summary(result), markup=False)


@click.command()
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
        refuse(error, language)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        click.echo(translate(language, "site.build.port_in_use", port=port), err=True)
        sys.exit(EXIT_UNUSABLE)
