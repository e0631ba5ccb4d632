"""Excel's habits as a clerk meets them: `chitieu normalize` converts what Excel saved its
own way, and `chitieu import-workbook` brings the published workbook back, edited."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from chitieu import ingest
from chitieu.cli import cli
from chitieu.export.archives import workbook
from chitieu.export.tables import read_tables
from tests.sitebuild import write_fixture_package

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


# --- import-workbook ---------------------------------------------------------------------------


def published_workbook(descriptor: Path, destination: Path) -> Path:
    """The workbook as the site publishes it (README sheet first, one sheet per table)."""
    read = ingest.read_descriptor(descriptor)
    files, _ = ingest.read_table_files(read)
    tables = read_tables(read, files)
    destination.write_bytes(workbook(tables, [("Title / Tiêu đề", "test")], "test", None))
    return destination


def test_an_unchanged_workbook_gives_back_every_file_byte_for_byte(tmp_path: Path) -> None:
    for name, descriptor in (
        ("fixture", write_fixture_package(tmp_path / "fixture")),
        ("real rows", copy_case("valid", tmp_path / "valid") / "datapackage.json"),
    ):
        before = files(descriptor.parent)
        book = published_workbook(descriptor, tmp_path / f"{name}.xlsx")
        result = chitieu("import-workbook", book, descriptor.parent, "--lang", "en")
        assert result.exit_code == 0, (name, result.output)
        assert files(descriptor.parent) == before, name
        assert "nothing was written" in result.output and "The data package is valid." in result.output


def test_an_edit_in_the_workbook_changes_its_row_and_nothing_else(tmp_path: Path) -> None:
    descriptor = copy_case("valid", tmp_path / "package") / "datapackage.json"
    before = files(descriptor.parent)
    book_path = published_workbook(descriptor, tmp_path / "book.xlsx")
    book = load_workbook(book_path)
    sheet = book["observations"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("note_en") + 1, value="Edited in Excel, with a comma.")
    book.save(book_path)
    result = chitieu("import-workbook", book_path, descriptor.parent, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (
        "observations.csv: written from sheet observations, 4 row(s): 1 new or edited, 1 removed or edited."
        in (result.output)
    )
    assert "sources.csv: unchanged (3 row(s))." in result.output
    after = files(descriptor.parent)
    assert [k for k in after if after[k] != before[k]] == ["observations.csv"]
    old, new = before["observations.csv"].splitlines(), after["observations.csv"].splitlines()
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [2]
    assert new[2].endswith(b',"Edited in Excel, with a comma."')


def test_an_imported_figure_is_checked_like_any_other(tmp_path: Path) -> None:
    descriptor = write_fixture_package(tmp_path / "package")
    book_path = published_workbook(descriptor, tmp_path / "book.xlsx")
    book = load_workbook(book_path)
    sheet = book["observations"]
    column = [c.value for c in sheet[1]].index("value") + 1
    sheet.cell(row=2, column=column).value = "176.300"  # typed as text, the Vietnamese way
    del book["comparisons"]  # a sheet the clerk deleted: its file stays as it is
    book.create_sheet("ghi chú")
    book.save(book_path)
    before = (descriptor.parent / "comparisons.csv").read_bytes()
    result = chitieu("import-workbook", book_path, descriptor.parent, "--lang", "vi")
    assert result.exit_code == 1
    assert '"176300" hoặc "176.3"' in result.output
    assert "comparisons: sổ làm việc không có trang tính tên này" in result.output
    assert 'Trang tính "ghi chú" không phải bảng của gói dữ liệu' in result.output
    assert (descriptor.parent / "comparisons.csv").read_bytes() == before


def test_a_file_that_is_no_workbook_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    folder = copy_case("valid", tmp_path / "package")
    before = files(folder)
    result = chitieu("import-workbook", folder / "sources.csv", folder, "--lang", "en")
    assert result.exit_code == 1
    assert "sources.csv cannot be read as an Excel workbook" in result.output
    assert files(folder) == before
    assert chitieu("import-workbook", tmp_path / "nowhere.xlsx", folder).exit_code == 2
