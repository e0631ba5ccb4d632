"""The maintainer's guide cannot drift from the program: every command, every problem
code the program can report and every status is in it, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from chitieu import assess, ingest, pages, validate
from chitieu.cli import cli
from chitieu.messages import LANGUAGES, has_message, translate
from chitieu.records import Page, Status
from chitieu.site import urls
from chitieu.validate import checks
from tests.conftest import SNAPSHOT_DESCRIPTOR

REPOSITORY = Path(__file__).resolve().parent.parent
SCRIPTS = REPOSITORY / "scripts" / "chitieu"
DOCS = REPOSITORY / "docs"


def reported_codes() -> set[str]:
    """Every problem code the program can report: the codes each stage declares, and every
    code written as `Problem("...")` anywhere in the package."""
    codes = set(ingest.CODES) | set(validate.FRICTIONLESS_CODES)
    codes |= {code for emitted in checks.EMITS.values() for code in emitted}
    for module in SCRIPTS.rglob("*.py"):
        codes |= set(re.findall(r'Problem\(\s*"([a-z0-9-]+)"', module.read_text(encoding="utf-8")))
    return codes


@pytest.fixture(scope="module")
def guides() -> dict[str, str]:
    """The guide page as the pages stage writes it (Markdown), per language."""
    package = ingest.load(SNAPSHOT_DESCRIPTOR)
    rendered = pages.render(pages.PageInputs(package, assess.assess(package)), LANGUAGES, DOCS)
    found: dict[str, Page] = {p.language: p for p in rendered if p.path == urls.GUIDE_PAGE}
    assert set(found) == set(LANGUAGES)
    return {language: page.markdown for language, page in found.items()}


def test_the_program_reports_codes_the_test_can_see() -> None:
    assert len(reported_codes()) > 50  # the regular expressions still find the codes


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_problem_has_a_message_a_fix_and_a_heading_in_the_guide(
    guides: dict[str, str], language: str
) -> None:
    undocumented = [
        code
        for code in sorted(reported_codes())
        if not has_message(language, f"problems.{code}.message")
        or not has_message(language, f"problems.{code}.fix")
        or f"\n#### `{code}`\n" not in guides[language]
    ]
    assert undocumented == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_says_what_each_problem_means_and_how_to_fix_it(
    guides: dict[str, str], language: str
) -> None:
    guide = guides[language]
    entry = guide[guide.index("#### `percent-inconsistent`") :].split("\n#### ", 2)[0]
    meaning = translate(language, "site.guide.problem_message")
    fix = translate(language, "site.guide.problem_fix")
    assert f"\n{meaning}: " in entry and f"\n{fix}: " in entry
    # The catalogue's words, with "…" where the validator fills in the file and the row.
    first_words = translate(language, "problems.percent-inconsistent.fix").split("{")[0].split()[:3]
    assert " ".join(first_words) in entry.replace("\\", "")
    assert "{" not in entry


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_status_is_explained_in_the_guide(guides: dict[str, str], language: str) -> None:
    for status in Status:
        assert translate(language, f"status.label.{status.value}") in guides[language]
        assert f"(`{status.value}`)" in guides[language]


def _commands(group: click.Group) -> list[str]:
    return sorted(group.commands)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_command_is_in_the_hand_written_guide_and_has_help(language: str) -> None:
    guide = (DOCS / language / "guide.md").read_text(encoding="utf-8")
    assert isinstance(cli, click.Group)
    assert _commands(cli) == ["build", "diff", "import-workbook", "normalize", "serve", "validate"]
    for name in _commands(cli):
        assert f"chitieu {name}" in guide, name
        assert (cli.commands[name].help or "").strip(), name
    for words in (
        "make serve",
        "make site",
        "make test",
        ".github/workflows/publish.yml",
        "SOURCE_DATE_EPOCH",
    ):
        assert words in guide, words


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guides_examples_are_rows_of_the_snapshot(language: str) -> None:
    """Each CSV example row in the guide is a row of the file it names, in the snapshot of
    the real package (the guide's examples need not follow every later edit of the data)."""
    guide = (DOCS / language / "guide.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```csv\n(.*?)```", guide, flags=re.DOTALL)
    assert len(blocks) == 4
    for block in blocks:
        header, *rows = block.strip("\n").split("\n")
        matching = [
            path
            for path in SNAPSHOT_DESCRIPTOR.parent.glob("*.csv")
            if path.read_text(encoding="utf-8").splitlines()[0] == header
        ]
        assert len(matching) == 1, header
        lines = matching[0].read_text(encoding="utf-8").splitlines()
        assert [row for row in rows if row not in lines] == [], matching[0].name
