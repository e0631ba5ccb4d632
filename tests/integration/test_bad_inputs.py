"""One small package per kind of problem: the exit code, the exact (file, row, column,
code) tuples, and the fix in both languages.

Most cases are committed folders under bad_inputs/<case>/: the six CSV files of a small
package made of real rows (valid/), with one kind of mistake, and a datapackage.json that
links to the real descriptor, so that the fixtures follow the real schema. Cases about
the descriptor itself, about encodings or symlinks are built in tmp_path by the code
below. bad_inputs/upstream/ holds frictionless-py's own fixtures (see its NOTICE).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from chitieu import ingest, validate
from chitieu.cli import cli
from chitieu.messages import has_message
from chitieu.validate import checks
from chitieu.validate import frictionless as frictionless_stage
from tests.conftest import SNAPSHOT_DESCRIPTOR
from tests.legacy_encodings import encode_cp1258_windows, encode_tcvn3, encode_vni

BAD_INPUTS = Path(__file__).parent / "bad_inputs"
VALID = BAD_INPUTS / "valid"
UPSTREAM = BAD_INPUTS / "upstream"
DP = "datapackage.json"

Location = tuple[str, int | None, str | None, str]

# Committed folders: exit code and the exact problems.
FOLDERS: dict[str, tuple[int, list[Location]]] = {
    "valid": (0, []),
    "bom-accepted": (0, []),
    "not-nfc": (
        1,
        [
            ("indicators.csv", 4, "name_vi", "not-nfc"),
            ("resolutions.csv", 2, "jurisdiction_vi", "not-nfc"),
        ],
    ),
    "not-finite": (
        1,
        [
            ("observations.csv", 2, "value", "not-finite"),
            ("observations.csv", 5, "percent_of_target", "not-finite"),
        ],
    ),
    "no-rows": (1, [("comparisons.csv", 1, None, "no-rows")]),
    "type-error": (
        1,
        [
            ("observations.csv", 2, "value", "type-error"),
            ("observations.csv", 4, "as_of", "type-error"),
        ],
    ),
    # Its own descriptor (the schema with places), not a link: the snapshot has no places.
    "places": (
        1,
        [
            ("place_changes.csv", 2, "date", "change-successor-dates"),
            ("place_changes.csv", 3, "date", "change-predecessor-dates"),
            ("place_changes.csv", 3, "date", "change-successor-dates"),
            ("places.csv", 4, "valid_to", "place-dates-reversed"),
            ("resolutions.csv", 3, "period_start", "resolution-outside-place"),
        ],
    ),
    "enum-typo": (1, [("indicators.csv", 3, "area", "constraint-error")]),
    # Excel's habits: one problem for the file, however many cells it spoils; the other
    # files are still checked (and a reference to the table not read is not judged).
    "csv-semicolon-separated": (1, [("observations.csv", 1, None, "csv-semicolon-separated")]),
    "csv-is-workbook": (1, [("observations.csv", None, None, "csv-is-workbook")]),
    "ambiguous-thousands": (1, [("observations.csv", 5, "value", "ambiguous-thousands")]),
    "foreign-key-typo": (1, [("observations.csv", 4, "indicator_id", "foreign-key")]),
    "duplicate-id": (1, [("indicators.csv", 6, "id", "primary-key")]),
    # A quoted note spans lines 2-3, so every later record sits one line below its
    # record number: the rows here are CSV lines, as an editor and GitHub count them.
    "structure": (
        1,
        [
            ("observations.csv", 5, None, "blank-row"),
            ("observations.csv", 6, None, "extra-cell"),
            ("observations.csv", 7, "note_en", "missing-cell"),
        ],
    ),
    "header-renamed": (1, [("observations.csv", 1, "as_of", "incorrect-label")]),
    "url-not-http": (
        1,
        [
            ("sources.csv", 2, "url", "type-error"),  # the schema's uri format
            ("sources.csv", 2, "url", "url-not-http"),
            ("sources.csv", 3, "url", "url-not-http"),  # javascript:alert(1) is a valid URI
        ],
    ),
    "future-date": (1, [("sources.csv", 4, "published", "future-date")]),
    "as-of-after-source": (1, [("observations.csv", 5, "as_of", "as-of-after-source")]),
    "percent-inconsistent": (1, [("observations.csv", 2, "percent_of_target", "percent-inconsistent")]),
    "targets-total-below-listed": (
        1,
        [("resolutions.csv", 4, "targets_total", "targets-total-below-listed")],
    ),
    "targets-met-above-total": (1, [("progress_reports.csv", 4, "targets_met", "targets-met-above-total")]),
    "targets-exceeded-above-met": (
        1,
        [("progress_reports.csv", 4, "targets_exceeded", "targets-exceeded-above-met")],
    ),
    "target-qualifiers": (
        1,
        [
            ("indicators.csv", 2, "target_qualifier", "target-without-qualifier"),
            ("indicators.csv", 4, "target_qualifier", "qualifier-without-target"),
        ],
    ),
    "baseline-years": (
        1,
        [
            ("indicators.csv", 2, "baseline_year", "baseline-without-year"),
            ("indicators.csv", 3, "baseline_year", "baseline-year-without-baseline"),
        ],
    ),
    "period-reversed": (1, [("observations.csv", 4, "period", "period-reversed")]),
    "period-outside-resolution": (1, [("observations.csv", 2, "period", "period-outside-resolution")]),
    "as-of-before-period": (1, [("progress_reports.csv", 3, "as_of", "as-of-before-period")]),
    "annual-resolution-spans-years": (
        1,
        [("resolutions.csv", 3, "period_end", "annual-resolution-spans-years")],
    ),
    "target-year-outside-resolution": (
        1,
        [("indicators.csv", 2, "target_year", "target-year-outside-resolution")],
    ),
    "baseline-year-after-start": (1, [("indicators.csv", 2, "baseline_year", "baseline-year-after-start")]),
    # Frictionless and our checks together, across files: every problem, not the first.
    "many-problems": (
        1,
        [
            ("indicators.csv", 5, "name_vi", "not-nfc"),
            ("observations.csv", 3, "value", "type-error"),
            ("progress_reports.csv", 4, "targets_met", "targets-met-above-total"),
            ("resolutions.csv", 2, "source_id", "foreign-key"),
            ("sources.csv", 4, "published", "future-date"),
        ],
    ),
}


# --- Cases built in tmp_path --------------------------------------------------------------------


@dataclass
class Built:
    path: Path
    args: list[str] = field(default_factory=list)


def copy_valid(tmp_path: Path) -> Path:
    """The valid case with its own copy of the real descriptor, ready to edit."""
    folder = tmp_path / "package"
    folder.mkdir(parents=True)
    for csv_file in VALID.glob("*.csv"):
        shutil.copy(csv_file, folder)
    shutil.copy(SNAPSHOT_DESCRIPTOR, folder / DP)
    return folder


def edit_descriptor(folder: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    path = folder / DP
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def resource(data: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in data["resources"] if r["name"] == name)
    return found


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def set_path(name: str, value: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        resource(data, name)["path"] = value

    return change


def with_upstream(folder: Path, csv_name: str, fields: list[tuple[str, str]]) -> Path:
    """Add one of frictionless-py's fixture files as a seventh resource."""
    shutil.copy(UPSTREAM / csv_name, folder)

    def add(data: dict[str, Any]) -> None:
        data["resources"].append(
            {
                "name": "upstream",
                "path": csv_name,
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": n, "type": t} for n, t in fields]},
            }
        )

    return edit_descriptor(folder, add)


