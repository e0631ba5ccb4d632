"""workbook.py: a sheet comes back as the package's CSV text; a row not edited keeps its
bytes, an unreadable or oversized workbook is refused before it is read."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from chitieu.edit import workbook
from chitieu.problems import ChitieuError

FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string"},
    {"name": "as_of", "type": "date"},
    {"name": "value", "type": "number"},
    {"name": "count", "type": "integer"},
    {"name": "estimated", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    {"name": "note", "type": "string"},
]
HEADER = tuple(str(f["name"]) for f in FIELDS)


@pytest.mark.parametrize(
    ("value", "field", "text"),
    [
        (None, {}, ""),
        (0.1 + 0.2, {"type": "number"}, "0.3"),  # Excel's 15 digits, not the float's noise
        (182000.0, {"type": "number"}, "182000"),
        (1e-7, {"type": "number"}, "0.0000001"),
        (Decimal("1.50"), {"type": "number"}, "1.5"),
        (24, {"type": "integer"}, "24"),
        (True, FIELDS[4], "true"),
        (False, {"type": "boolean", "falseValues": ["no"]}, "no"),
        (False, {"type": "string"}, "false"),
        (dt.datetime(2015, 7, 23), {"type": "date"}, "2015-07-23"),
        (dt.datetime(2015, 7, 23, 8, 30), {"type": "date"}, "2015-07-23"),
        (dt.datetime(2015, 7, 23, 8, 30), {"type": "datetime"}, "2015-07-23T08:30:00"),
        (dt.date(2015, 7, 23), {"type": "string"}, "2015-07-23"),
        ("=1+1", {"type": "string"}, "=1+1"),
        ("Kiến Tường, Long An", {"type": "string"}, "Kiến Tường, Long An"),
    ],
)
def test_a_typed_cell_is_written_as_the_schema_writes_it(
    value: Any, field: dict[str, Any], text: str
) -> None:
    assert workbook.cell_text(value, field) == text


ROWS: list[tuple[Any, ...]] = [
    HEADER,
    ("a", dt.datetime(2023, 9, 23), 109.67, 3, True, "xin chào, bạn"),
    ("b", dt.datetime(2024, 1, 15), 5, None, False, None),
]
WRITTEN = (
    "id,as_of,value,count,estimated,note\n"
    'a,2023-09-23,109.67,3,true,"xin chào, bạn"\n'
    "b,2024-01-15,5,,false,\n"
)


def test_a_sheet_becomes_the_packages_csv() -> None:
    sheet = workbook.sheet_csv(ROWS, FIELDS)
    assert (sheet.text, sheet.rows, sheet.new_rows, sheet.gone_rows) == (WRITTEN, 2, 2, 0)


def test_columns_in_another_order_are_put_back_in_the_schemas() -> None:
    swapped = [(row[1], row[0], *row[2:]) for row in ROWS]
    assert workbook.sheet_csv(swapped, FIELDS).text == WRITTEN


def test_a_header_that_is_not_the_schemas_is_written_as_it_is_for_validation_to_name() -> None:
    renamed = [("id", "ngay", *HEADER[2:]), *ROWS[1:]]
    assert workbook.sheet_csv(renamed, FIELDS).text.splitlines()[0] == "id,ngay,value,count,estimated,note"


def test_excels_empty_trailing_cells_are_left_out_and_real_extra_cells_kept() -> None:
    padded = [(*HEADER, None, None), *((*row, None, None) for row in ROWS[1:-1]), (*ROWS[-1], "stray", None)]
    assert workbook.sheet_csv(padded, FIELDS).text.splitlines()[1:] == [
        'a,2023-09-23,109.67,3,true,"xin chào, bạn"',
        "b,2024-01-15,5,,false,,stray",
    ]


def test_an_unchanged_sheet_gives_back_the_file_byte_for_byte() -> None:
    previous = (
        "\ufeffid,as_of,value,count,estimated,note\r\n"
        '"a",2023-09-23,109.670,3,true,"xin chào, bạn"\r\n'
        "b,2024-01-15,5.0,,false,\r\n"
    )
    sheet = workbook.sheet_csv(ROWS, FIELDS, previous)
    assert (sheet.text, sheet.new_rows, sheet.gone_rows) == (previous, 0, 0)


def test_an_edited_row_is_written_anew_and_every_other_row_keeps_its_text() -> None:
    previous = (
        "id,as_of,value,count,estimated,note\n"
        '"a",2023-09-23,109.670,3,true,"xin chào, bạn"\n'
        'old,2020-01-01,1,,false,"two\nlines"\n'
    )
    edited = [*ROWS[:2], ("b", dt.datetime(2024, 1, 15), 6, None, False, None)]
    sheet = workbook.sheet_csv(edited, FIELDS, previous)
    assert sheet.text == (
        "id,as_of,value,count,estimated,note\n"
        '"a",2023-09-23,109.670,3,true,"xin chào, bạn"\n'  # as it was written: quotes, "109.670"
        "b,2024-01-15,6,,false,\n"
    )
    assert (sheet.new_rows, sheet.gone_rows) == (1, 1)


def test_a_value_that_is_not_of_its_type_is_never_taken_for_one_that_is() -> None:
    """ "yes" in a true/false column is an edit for validation to judge, not the old "false"."""
    previous = "id,as_of,value,count,estimated,note\nb,2024-01-15,5,,false,\n"
    sheet = workbook.sheet_csv(
        [HEADER, ("b", dt.datetime(2024, 1, 15), 5, None, "yes", None)], FIELDS, previous
    )
    assert sheet.text.splitlines()[1] == "b,2024-01-15,5,,yes,"
    assert workbook.typed("TRUE", {"type": "boolean"}) is True
    assert workbook.typed("5.0", {"type": "number"}) == workbook.typed("5", {"type": "number"})


def save(tmp_path: Path, sheets: dict[str, list[tuple[Any, ...]]]) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path


def test_a_long_table_is_read_back_from_its_continuation_sheets(tmp_path: Path) -> None:
    path = save(tmp_path, {"README": [("a", "b")], "t": ROWS[:2], "t_2": [HEADER, ROWS[2]], "other": []})
    book = workbook.open_workbook(path, "book.xlsx", 10**8)
    assert workbook.sheets_of(book, "t") == ["t", "t_2"]
    assert workbook.sheets_of(book, "missing") == []
    assert workbook.sheet_csv(workbook.sheet_values(book, ["t", "t_2"]), FIELDS).text == WRITTEN
    book.close()


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_text("id,value\n", encoding="utf-8")
    with pytest.raises(ChitieuError) as raised:
        workbook.open_workbook(path, "book.xlsx", 10**8)
    assert [p.location for p in raised.value.problems] == [("book.xlsx", None, None, "workbook-unreadable")]
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "a zip, but no workbook")
    with pytest.raises(ChitieuError):
        workbook.open_workbook(broken, "broken.xlsx", 10**8)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 10_000_000)  # 10 MB from 10 KB
    assert path.stat().st_size < 100_000
    with pytest.raises(ChitieuError) as raised:
        workbook.open_workbook(path, "bomb.xlsx", 1_000_000)
    (problem,) = raised.value.problems
    assert (problem.code, problem.param("limit")) == (
        "file-too-large",
        str(1_000_000 * workbook.MAX_EXPANSION),
    )
