"""Excel's habits as a clerk meets them: `chitieu normalize` converts what Excel saved its
own way, and `chitieu import-workbook` brings the published workbook back, edited."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from chitieu.cli import cli

BAD_INPUTS = Path(__file__).parent / "bad_inputs"


def copy_case(name: str, destination: Path) -> Path:
    shutil.copytree(BAD_INPUTS / name, destination, symlinks=False)
    return destination


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def chitieu(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


# --- normalize ---------------------------------------------------------------------------------


def test_a_semicolon_file_is_converted_when_asked_and_only_listed_on_check(tmp_path: Path) -> None:
    folder = copy_case("csv-semicolon-separated", tmp_path / "package")
    before = files(folder)
    check = chitieu("normalize", folder, "--check", "--lang", "en")
    assert check.exit_code == 1 and files(folder) == before
    assert "observations.csv: semicolons (;) between the cells → commas, 4 row(s)." in check.output
    assert "decimal commas → points (11,4 → 11.4) on 3 line(s): 2, 4, 5" in check.output
    done = chitieu("normalize", folder, "--lang", "vi")
    assert done.exit_code == 0, done.output
    assert "observations.csv: dấu chấm phẩy (;) giữa các ô → dấu phẩy, 4 dòng." in done.output
    after = files(folder)
    assert {k: v for k, v in after.items() if k != "observations.csv"} == {
        k: v for k, v in before.items() if k != "observations.csv"
    }
    # The same cells as the comma file Excel should have saved: text keeps its ";" and ",".
    assert rows(folder / "observations.csv") == rows(BAD_INPUTS / "valid" / "observations.csv")
    assert after["observations.csv"].count(b"\r") == 0
    assert chitieu("validate", folder).exit_code == 0
    assert "nothing to change" in chitieu("normalize", folder, "--lang", "en").output


def test_a_workbook_saved_as_csv_is_written_as_its_sheet(tmp_path: Path) -> None:
    folder = copy_case("csv-is-workbook", tmp_path / "package")
    done = chitieu("normalize", folder, "--lang", "en")
    assert done.exit_code == 0, done.output
    assert 'observations.csv: Excel workbook, sheet "observations" → CSV UTF-8, 4 row(s).' in done.output
    # Dates typed as dates (shown 23/09/2023), numbers as numbers, booleans as TRUE/FALSE.
    assert rows(folder / "observations.csv") == rows(BAD_INPUTS / "valid" / "observations.csv")
    assert chitieu("validate", folder).exit_code == 0


def test_an_old_xls_workbook_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    folder = copy_case("csv-semicolon-separated", tmp_path / "package")
    (folder / "sources.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    before = files(folder)
    result = chitieu("normalize", folder, "--lang", "en")
    assert result.exit_code == 1
    assert (
        "sources.csv is an Excel workbook (.xls)" in result.output and "Nothing was changed" in result.output
    )
    assert files(folder) == before  # not even the semicolon file that could have been converted