Builder = Callable[[Path], tuple[Built, int, list[Location]]]
BUILT: dict[str, Builder] = {}


def case(builder: Builder) -> Builder:
    BUILT[builder.__name__.removeprefix("case_").replace("_", "-")] = builder
    return builder


@case
def case_path_with_dotdot(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    folder = copy_valid(tmp_path)
    shutil.copy(folder / "sources.csv", tmp_path / "sources.csv")
    path = edit_descriptor(folder, set_path("sources", "../sources.csv"))
    return Built(path), 1, [(DP, line_of(path, '"../sources.csv"'), None, "path-outside-package")]


@case
def case_absolute_path(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    folder = copy_valid(tmp_path)
    outside = tmp_path / "sources.csv"
    shutil.copy(folder / "sources.csv", outside)
    path = edit_descriptor(folder, set_path("sources", str(outside)))
    return Built(path), 1, [(DP, line_of(path, str(outside)), None, "path-outside-package")]


@case
def case_symlink_leading_out(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    folder = copy_valid(tmp_path)
    outside = tmp_path / "elsewhere.csv"
    shutil.move(folder / "sources.csv", outside)
    (folder / "sources.csv").symlink_to(outside)
    path = folder / DP
    return Built(path), 1, [(DP, line_of(path, '"sources.csv"'), None, "path-outside-package")]


@case
def case_remote_path(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    url = "https://example.org/sources.csv"
    path = edit_descriptor(copy_valid(tmp_path), set_path("sources", url))
    return Built(path), 1, [(DP, line_of(path, url), None, "remote-path")]


@case
def case_remote_schema(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    url = "https://example.org/schema.json"

    def change(data: dict[str, Any]) -> None:
        resource(data, "comparisons")["schema"] = url

    path = edit_descriptor(copy_valid(tmp_path), change)
    return Built(path), 1, [(DP, line_of(path, url), "schema", "remote-reference")]


@case
def case_site_name_not_text(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    def change(data: dict[str, Any]) -> None:
        data["site"] = {"vi": {"name": "Chỉ tiêu Xã Thử Nghiệm"}, "en": {"name": 5}}

    path = edit_descriptor(copy_valid(tmp_path), change)
    return Built(path), 1, [(DP, line_of(path, "site"), "site", "site-title")]


@case
def case_schema_in_another_file(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    def change(data: dict[str, Any]) -> None:
        resource(data, "comparisons")["schema"] = "comparisons.schema.json"

    path = edit_descriptor(copy_valid(tmp_path), change)
    return Built(path), 1, [(DP, line_of(path, '"name": "comparisons"'), None, "schema-not-inline")]


@case
def case_missing_file(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    folder = copy_valid(tmp_path)
    (folder / "comparisons.csv").unlink()
    path = folder / DP
    return Built(path), 1, [(DP, line_of(path, '"comparisons.csv"'), None, "missing-file")]


@case
def case_resource_without_path(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    def change(data: dict[str, Any]) -> None:
        del resource(data, "comparisons")["path"]
        resource(data, "comparisons")["data"] = []

    path = edit_descriptor(copy_valid(tmp_path), change)
    return Built(path), 1, [(DP, line_of(path, '"name": "comparisons"'), None, "resource-no-path")]


@case
def case_missing_resource(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    def change(data: dict[str, Any]) -> None:
        data["resources"] = [r for r in data["resources"] if r["name"] != "comparisons"]

    return (
        Built(edit_descriptor(copy_valid(tmp_path), change)),
        1,
        [(DP, None, "comparisons", "missing-resource")],
    )


@case
def case_missing_field(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    def change(data: dict[str, Any]) -> None:
        schema = resource(data, "observations")["schema"]
        schema["fields"] = [f for f in schema["fields"] if f["name"] != "note_en"]

    path = edit_descriptor(copy_valid(tmp_path), change)
    return (
        Built(path),
        1,
        [
            (DP, line_of(path, '"name": "observations"'), "note_en", "missing-field"),
            ("observations.csv", 1, None, "extra-label"),
        ],
    )


@case
def case_file_too_large(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    folder = copy_valid(tmp_path)
    largest = max(folder.glob("*.csv"), key=lambda p: p.stat().st_size)
    limit = largest.stat().st_size - 1
    return (
        Built(folder / DP, ["--max-file-size", str(limit)]),
        1,
        [(largest.name, None, None, "file-too-large")],
    )


@case
def case_row_unreadable(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    """The schema allows a value that chitieu's records do not know: Frictionless accepts
    the row, we say we cannot read it instead of dropping it silently."""
    folder = copy_valid(tmp_path)

    def change(data: dict[str, Any]) -> None:
        qualifier = next(
            f for f in resource(data, "observations")["schema"]["fields"] if f["name"] == "value_qualifier"
        )
        qualifier["constraints"]["enum"].append("approx")

    path = edit_descriptor(folder, change)
    observations = folder / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").replace(",15.8,exact,", ",15.8,approx,"))
    return Built(path), 1, [("observations.csv", 2, None, "row-unreadable")]


def re_encoded(encode: Callable[[str], bytes], code: str, row: int) -> Builder:
    def build(tmp_path: Path) -> tuple[Built, int, list[Location]]:
        folder = copy_valid(tmp_path)
        indicators = folder / "indicators.csv"
        indicators.write_bytes(encode(indicators.read_text(encoding="utf-8")))
        return Built(folder / DP), 1, [("indicators.csv", row, None, code)]

    return build


BUILT["encoding-windows-1258"] = re_encoded(encode_cp1258_windows, "encoding-windows-1258", 2)
BUILT["encoding-tcvn3"] = re_encoded(encode_tcvn3, "encoding-tcvn3", 2)
BUILT["encoding-vni"] = re_encoded(encode_vni, "encoding-vni", 2)
BUILT["encoding-utf-16"] = re_encoded(lambda text: text.encode("utf-16"), "encoding-utf-16", 1)


@case
def case_upstream_latin1_declared_utf8(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    path = with_upstream(copy_valid(tmp_path), "latin1.csv", [("id", "integer"), ("name", "string")])
    return Built(path), 1, [("latin1.csv", 3, None, "encoding-unknown")]


@case
def case_upstream_bom(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    path = with_upstream(copy_valid(tmp_path), "bom.csv", [("id", "integer"), ("name", "string")])
    return Built(path), 0, []


@case
def case_upstream_structure_errors(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    fields = [("id", "integer"), ("name", "string"), ("age", "integer")]
    path = with_upstream(copy_valid(tmp_path), "structure-errors.csv", fields)
    csv = "structure-errors.csv"
    expected: list[Location] = [(csv, 4, None, "blank-row"), *[(csv, 5, None, "extra-cell")] * 3]
    return Built(path), 1, expected


@case
def case_upstream_duplicate_headers(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    fields = [
        ("id", "integer"),
        ("name", "string"),
        ("parent_id", "integer"),
        ("age", "integer"),
        ("code", "string"),
    ]
    path = with_upstream(copy_valid(tmp_path), "duplicate-headers.csv", fields)
    csv = "duplicate-headers.csv"
    return Built(path), 1, [(csv, 1, "code", "duplicate-label"), (csv, 1, "parent_id", "duplicate-label")]


@case
def case_upstream_invalid_package(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    """A valid descriptor of another package: every missing table and every upstream error."""
    shutil.copytree(UPSTREAM / "invalid-package", tmp_path / "upstream", dirs_exist_ok=True)
    missing = [(DP, None, name, "missing-resource") for name in sorted(ingest.RESOURCES)]
    return (
        Built(tmp_path / "upstream" / DP),
        1,
        [("data.csv", 3, None, "blank-row"), ("data2.csv", 4, None, "blank-row"), *missing],
    )


@case
def case_descriptor_not_json(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    folder = copy_valid(tmp_path)
    text = (folder / DP).read_text(encoding="utf-8").replace('"resources": [', '"resources": [,', 1)
    (folder / DP).write_text(text, encoding="utf-8")
    return Built(folder / DP), 2, [(DP, line_of(folder / DP, '"resources": [,'), None, "descriptor-not-json")]


@case
def case_descriptor_not_utf8(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    folder = copy_valid(tmp_path)
    (folder / DP).write_bytes((folder / DP).read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    return Built(folder / DP), 2, [(DP, None, None, "descriptor-not-utf8")]


@case
def case_descriptor_without_resources(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    folder = tmp_path / "package"
    folder.mkdir(parents=True)
    (folder / DP).write_text('{"name": "empty"}', encoding="utf-8")
    return Built(folder / DP), 2, [(DP, None, None, "descriptor-no-resources")]


@case
def case_no_such_file(tmp_path: Path) -> tuple[Built, int, list[Location]]:
    missing = tmp_path / "nowhere" / DP
    return Built(missing), 2, [(str(missing), None, None, "no-such-file")]


# --- The tests ---------------------------------------------------------------------------------


def run(path: Path, *args: str, language: str = "en") -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json", "--lang", language, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)["problems"]


def assert_case(path: Path, args: list[str], exit_code: int, expected: list[Location]) -> None:
    code, problems = run(path, *args)
    assert sorted((p["file"], p["row"], p["column"], p["code"]) for p in problems) == sorted(expected)
    assert code == exit_code
    # Each problem says what is wrong and how to fix it, in both languages, in its own words
    # (not the catch-all message for codes the catalogue does not know).
    _, problems_vi = run(path, *args, language="vi")
    for en, vi in zip(problems, problems_vi, strict=True):
        assert has_message("en", f"problems.{en['code']}.fix")
        assert en["fix"] and vi["fix"] and en["fix"] != vi["fix"]
        assert en["message"] and vi["message"] and en["message"] != vi["message"]


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_a_committed_case_reports_exactly_its_problems(name: str) -> None:
    exit_code, expected = FOLDERS[name]
    assert_case(BAD_INPUTS / name, [], exit_code, expected)


@pytest.mark.parametrize("name", sorted(BUILT))
def test_a_built_case_reports_exactly_its_problems(name: str, tmp_path: Path) -> None:
    built, exit_code, expected = BUILT[name](tmp_path)
    assert_case(built.path, built.args, exit_code, expected)


def test_every_committed_case_folder_is_listed() -> None:
    folders = {p.name for p in BAD_INPUTS.iterdir() if p.is_dir() and p.name != "upstream"}
    assert folders == set(FOLDERS)


def test_every_check_and_refusal_has_a_case_that_fails_without_it(tmp_path: Path) -> None:
    covered = {location[3] for _, expected in FOLDERS.values() for location in expected}
    for name, builder in BUILT.items():
        covered |= {location[3] for location in builder(tmp_path / name)[2]}
    ours = {code for codes in checks.EMITS.values() for code in codes} | set(ingest.CODES)
    assert sorted(ours - covered) == []
    assert covered <= ours | set(validate.FRICTIONLESS_CODES)


def test_an_unknown_id_or_value_comes_with_a_suggestion() -> None:
    _, (unknown_id,) = run(BAD_INPUTS / "foreign-key-typo")
    assert 'Did you mean "kt-2020-2025-grain-output"?' in unknown_id["fix"]
    _, (enum,) = run(BAD_INPUTS / "enum-typo")
    assert 'Did you mean "economy"?' in enum["fix"]
    vi = CliRunner().invoke(cli, ["validate", str(BAD_INPUTS / "enum-typo"), "--lang", "vi"]).output
    assert 'Có phải ý bạn là "economy"?' in vi


def test_a_date_or_number_typed_the_excel_way_comes_with_what_to_write() -> None:
    _, problems = run(BAD_INPUTS / "type-error")
    fixes = {p["value"]: p["fix"] for p in problems}
    assert fixes["15,8"].startswith("Write 15.8 instead.")
    assert fixes["23/09/2023"].startswith("Write 2023-09-23 instead.")
    _, problems_vi = run(BAD_INPUTS / "type-error", language="vi")
    assert {p["fix"].split(".")[0] for p in problems_vi} == {"Hãy viết 15", "Hãy viết 2023-09-23"}


def test_excel_habits_are_named_with_what_happened() -> None:
    _, (semicolons,) = run(BAD_INPUTS / "csv-semicolon-separated")
    assert "semicolons (;)" in semicolons["message"] and '"15,8"' in semicolons["message"]
    assert "CSV UTF-8 (Comma delimited)" in semicolons["fix"] and "chitieu normalize" in semicolons["fix"]
    _, (semicolons_vi,) = run(BAD_INPUTS / "csv-semicolon-separated", language="vi")
    assert "CSV UTF-8 (phân tách bằng dấu phẩy)" in semicolons_vi["fix"]
    _, (book,) = run(BAD_INPUTS / "csv-is-workbook")
    assert "Excel workbook (.xlsx)" in book["message"]
    _, (figure,) = run(BAD_INPUTS / "ambiguous-thousands")
    assert '"176300" or "176.3"' in figure["fix"]
    _, (figure_vi,) = run(BAD_INPUTS / "ambiguous-thousands", language="vi")
    assert '"176300" hoặc "176.3"' in figure_vi["fix"]


def test_the_official_validator_agrees_on_the_cases_it_can_see() -> None:
    """Frictionless alone passes the folders whose problems only our checks find."""
    import subprocess
    import sys

    frictionless = Path(sys.executable).parent / "frictionless"
    ours_only = ["future-date", "not-nfc", "no-rows"]
    for name in ours_only:
        result = subprocess.run(
            [str(frictionless), "validate", str(BAD_INPUTS / name / DP)], capture_output=True, check=False
        )
        assert result.returncode == 0, name


def test_frictionless_in_a_second_process_reports_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large packages validate with Frictionless in a worker process; the verdict is the same."""
    path = BAD_INPUTS / "many-problems"
    alone = validate.validate(path)
    monkeypatch.setattr(frictionless_stage, "PARALLEL_BYTES", 0)
    together = validate.validate(path)
    assert together.problems == alone.problems
    assert [p.location for p in together.problems] == sorted(FOLDERS["many-problems"][1])
