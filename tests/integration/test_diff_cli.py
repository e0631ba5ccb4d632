"""`chitieu diff` in a git repository of the test's own: the fixture package committed,
then edited as a maintainer edits it. Never the real rows, never this repository's history."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from chitieu import history
from chitieu.cli import cli
from chitieu.messages import LANGUAGES
from tests.sitebuild import write_fixture_package
from tests.versions import edit_like_a_maintainer, git, replace_in


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit holds the fixture package; git never looks above it."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    root = tmp_path / "repository"
    write_fixture_package(root / "datapackage")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The fixture package")
    return root


def test_a_commit_is_written_as_its_files_and_nothing_else(repository: Path, tmp_path: Path) -> None:
    first = git(repository, "rev-parse", "HEAD")
    edit_like_a_maintainer(repository / "datapackage")
    (repository / "README.md").write_text("outside the package\n", encoding="utf-8")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Edit")
    destination = tmp_path / "at-first"
    destination.mkdir()
    assert history.write_package_at(repository, repository / "datapackage", "HEAD~1", destination) == first
    written = sorted(p.relative_to(destination).as_posix() for p in destination.rglob("*"))
    assert written == sorted(p.name for p in (repository / "datapackage").iterdir())
    for name in written:
        committed = git(repository, "show", f"{first}:datapackage/{name}")
        assert (destination / name).read_text(encoding="utf-8").strip() == committed
    assert "fx-at-least-2023" in (destination / "observations.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("revision", "reason"),
    [
        ("no-such-branch", history.Unreadable.UNKNOWN_COMMIT),
        ("--output=/tmp/x", history.Unreadable.UNKNOWN_COMMIT),
        ("HEAD~5", history.Unreadable.UNKNOWN_COMMIT),
    ],
)
def test_a_commit_that_does_not_exist_is_refused_by_name(
    repository: Path, tmp_path: Path, revision: str, reason: history.Unreadable
) -> None:
    with pytest.raises(history.CommitUnreadable) as raised:
        history.write_package_at(repository, repository / "datapackage", revision, tmp_path)
    assert (raised.value.reason, raised.value.revision) == (reason, revision)


def test_a_folder_outside_git_and_a_commit_without_the_package_are_refused(
    repository: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    write_fixture_package(plain / "datapackage")
    with pytest.raises(history.CommitUnreadable) as raised:
        history.write_package_at(plain, plain / "datapackage", "HEAD", tmp_path / "out")
    assert raised.value.reason is history.Unreadable.NOT_A_REPOSITORY
    git(repository, "mv", "datapackage", "data")
    git(repository, "commit", "-q", "-m", "Move the package")
    with pytest.raises(history.CommitUnreadable) as raised:
        history.write_package_at(repository, repository / "datapackage", "HEAD", tmp_path / "out")
    assert raised.value.reason is history.Unreadable.NO_PACKAGE


# ---------------------------------------------------------------------------------------
# The command, as a maintainer runs it before and after committing an edit.

SENTENCES = {
    "vi": [
        "- Nguồn mới: Báo Thử Nghiệm, 01/09/2024: Tin tháng 9",
        "- Chỉ tiêu mới: Sản lượng cá: ít nhất 2.000 tấn vào năm 2026 "
        "(Nghị quyết Đại hội XIII Đảng bộ xã Thử Nghiệm, nhiệm kỳ 2021–2026)",
        "- Đã xóa số liệu, Chỉ tiêu fx-at-least: 50\u00a0%, 2021–2023 "
        "(Báo [Thử](https://evil.example/) <img src=x onerror=alert(1)>, 15/01/2024)",
        "- Chỉ tiêu fx-half-year: dưới 30 → dưới 35 tỷ đồng (Cổng thông tin thử nghiệm, 30/06/2024)",
        "- Số hộ nghèo: 150 → 90 hộ "
        "(Báo [Thử](https://evil.example/) <img src=x onerror=alert(1)>, 15/01/2024)",
        "- Báo cáo tiến độ mới, Nghị quyết Đại hội XIII Đảng bộ xã Thử Nghiệm, nhiệm kỳ 2021–2026, "
        "2021–2024: 4/6 chỉ tiêu đạt và vượt, trong đó 2 chỉ tiêu vượt (Báo Thử Nghiệm, 01/09/2024)",
        "- Tình trạng của Chỉ tiêu fx-at-least: Đạt chỉ tiêu → Chưa có số liệu",
        "- Tình trạng của Số hộ nghèo: Chưa đạt → Vượt chỉ tiêu",
    ],
    "en": [
        "- New source: Báo Thử Nghiệm, 1 Sep 2024: Tin tháng 9",
        "- New target: Fish output: at least 2,000 t by 2026 "
        "(Thử Nghiệm commune Party Committee, XIII Congress resolution, term 2021–2026)",
        "- Figure removed, Target fx-at-least: 50%, 2021–2023 "
        "(Báo [Thử](https://evil.example/) <img src=x onerror=alert(1)>, 15 Jan 2024)",
        "- Target fx-half-year: under 30 → under 35 billion VND (Cổng thông tin thử nghiệm, 30 Jun 2024)",
        "- Poor households: 150 → 90 households "
        "(Báo [Thử](https://evil.example/) <img src=x onerror=alert(1)>, 15 Jan 2024)",
        "- New progress statement, Thử Nghiệm commune Party Committee, XIII Congress resolution, "
        "term 2021–2026, 2021–2024: 4 of 6 targets met or exceeded, 2 of them exceeded "
        "(Báo Thử Nghiệm, 1 Sep 2024)",
        "- Status of Target fx-at-least: Met → No data",
        "- Status of Poor households: Not yet met → Exceeded",
    ],
}
HEADING = {
    "vi": "8 thay đổi của dữ liệu, từ {old} đến {new}:",
    "en": "8 change(s) to the data, from {old} to {new}:",
}
WORKING_TREE = {"vi": "các tệp hiện tại (chưa commit)", "en": "the files as they are now (not committed)"}


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["diff", *args])
    # Whatever happens, a maintainer never sees a traceback: the command exits on purpose.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def commit_the_edit(repository: Path) -> tuple[str, str]:
    """(first commit, second commit) after a maintainer's edit is committed."""
    first = git(repository, "rev-parse", "--short=7", "HEAD")
    edit_like_a_maintainer(repository / "datapackage")
    git(repository, "commit", "-q", "-a", "-m", "Correct two figures, add a report, a target")
    return first, git(repository, "rev-parse", "--short=7", "HEAD")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_uncommitted_edit_is_told_in_sentences(
    repository: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    head = git(repository, "rev-parse", "--short=7", "HEAD")
    edit_like_a_maintainer(repository / "datapackage")
    monkeypatch.chdir(repository)
    result = run("--lang", language)
    assert result.exit_code == 0
    heading = HEADING[language].format(old=f"HEAD ({head})", new=WORKING_TREE[language])
    assert result.stdout.splitlines() == [heading, *SENTENCES[language]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_commits_and_one_commit_against_the_files(repository: Path, language: str) -> None:
    first, second = commit_the_edit(repository)
    result = run("HEAD~1", "HEAD", "--lang", language, "--repository", str(repository))
    assert result.exit_code == 0
    heading = HEADING[language].format(old=f"HEAD~1 ({first})", new=f"HEAD ({second})")
    assert result.stdout.splitlines() == [heading, *SENTENCES[language]]
    one = run(first, "--lang", language, "--repository", str(repository))
    heading = HEADING[language].format(old=first, new=WORKING_TREE[language])  # an id is not repeated
    assert (one.exit_code, one.stdout.splitlines()) == (0, [heading, *SENTENCES[language]])


def test_nothing_changed_is_said_and_is_not_an_error(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = git(repository, "rev-parse", "--short=7", "HEAD")
    monkeypatch.chdir(repository)
    result = run()
    assert (result.exit_code, result.stdout) == (
        0,
        f"Dữ liệu không thay đổi từ HEAD ({head}) đến các tệp hiện tại (chưa commit).\n",
    )
    same = run("HEAD", "HEAD", "--lang", "en")
    assert (same.exit_code, same.stdout) == (
        0,
        f"The data did not change from HEAD ({head}) to HEAD ({head}).\n",
    )
    as_json = json.loads(run("--format", "json").stdout)
    assert (as_json["unchanged"], as_json["rows"], as_json["statuses"]) == (True, [], [])


def test_json_is_for_programs_and_markdown_for_a_job_summary(repository: Path) -> None:
    commit_the_edit(repository)
    result = run("HEAD~1", "HEAD", "--format", "json", "--repository", str(repository))
    assert result.exit_code == 0
    document = json.loads(result.stdout, parse_float=Decimal)
    assert [(r["table"], r["kind"]) for r in document["rows"]][3] == ("observations", "changed")
    assert document["rows"][3]["cells"] == [{"field": "value", "old": 30, "new": 35}]
    assert [s["sentence"] for s in document["statuses"]] == [line[2:] for line in SENTENCES["vi"][-2:]]
    markdown = run("HEAD~1", "HEAD", "--format", "markdown", "--repository", str(repository)).stdout
    assert markdown.startswith("### 8 thay đổi của dữ liệu\\, từ HEAD\\~1")
    assert "<img" not in markdown.replace("\\<img", "") and "](" not in markdown
    assert "- Chỉ tiêu fx\\-half\\-year\\: dưới 30 → dưới 35 tỷ đồng" in markdown


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_an_invalid_side_shows_its_problems_like_validate_and_exits_1(
    repository: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    replace_in(repository / "datapackage" / "observations.csv", ",150,exact,", ",1S0,exact,")
    monkeypatch.chdir(repository)
    result = run("--lang", "en", "--format", output_format)
    assert result.exit_code == 1
    if output_format == "json":
        document = json.loads(result.stdout)
        assert document["valid"] is False and "base" not in document
        assert [(p["file"], p["row"], p["code"]) for p in document["head"]["problems"]] == [
            ("observations.csv", 4, "type-error")
        ]
        return
    shown = result.stdout if output_format == "text" else re.sub(r"\\(.)", r"\1", result.stdout)
    heading = "Cannot compare yet: 1 problem(s) in the files as they are now (not committed)."
    assert shown.startswith(("### " if output_format == "markdown" else "") + heading)
    assert "observations.csv" in shown and "1S0" in shown
    assert "✗ " in shown  # as `chitieu validate` marks a problem


def test_no_repository_no_commit_no_data_exit_2_with_a_message(
    repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unknown = run("no-such-branch", "--repository", str(repository))
    assert unknown.exit_code == 2
    assert "Không có commit nào tên “no-such-branch”" in unknown.stderr
    plain = tmp_path / "plain"
    write_fixture_package(plain / "datapackage")
    monkeypatch.chdir(plain)
    outside = run("--lang", "en")
    assert outside.exit_code == 2
    assert f"{plain} is not a git repository" in outside.stderr
    shutil.rmtree(repository / "datapackage")
    missing = run("--repository", str(repository), "--lang", "en")
    assert missing.exit_code == 2
    assert "Cannot read the data of the files as they are now (not committed):" in missing.stdout


def test_a_committed_link_out_of_the_package_is_never_followed(repository: Path) -> None:
    package = repository / "datapackage"
    (repository / "elsewhere.csv").write_bytes((package / "observations.csv").read_bytes())
    (package / "observations.csv").unlink()
    (package / "observations.csv").symlink_to(Path("..") / "elsewhere.csv")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Point the figures at a file outside the package")
    result = run("HEAD~1", "HEAD", "--format", "json", "--repository", str(repository))
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["head"]["problems"]
    # The link is written as a link, into a folder of its own: it leads nowhere there, so the
    # file outside the package is never read (in the working tree: path-outside-package).
    assert [(p["file"], p["code"]) for p in problems] == [("datapackage.json", "missing-file")]
    checkout = run("--format", "json", "--repository", str(repository))
    problems = json.loads(checkout.stdout)["head"]["problems"]
    assert [(p["file"], p["code"]) for p in problems] == [("datapackage.json", "path-outside-package")]


def test_a_damaged_repository_is_said_in_words_not_a_traceback(repository: Path) -> None:
    blob = git(repository, "rev-parse", "HEAD:datapackage/observations.csv")
    (repository / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = run("HEAD", "--lang", "en", "--repository", str(repository))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"git could not read the files of commit “HEAD”: {blob} missing")
