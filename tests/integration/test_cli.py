"""The `chitieu validate` and `chitieu normalize` commands as a maintainer and a workflow use them."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from chitieu import ingest
from chitieu.cli import cli
from chitieu.cli import options as cli_module
from chitieu.messages import translate

BAD_INPUTS = Path(__file__).parent / "bad_inputs"


def copy_case(name: str, destination: Path) -> Path:
    """A case folder copied with a real descriptor file (not the link), as a fork would have it."""
    shutil.copytree(BAD_INPUTS / name, destination, symlinks=False)
    return destination


def test_defaults_match_the_documented_ones() -> None:
    assert cli_module.DEFAULT_MAX_FILE_SIZE == ingest.MAX_FILE_BYTES
    assert cli_module.DEFAULT_DESCRIPTOR == ingest.DEFAULT_DESCRIPTOR


def test_text_output_names_what_is_wrong_and_how_to_fix_it_in_both_languages() -> None:
    for language, fix_start in (("en", "Check the report"), ("vi", "Đối chiếu với báo cáo")):
        result = CliRunner().invoke(cli, ["validate", str(BAD_INPUTS / "many-problems"), "--lang", language])
        assert result.exit_code == 1
        assert result.output.count("✗") == 5
        assert "progress_reports.csv" in result.output and fix_start in result.output
        assert translate(language, "cli.invalid", count=5) in result.output


def test_github_annotations_point_at_the_csv_line_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_case("many-problems", tmp_path / "datapackage")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--format", "github", "--lang", "en"])
    assert result.exit_code == 1
    heads = sorted(line.split("::")[1] for line in result.output.splitlines())
    assert heads == [
        "error file=datapackage/indicators.csv,line=5,title=not-nfc",
        "error file=datapackage/observations.csv,line=3,title=type-error",
        "error file=datapackage/progress_reports.csv,line=4,title=targets-met-above-total",
        "error file=datapackage/resolutions.csv,line=2,title=foreign-key",
        "error file=datapackage/sources.csv,line=4,title=future-date",
    ]
    # An absolute path to the same package gives the same repository-relative files.
    absolute = CliRunner().invoke(cli, ["validate", str(tmp_path / "datapackage"), "--format", "github"])
    assert sorted(line.split("::")[1] for line in absolute.output.splitlines()) == heads


def test_a_github_annotation_keeps_to_one_line() -> None:
    result = CliRunner().invoke(cli, ["validate", str(BAD_INPUTS / "structure"), "--format", "github"])
    assert all(line.startswith("::error file=") for line in result.output.splitlines())


def test_json_output_is_for_programs() -> None:
    result = CliRunner().invoke(cli, ["validate", str(BAD_INPUTS / "future-date"), "--format", "json"])
    data = json.loads(result.output)
    assert result.exit_code == 1 and data["valid"] is False
    (problem,) = data["problems"]
    assert {k: problem[k] for k in ("code", "file", "row", "column", "value")} == {
        "code": "future-date",
        "file": "sources.csv",
        "row": 4,
        "column": "published",
        "value": "2999-09-23",
    }
    valid = CliRunner().invoke(cli, ["validate", str(BAD_INPUTS / "valid"), "--format", "json"])
    assert (valid.exit_code, json.loads(valid.output)) == (0, {"valid": True, "problems": []})


@pytest.mark.parametrize(("size", "exit_code"), [("1K", 1), ("1k", 1), ("2G", 0), ("300MiB", 0), ("lots", 2)])
def test_max_file_size_takes_a_size_with_a_unit(size: str, exit_code: int) -> None:
    result = CliRunner().invoke(cli, ["validate", str(BAD_INPUTS / "valid"), "--max-file-size", size])
    assert result.exit_code == exit_code, result.output


# --- normalize -------------------------------------------------------------------------------------------

NFD_NAME = unicodedata.normalize("NFD", "Sản lượng lúa chất lượng cao")


def write_awkward_package(folder: Path) -> dict[str, bytes]:
    """The valid case with CRLF endings, a BOM, quoted cells and two NFD cells."""
    copy_case("valid", folder)
    indicators = folder / "indicators.csv"
    text = indicators.read_text(encoding="utf-8").replace("Sản lượng lúa chất lượng cao,", f'"{NFD_NAME}",')
    text = text.replace("Thu ngân sách,", unicodedata.normalize("NFD", "Thu ngân sách") + ",")
    indicators.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    return {p.name: p.read_bytes() for p in folder.glob("*.csv")}


def test_normalize_check_lists_the_cells_and_changes_nothing(tmp_path: Path) -> None:
    before = write_awkward_package(tmp_path / "package")
    result = CliRunner().invoke(cli, ["normalize", str(tmp_path / "package"), "--check", "--lang", "en"])
    assert result.exit_code == 1
    assert "indicators.csv, row 3, column name_vi" in result.output
    assert "indicators.csv, row 5, column name_vi" in result.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "package").glob("*.csv")} == before


def test_normalize_rewrites_only_the_cells_that_are_not_nfc(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    before = write_awkward_package(folder)
    assert CliRunner().invoke(cli, ["validate", str(folder)]).exit_code == 1
    result = CliRunner().invoke(cli, ["normalize", str(folder), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 cell(s) in 1 file(s)" in result.output
    after = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    expected = before["indicators.csv"]
    for word in (NFD_NAME, unicodedata.normalize("NFD", "Thu ngân sách")):
        expected = expected.replace(word.encode(), unicodedata.normalize("NFC", word).encode())
    assert after["indicators.csv"] == expected  # BOM, CRLF and quotes kept byte for byte
    assert {k: v for k, v in after.items() if k != "indicators.csv"} == {
        k: v for k, v in before.items() if k != "indicators.csv"
    }
    assert CliRunner().invoke(cli, ["validate", str(folder)]).exit_code == 0
    again = CliRunner().invoke(cli, ["normalize", str(folder), "--lang", "en"])
    assert again.exit_code == 0 and "nothing to change" in again.output


def test_normalize_touches_nothing_when_a_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    before = write_awkward_package(folder)
    (folder / "sources.csv").write_bytes("id\nBáo\n".encode("cp1258"))
    result = CliRunner().invoke(cli, ["normalize", str(folder), "--lang", "en"])
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output
    assert (folder / "indicators.csv").read_bytes() == before["indicators.csv"]


def test_normalize_without_a_package_exits_2(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["normalize", str(tmp_path / "nowhere")]).exit_code == 2


def test_validate_never_writes(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    before = write_awkward_package(folder)
    modified = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    CliRunner().invoke(cli, ["validate", str(folder)])
    assert {p.name: p.read_bytes() for p in folder.glob("*.csv")} == before
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == modified
