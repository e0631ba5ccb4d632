"""The maintainer's guide: the hand-written guide, then every problem the validator can
report, in the catalogue's sections, with its fix."""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

from chitieu.messages import LOCALES, unfilled
from chitieu.pages.writer import Writer
from chitieu.records import Page
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [
        lambda: writer.render(
            "guide.md.j2",
            urls.GUIDE_PAGE,
            intro=writer.intro(urls.GUIDE_PAGE),
            sections=problem_sections(writer.language),
        )
    ]


# A section of the problem catalogue: `# --- Title ----` on a line of its own.
_SECTION = re.compile(r"^#\s*-{3}\s*(.+?)\s*-*\s*$")
_TABLE = re.compile(r"^\[([a-z0-9-]+)\]\s*$")


def problem_sections(language: str) -> list[tuple[str, list[tuple[Markup, str, str]]]]:
    """Every problem of the catalogue (`locales/<language>/problems.toml`), in its
    sections and order: (section title, [(code, what it means, how to fix it)]). The
    maintainer's guide prints it, so it cannot drift from what the validator says.
    Placeholders ({file}, {row} ...) show as "…".

    >>> title, problems = problem_sections("en")[0]
    >>> problems[0][0], problems[0][1]
    (Markup('`no-such-file`'), 'There is no file or folder at ….')
    """
    sections: list[tuple[str, list[tuple[Markup, str, str]]]] = []
    lines = (LOCALES / language / "problems.toml").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if section := _SECTION.match(line):
            sections.append((section[1], []))
        elif (table := _TABLE.match(line)) and sections:
            code = table[1]
            sections[-1][1].append(
                (
                    Markup(f"`{code}`"),
                    unfilled(language, f"problems.{code}.message"),
                    unfilled(language, f"problems.{code}.fix"),
                )
            )
    return [(title, problems) for title, problems in sections if problems]
