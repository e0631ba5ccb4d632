"""excel.py: Excel's habits are recognised from the file itself, and converted without
touching a text cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chitieu import ingest
from chitieu.ingest import excel
from chitieu.ingest.schema import schema_of
from tests.conftest import REPOSITORY, SNAPSHOT_DESCRIPTOR
from tests.legacy_encodings import encode_cp1258_windows

VALID = REPOSITORY / "tests" / "integration" / "bad_inputs" / "valid"

SCHEMA = schema_of(
    {
        "schema": {
            "fields": [
                {"name": "id", "type": "string"},
                {"name": "value", "type": "number"},
                {"name": "count", "type": "integer"},
                {"name": "note", "type": "string"},
            ]
        }
    }
)


def detect(text: str, delimiter: str = ",") -> tuple[str, tuple[tuple[str, str], ...]] | None:
    problem = excel.separator_problem(text, SCHEMA, delimiter, "t.csv", "t")
    return None if problem is None else (problem.code, problem.params)


# --- Recognising the file ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "kind"), [(b"PK\x03\x04\x14\x00", "xlsx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls")]
)
def test_a_workbook_is_known_by_its_first_bytes(start: bytes, kind: str) -> None:
    problem = excel.workbook_problem(start + b"\x00" * 100, "t.csv", "t")
    assert problem is not None
    assert (problem.code, problem.param("format"), problem.param("resource")) == (
        "csv-is-workbook",
        kind,
        "t",
    )
    assert excel.workbook_problem(b"id,value\n", "t.csv", "t") is None


def test_a_semicolon_header_is_named_with_the_decimal_comma_it_holds() -> None:
    text = "id;value;count;note\r\na;11,4;3;x\r\n"
    assert detect(text) == (
        "csv-semicolon-separated",
        (("separator", ";"), ("resource", "t"), ("variant", "decimal_comma"), ("example", "11,4")),
    )


def test_a_semicolon_file_without_decimals_names_only_the_separator() -> None:
    assert detect("id;value;count;note\na;11;3;x,y\n") == (
        "csv-semicolon-separated",
        (("separator", ";"), ("resource", "t")),
    )


def test_a_comma_in_a_text_column_is_no_decimal_comma() -> None:
    found = detect("id;value;count;note\na;11;3;1,5\n")
    assert found is not None and ("variant", "decimal_comma") not in found[1]


@pytest.mark.parametrize(
    "text",
    [
        'id,value,count,note\na,11.4,3,"one; two; three"\n',  # a comma file whose notes hold ";"
        "id,value,count,note\n",
        "other;columns;entirely\n",  # no column of the schema: not this habit
        "",
    ],
)
def test_a_comma_file_never_misfires(text: str) -> None:
    assert detect(text) is None


def test_a_renamed_column_does_not_hide_the_semicolons() -> None:
    assert detect("id;value;count;ghi_chu\na;1;2;x\n") is not None


def test_a_package_that_declares_semicolons_is_read_as_it_says() -> None:
    assert detect("id;value;count;note\na;1;2;x\n", delimiter=";") is None


def test_the_packages_snapshot_shows_no_excel_habit() -> None:
    descriptor = ingest.read_descriptor(SNAPSHOT_DESCRIPTOR)
    _, problems = ingest.read_table_files(descriptor)
    assert [p.code for p in problems] == []


def test_a_semicolon_file_in_the_windows_code_page_is_first_an_encoding_problem(tmp_path: Path) -> None:
    """Excel's plain "CSV" under Vietnamese settings is both; re-saving as CSV UTF-8 fixes both,
    and only a UTF-8 file can be converted."""
    folder = shutil.copytree(VALID, tmp_path / "package")
    text = (folder / "indicators.csv").read_text(encoding="utf-8")
    (folder / "indicators.csv").write_bytes(encode_cp1258_windows(text.replace(",", ";")))
    _, problems = ingest.read_table_files(ingest.read_descriptor(folder / "datapackage.json"))
    assert [(p.file, p.code) for p in problems] == [("indicators.csv", "encoding-windows-1258")]


# --- Converting it -------------------------------------------------------------------------------


def test_semicolons_become_commas_and_only_number_columns_get_points() -> None:
    text = 'id;value;count;note\r\na;11,4;3;"xin chào, bạn"\r\nb;2;1.500;"hai\r\ndòng; 1,5"\r\nc;-0,25;;\r\n'
    converted = excel.semicolons_to_commas(text, SCHEMA)
    assert converted.text == (
        "id,value,count,note\n"
        'a,11.4,3,"xin chào, bạn"\n'
        'b,2,1500,"hai\r\ndòng; 1,5"\n'  # a line break inside a cell is the cell's own
        "c,-0.25,,\n"
    )
    assert (converted.rows, converted.number_lines) == (3, (2, 3, 5))


def test_dots_are_thousands_only_where_the_file_writes_decimal_commas() -> None:
    grouped = excel.semicolons_to_commas("id;value;count;note\na;176.300;1;x\nb;7,5;2;y\n", SCHEMA)
    assert grouped.text.splitlines()[1:] == ["a,176300,1,x", "b,7.5,2,y"]
    # Without a decimal comma anywhere, "176.300" stays as it is, for ambiguous-thousands to ask.
    alone = excel.semicolons_to_commas("id;value;count;note\na;176.300;1;x\n", SCHEMA)
    assert alone.text.splitlines()[1] == "a,176.300,1,x"
    assert alone.number_lines == ()


# --- What the clerk meant ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "meant"),
    [
        ("23/07/2015", "date", "2015-07-23"),
        ("23-07-2015", "date", "2015-07-23"),
        ("23.07.2015", "date", "2015-07-23"),
        ("3/7/2015", "date", "2015-07-03"),  # day first, as Vietnamese dates are written
        ("2015/07/23", "date", "2015-07-23"),
        ("07/23/2015", "date", None),  # month first: no Vietnamese reading, no guess
        ("23/07-2015", "date", None),
        ("yesterday", "date", None),
        ("11,4", "number", "11.4"),
        ("-0,5", "number", "-0.5"),
        ("1.234,5", "number", "1234.5"),
        ("1.234.567", "number", "1234567"),
        ("182,000", "number", None),  # 182 or 182000: the fix text says how to write it
        ("khoảng 5", "number", None),
        ("1.500", "integer", "1500"),
        ("1,500", "integer", "1500"),
        ("1.5", "integer", None),
        ("11,4", "string", None),
    ],
)
def test_the_value_to_write_instead(value: str, kind: str, meant: str | None) -> None:
    assert excel.rewrite(value, kind) == meant
