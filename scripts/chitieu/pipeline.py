"""The whole flow in one place: validate -> load -> assess -> charts -> pages -> publish -> site.

`build` calls the stages in order and nothing else; the CLI and the tests call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chitieu import load
from chitieu.problems import ChitieuError
from chitieu.validate import validate


@dataclass(frozen=True, slots=True)
class Config:
    """Where things are; built once from the repository and the command-line flags."""

    repository: Path
    descriptor: Path
    docs: Path  # hand-written pages, docs/vi and docs/en
    build: Path  # generated Markdown, charts cache (git-ignored)
    site: Path  # the built website (git-ignored)
    quiet: bool = False

    @classmethod
    def from_repository(cls, repository: Path, quiet: bool = False) -> Config:
        return cls(
            repository=repository,
            descriptor=repository / load.DEFAULT_DESCRIPTOR,
            docs=repository / "docs",
            build=repository / "build",
            site=repository / "site",
            quiet=quiet,
        )


def build(config: Config) -> None:
    """Validate the package and build the site; raise `ChitieuError` on invalid data."""
    report = validate(config.descriptor)
    if not report.valid:
        raise ChitieuError(report.problems)


def serve(config: Config, port: int) -> None:
    """Preview the site with live reload (not built yet)."""
    build(config)
