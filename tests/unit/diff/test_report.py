"""A DataDiff in words (diff_report): the exact sentences a maintainer reads, in both
languages; Markdown that shows hostile data as text; JSON with exact numbers."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from chitieu import ingest
from chitieu.diff import compare as diff
from chitieu.diff import report as diff_report
from chitieu.diff.report import Side
from chitieu.messages import LANGUAGES
from tests.versions import (
    COMPARISON,
    HALF_YEAR,
    NEW_SOURCE,
    PROGRESS,
    append_line,
    edit_like_a_maintainer,
    replace_in,
    write_versions,
)

BASE = Side("HEAD", "0123456789abcdef0123456789abcdef01234567")
WORKING_TREE = Side(None)
NBSP = "\u00a0"
HOSTILE_SOURCE = {
    "vi": "Báo [Thử](https://evil.example/) <img src=x onerror=alert(1)>, 15/01/2024",
    "en": "Báo [Thử](https://evil.example/) <img src=x onerror=alert(1)>, 15 Jan 2024",
}
RESOLUTION = {
    "vi": "Nghị quyết Đại hội XIII Đảng bộ xã Thử Nghiệm, nhiệm kỳ 2021–2026",
    "en": "Thử Nghiệm commune Party Committee, XIII Congress resolution, term 2021–2026",
}


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    return write_versions(tmp_path)


def compare(folders: tuple[Path, Path]) -> diff.DataDiff:
    old, new = (ingest.load(folder / "datapackage.json") for folder in folders)
    return diff.compare(old, new)


def sentences(folders: tuple[Path, Path], language: str) -> list[str]:
    return diff_report.sentences(compare(folders), language)


def test_a_maintainers_edit_reads_as_one_sentence_per_change(folders: tuple[Path, Path]) -> None:
    edit_like_a_maintainer(folders[1])
    assert sentences(folders, "vi") == [
        "Nguồn mới: Báo Thử Nghiệm, 01/09/2024: Tin tháng 9",
        f"Chỉ tiêu mới: Sản lượng cá: ít nhất 2.000 tấn vào năm 2026 ({RESOLUTION['vi']})",
        f"Đã xóa số liệu, Chỉ tiêu fx-at-least: 50{NBSP}%, 2021–2023 ({HOSTILE_SOURCE['vi']})",
        "Chỉ tiêu fx-half-year: dưới 30 → dưới 35 tỷ đồng (Cổng thông tin thử nghiệm, 30/06/2024)",
        f"Số hộ nghèo: 150 → 90 hộ ({HOSTILE_SOURCE['vi']})",
        f"Báo cáo tiến độ mới, {RESOLUTION['vi']}, 2021–2024: 4/6 chỉ tiêu đạt và vượt, "
        "trong đó 2 chỉ tiêu vượt (Báo Thử Nghiệm, 01/09/2024)",
        "Tình trạng của Chỉ tiêu fx-at-least: Đạt chỉ tiêu → Chưa có số liệu",
        "Tình trạng của Số hộ nghèo: Chưa đạt → Vượt chỉ tiêu",
    ]
    assert sentences(folders, "en") == [
        "New source: Báo Thử Nghiệm, 1 Sep 2024: Tin tháng 9",
        f"New target: Fish output: at least 2,000 t by 2026 ({RESOLUTION['en']})",
        f"Figure removed, Target fx-at-least: 50%, 2021–2023 ({HOSTILE_SOURCE['en']})",
        "Target fx-half-year: under 30 → under 35 billion VND (Cổng thông tin thử nghiệm, 30 Jun 2024)",
        f"Poor households: 150 → 90 households ({HOSTILE_SOURCE['en']})",
        f"New progress statement, {RESOLUTION['en']}, 2021–2024: 4 of 6 targets met or exceeded, "
        "2 of them exceeded (Báo Thử Nghiệm, 1 Sep 2024)",
        "Status of Target fx-at-least: Met → No data",
        "Status of Poor households: Not yet met → Exceeded",
    ]


def test_a_changed_progress_statement_says_both_counts(folders: tuple[Path, Path]) -> None:
    replace_in(folders[1] / "progress_reports.csv", PROGRESS, PROGRESS.replace(",3,1,6,", ",4,,6,"))
    assert sentences(folders, "vi") == [
        f"{RESOLUTION['vi']}, 2021–2023: 3/6 chỉ tiêu đạt và vượt → 4/6 chỉ tiêu đạt và vượt "
        f"({HOSTILE_SOURCE['vi']})",
        f"{RESOLUTION['vi']}, 2021–2023: 1 → không nêu chỉ tiêu vượt ({HOSTILE_SOURCE['vi']})",
    ]
    assert sentences(folders, "en")[0] == (
        f"{RESOLUTION['en']}, 2021–2023: 3 of 6 targets met or exceeded → 4 of 6 targets met or exceeded "
        f"({HOSTILE_SOURCE['en']})"
    )


def test_a_figure_keeps_its_qualifier_and_estimate_and_tells_a_new_percent(
    folders: tuple[Path, Path],
) -> None:
    replace_in(folders[1] / "observations.csv", ",1234.5,exact,true,,", ",1300,more-than,true,110,")
    assert sentences(folders, "vi")[:2] == [
        f"{ingest.load(folders[0] / 'datapackage.json').indicator('fx-hostile').name_vi}: "
        f"1.234,5 (ước) → trên 1.300 tấn (ước) ({HOSTILE_SOURCE['vi']})",
        f"{ingest.load(folders[0] / 'datapackage.json').indicator('fx-hostile').name_vi}: "
        f"không nêu → 110{NBSP}% kế hoạch ({HOSTILE_SOURCE['vi']})",
    ]


def test_a_target_a_comparison_a_source_and_any_other_cell_are_named(folders: tuple[Path, Path]) -> None:
    new = folders[1]
    replace_in(new / "indicators.csv", ",100,at-most,,", ",90,at-most,2025,")
    replace_in(new / "indicators.csv", "Tỷ lệ rác thải được thu gom", "Tỷ lệ rác được thu gom")
    replace_in(new / "indicators.csv", ",1000,exact,2026,800,2020,", ",1000,exact,2026,800,2019,")
    replace_in(new / "comparisons.csv", COMPARISON, COMPARISON.replace(",110", ",115"))
    append_line(new / "sources.csv", NEW_SOURCE)
    replace_in(
        new / "observations.csv", HALF_YEAR + "false,,fx-portal-2024-06", HALF_YEAR + "false,,fx-news-2024-09"
    )
    found = sentences(folders, "vi")
    hostile = ingest.load(new / "datapackage.json").indicator("fx-hostile").name_vi
    assert f"{hostile}: baseline_year 2020 → 2019" in found  # a year, never "2.019"
    assert "Số hộ nghèo: chỉ tiêu không quá 100 hộ → không quá 90 hộ vào năm 2025" in found
    assert "Tỷ lệ rác được thu gom: name_vi “Tỷ lệ rác thải được thu gom” → “Tỷ lệ rác được thu gom”" in found
    assert (
        f"Sản lượng lúa chất lượng cao: 110{NBSP}% kế hoạch của địa phương"
        f" → 115{NBSP}% kế hoạch của địa phương "
        f"({HOSTILE_SOURCE['vi']})"
    ) in found
    assert (
        "Chỉ tiêu fx-half-year: nguồn Cổng thông tin thử nghiệm, 30/06/2024 → Báo Thử Nghiệm, 01/09/2024"
    ) in found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_change_is_said_in_one_line(folders: tuple[Path, Path], language: str) -> None:
    text = diff_report.render(compare(folders), BASE, WORKING_TREE, language, "text")
    assert (
        text
        == {
            "vi": "Dữ liệu không thay đổi từ HEAD (0123456) đến các tệp hiện tại (chưa commit).",
            "en": "The data did not change from HEAD (0123456) to the files as they are now (not committed).",
        }[language]
    )


def test_text_opens_with_the_two_sides_and_the_count(folders: tuple[Path, Path]) -> None:
    edit_like_a_maintainer(folders[1])
    text = diff_report.render(compare(folders), BASE, WORKING_TREE, "vi", "text").splitlines()
    assert text[0] == "8 thay đổi của dữ liệu, từ HEAD (0123456) đến các tệp hiện tại (chưa commit):"
    assert text[1:] == [f"- {s}" for s in sentences(folders, "vi")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_markdown_shows_hostile_data_as_text(folders: tuple[Path, Path], language: str) -> None:
    edit_like_a_maintainer(folders[1])
    replace_in(folders[1] / "observations.csv", ",1234.5,", ",1300,")  # the <script> target's figure
    found = compare(folders)
    markdown = diff_report.render(found, BASE, WORKING_TREE, language, "markdown")
    heading, blank, *items = markdown.splitlines()
    assert heading.startswith("### ") and blank == ""
    # Every punctuation character is escaped: nothing can open a tag, a link or emphasis.
    assert re.search(r"(?<!\\)[<>\[\]()*_`&|~$!]", "".join(item[2:] for item in items)) is None
    unescaped = [re.sub(r"\\(.)", r"\1", item[2:]) for item in items]
    assert unescaped == diff_report.sentences(found, language)
    assert any("<script>" in sentence for sentence in unescaped)


def test_markdown_escaping_keeps_the_no_break_space_before_percent() -> None:
    assert diff_report.markdown_text(f"50{NBSP}%\nnext") == f"50{NBSP}\\% next"


def test_json_has_sorted_keys_and_exact_numbers(folders: tuple[Path, Path]) -> None:
    replace_in(folders[1] / "observations.csv", ",1234.5,", ",1234.50,")
    text = diff_report.render(compare(folders), BASE, WORKING_TREE, "en", "json")
    assert '"new": 1234.50' in text  # the digit the maintainer typed, as a JSON number
    orders: list[list[str]] = []

    def remember(pairs: list[tuple[str, object]]) -> dict[str, object]:
        orders.append([key for key, _ in pairs])
        return dict(pairs)

    document = json.loads(text, parse_float=Decimal, object_pairs_hook=remember)
    assert len(orders) > 5 and all(keys == sorted(keys) for keys in orders)
    assert document["base"] == {"revision": "HEAD", "commit": BASE.commit}
    assert document["head"] == {"revision": None, "commit": None}
    assert document["unchanged"] is False and document["statuses"] == []
    (row,) = document["rows"]
    assert {k: row[k] for k in ("table", "key", "kind", "indicator_id", "source_id")} == {
        "table": "observations",
        "key": ["fx-hostile-2023"],
        "kind": "changed",
        "indicator_id": "fx-hostile",
        "source_id": "fx-report-2024-01",
    }
    assert row["cells"] == [{"field": "value", "old": Decimal("1234.5"), "new": Decimal("1234.50")}]
    assert row["old"]["value"] == Decimal("1234.5") and "comparisons" not in row["old"]
    assert row["sentences"] == diff_report.sentences(compare(folders), "en")
