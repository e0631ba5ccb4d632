"""Stage: history, what changed in the data, commit by commit, from the git history of the
package folder; and the build's one date, which rests on it.

in: the repository, the package folder and each resource's file and primary key.
out: `History`: the commits that changed a table (newest first), each with the rows added,
removed and revised, or the reason the history is missing.

The one place that reads git: the pipeline reads the history with `read_history` before
any stage that needs it, and `chitieu diff` has `write_package_at` write the package
folder as it was at one commit into a folder of its own, so that each version is read by
the normal validator. It runs plain `git` commands with subprocess and reads the CSV
files as they were at each commit;
rows are matched by their primary key, so a row that moved in the file is not a change.
Commits are followed along the first parent, which is what the published branch looked
like after each push or merge. Same repository, same bytes: nothing here reads the clock
or the working tree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from chitieu.ingest.descriptor import Descriptor
from chitieu.ingest.schema import schema_of
from chitieu.records import Package

DESCRIPTOR = "datapackage.json"
Key = tuple[str, ...]


class Missing(StrEnum):
    """Why no history can be shown; the page says so in words."""

    NO_GIT = "no-git"  # git is not installed
    NOT_A_REPOSITORY = "not-a-repository"  # e.g. built from a downloaded archive
    SHALLOW = "shallow"  # a shallow clone holds only the newest commits
    NOT_COMMITTED = "not-committed"  # the package has never been committed


@dataclass(frozen=True, slots=True)
class Resource:
    """A table to follow: its file relative to the package folder and its primary key."""

    name: str
    path: str
    primary_key: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Revision:
    """One cell that changed in a row that exists before and after the commit."""

    field: str
    old: str  # the cell text as it was in the CSV ("" = empty)
    new: str


@dataclass(frozen=True, slots=True)
class RevisedRow:
    key: Key
    revisions: tuple[Revision, ...]


@dataclass(frozen=True, slots=True)
class TableChange:
    """How one table changed in one commit."""

    resource: str
    rows_before: int | None  # None: the table did not exist before this commit
    rows_after: int | None  # None: the table was removed by this commit
    added: tuple[Key, ...]
    removed: tuple[Key, ...]
    revised: tuple[RevisedRow, ...]
    columns_added: tuple[str, ...]
    columns_removed: tuple[str, ...]

    @property
    def created(self) -> bool:
        return self.rows_before is None

    @property
    def deleted(self) -> bool:
        return self.rows_after is None


@dataclass(frozen=True, slots=True)
class Commit:
    id: str
    date: dt.datetime  # the committer's date, with its UTC offset
    subject: str
    descriptor_changed: bool  # datapackage.json (schema or metadata) changed
    tables: tuple[TableChange, ...]


@dataclass(frozen=True, slots=True)
class History:
    commits: tuple[Commit, ...]  # newest first
    missing: Missing | None = None
    last_changed: dt.datetime | None = None  # date of the newest commit touching the folder, if known


class _GitError(Exception):
    pass


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(cwd), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise _GitError(Missing.NO_GIT.value) from None
    if result.returncode != 0:
        raise _GitError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


@dataclass(frozen=True, slots=True)
class _Table:
    columns: tuple[str, ...]
    rows: dict[Key, dict[str, str]]
    primary_key: tuple[str, ...] = ()
    keyed: bool = False  # rows are keyed by the primary key, not by row number


def parse_table(content: bytes, primary_key: Sequence[str]) -> _Table:
    """Rows by primary key; a table without one (or missing a key column) is keyed by row number."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig", "replace"), newline=""))
    columns = tuple(reader.fieldnames or ())
    keyed = bool(primary_key) and all(name in columns for name in primary_key)
    rows: dict[Key, dict[str, str]] = {}
    for number, record in enumerate(reader, start=2):
        cells = {k: v if isinstance(v, str) else "" for k, v in record.items() if isinstance(k, str)}
        key = tuple(cells.get(name, "") for name in primary_key) if keyed else (str(number),)
        rows[key] = cells
    return _Table(columns, rows, tuple(primary_key), keyed)


def _as_keyed_now(before: _Table, after: _Table) -> dict[Key, dict[str, str]]:
    """The old rows, keyed as the new version keys them. A version written before a key
    column existed (progress_reports.counts) is keyed by row number: each of its rows is the
    new row that agrees with it on the key columns it has (and, among several, on every
    column it has), when exactly one does; else it keeps its row number."""
    shared = [name for name in after.primary_key if name in before.columns]
    if before.keyed or not after.keyed or not shared:
        return before.rows
    positions = [after.primary_key.index(name) for name in shared]
    candidates: dict[Key, list[Key]] = {}
    for key in after.rows:
        candidates.setdefault(tuple(key[i] for i in positions), []).append(key)
    aligned: dict[Key, dict[str, str]] = {}
    for number, cells in before.rows.items():
        found = candidates.get(tuple(cells.get(name, "") for name in shared), [])
        if len(found) > 1:
            found = [k for k in found if all(after.rows[k].get(c) == v for c, v in cells.items())]
        key = found[0] if len(found) == 1 and found[0] not in aligned else number
        aligned[key] = cells
    return aligned


def diff_tables(resource: str, before: _Table | None, after: _Table | None) -> TableChange | None:
    """The rows added, removed and revised between two versions of a table; None if equal."""
    old_rows = (_as_keyed_now(before, after) if after else before.rows) if before else {}
    new_rows = after.rows if after else {}
    old_columns = before.columns if before else ()
    new_columns = after.columns if after else ()
    # A column added or removed is reported once for the table, not once per row.
    shared = [c for c in new_columns if c in old_columns]
    revised = []
    for key in sorted(old_rows.keys() & new_rows.keys()):
        old, new = old_rows[key], new_rows[key]
        revisions = tuple(
            Revision(c, old.get(c, ""), new.get(c, "")) for c in shared if old.get(c) != new.get(c)
        )
        if revisions:
            revised.append(RevisedRow(key, revisions))
    change = TableChange(
        resource=resource,
        rows_before=None if before is None else len(old_rows),
        rows_after=None if after is None else len(new_rows),
        added=tuple(sorted(new_rows.keys() - old_rows.keys())),
        removed=tuple(sorted(old_rows.keys() - new_rows.keys())),
        revised=tuple(revised),
        columns_added=tuple(c for c in new_columns if c not in old_columns) if before else (),
        columns_removed=tuple(c for c in old_columns if c not in new_columns) if after else (),
    )
    unchanged = (
        before is not None
        and after is not None
        and not (change.added or change.removed or change.revised or change.columns_added)
        and not change.columns_removed
    )
    return None if unchanged else change


def _pathspec(folder: str) -> str:
    """The package folder as a git pathspec from the top of the repository ("." is the top)."""
    return "." if folder == "." else folder + "/"


def _entries(toplevel: Path, commit: str, folder: str) -> list[tuple[str, str, str]]:
    """(path relative to the package folder, mode, blob id) of every file at `commit`;
    a symbolic link is a blob too (mode 120000, its content is where it points)."""
    listing = _git(toplevel, "ls-tree", "-r", "-z", "--full-tree", commit, "--", _pathspec(folder))
    entries = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.decode("utf-8", "replace").partition("\t")
        mode, kind, blob = meta.split(" ")
        if kind == "blob":
            relative = path if folder == "." else str(PurePosixPath(path).relative_to(folder))
            entries.append((relative, mode, blob))
    return entries


def _blobs(toplevel: Path, commit: str, folder: str) -> dict[str, str]:
    """{path relative to the package folder: blob id} at `commit`."""
    return {path: blob for path, _, blob in _entries(toplevel, commit, folder)}


def _read_blobs(toplevel: Path, blobs: Sequence[str]) -> dict[str, bytes]:
    """The contents of many blobs in one git process."""
    if not blobs:
        return {}
    output = _git(toplevel, "cat-file", "--batch", stdin="".join(b + "\n" for b in blobs).encode())
    contents: dict[str, bytes] = {}
    position = 0
    for blob in blobs:
        end = output.index(b"\n", position)
        header = output[position:end].decode("utf-8", "replace").split(" ")
        if len(header) != 3:  # "<id> missing": the repository lacks the object
            raise _GitError(" ".join(header))
        size = header[2]
        start = end + 1
        contents[blob] = output[start : start + int(size)]
        position = start + int(size) + 1
    return contents


def _commits(toplevel: Path, folder: str) -> list[tuple[str, dt.datetime, str]]:
    log = _git(
        toplevel,
        "log",
        "--first-parent",
        "--reverse",
        "--format=%H%x1f%cI%x1f%s%x1e",
        "--",
        _pathspec(folder),
    )
    commits = []
    for record in log.decode("utf-8", "replace").split("\x1e"):
        record = record.strip("\n")
        if record:
            commit, date, subject = record.split("\x1f", 2)
            commits.append((commit, dt.datetime.fromisoformat(date), subject))
    return commits


def read_history(repository: Path, folder: Path, resources: Sequence[Resource]) -> History:
    """Every commit that changed one of `resources`, newest first, or why that cannot be known."""
    try:
        toplevel = Path(_git(repository, "rev-parse", "--show-toplevel").decode().strip())
    except _GitError as error:
        reason = Missing.NO_GIT if str(error) == Missing.NO_GIT.value else Missing.NOT_A_REPOSITORY
        return History((), reason)
    try:
        relative = folder.resolve().relative_to(toplevel.resolve()).as_posix()
        commits = _commits(toplevel, relative)
        shallow = _git(toplevel, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
    except (ValueError, _GitError):
        return History((), Missing.NOT_A_REPOSITORY)
    if not commits:
        return History((), Missing.NOT_COMMITTED)
    if shallow:
        # The oldest commit of a shallow clone looks as if it added every file, so neither
        # its rows nor its date say when the data changed.
        return History((), Missing.SHALLOW)
    return History(tuple(reversed(_walk(toplevel, relative, commits, resources))), None, commits[-1][1])


class Unreadable(StrEnum):
    """Why the package cannot be read as it was at a commit; the CLI says so in words."""

    NO_GIT = "no-git"  # git is not installed
    NOT_A_REPOSITORY = "not-a-repository"  # the folder is not inside a git working tree
    UNKNOWN_COMMIT = "unknown-commit"  # no commit has that name
    NO_PACKAGE = "no-package"  # the commit has no datapackage.json in the package folder
    GIT_FAILED = "git-failed"  # git could not read the commit's files (its words in `detail`)


class CommitUnreadable(Exception):
    """Raised by `write_package_at`; `revision` is the name the user gave."""

    def __init__(self, reason: Unreadable, revision: str, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {revision}")
        self.reason = reason
        self.revision = revision
        self.detail = detail


# A file mode git records for a symbolic link; a submodule ("commit") is not a file at all.
_SYMLINK_MODE = "120000"


def write_package_at(repository: Path, folder: Path, revision: str, destination: Path) -> str:
    """Write the files of the package `folder` as they were at `revision` into the empty
    folder `destination`, and return the commit's full id.

    Files are written as git stores them (no filters run) and a symbolic link stays a
    link, so that the validator's safety checks see what a checkout would hold. Raises
    `CommitUnreadable` when git, the repository, the commit or the package is missing.
    """
    if revision.startswith("-"):  # never let a name be read as an option of git
        raise CommitUnreadable(Unreadable.UNKNOWN_COMMIT, revision)
    toplevel, relative = _locate(repository, folder, revision)
    try:
        commit = _git(toplevel, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except _GitError:
        raise CommitUnreadable(Unreadable.UNKNOWN_COMMIT, revision) from None
    try:
        entries = [e for e in _entries(toplevel, commit, relative) if _stays_inside(e[0])]
        if DESCRIPTOR not in {path for path, _, _ in entries}:
            raise CommitUnreadable(Unreadable.NO_PACKAGE, revision)
        contents = _read_blobs(toplevel, sorted({blob for _, _, blob in entries}))
    except _GitError as error:  # a damaged repository, a missing object
        raise CommitUnreadable(Unreadable.GIT_FAILED, revision, str(error)) from None
    for path, mode, blob in entries:
        target = destination.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == _SYMLINK_MODE:
            target.symlink_to(os.fsdecode(contents[blob]))
        else:
            target.write_bytes(contents[blob])
    return commit


def _locate(repository: Path, folder: Path, revision: str) -> tuple[Path, str]:
    """The top of the working tree and the package folder relative to it, as git names it."""
    try:
        toplevel = Path(_git(repository, "rev-parse", "--show-toplevel").decode().strip())
        return toplevel, folder.resolve().relative_to(toplevel.resolve()).as_posix()
    except _GitError as error:
        reason = Unreadable.NO_GIT if str(error) == Missing.NO_GIT.value else Unreadable.NOT_A_REPOSITORY
        raise CommitUnreadable(reason, revision) from None
    except ValueError:  # the package folder is outside the repository
        raise CommitUnreadable(Unreadable.NOT_A_REPOSITORY, revision) from None


def _stays_inside(path: str) -> bool:
    """Git refuses such paths itself; a hand-made tree could still hold one."""
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and ".." not in parts


def _walk(
    toplevel: Path,
    folder: str,
    commits: Sequence[tuple[str, dt.datetime, str]],
    resources: Sequence[Resource],
) -> list[Commit]:
    """Compare each commit with the one before, reading only the files whose blob changed."""
    previous_blobs: dict[str, str] = {}
    previous_tables: dict[str, _Table] = {}
    found = []
    for commit, date, subject in commits:
        blobs = _blobs(toplevel, commit, folder)
        changed = [r for r in resources if blobs.get(r.path) != previous_blobs.get(r.path)]
        contents = _read_blobs(toplevel, sorted({blobs[r.path] for r in changed if r.path in blobs}))
        tables: dict[str, _Table] = dict(previous_tables)
        changes = []
        for resource in changed:
            after = (
                parse_table(contents[blobs[resource.path]], resource.primary_key)
                if resource.path in blobs
                else None
            )
            if after is None:
                tables.pop(resource.name, None)
            else:
                tables[resource.name] = after
            change = diff_tables(resource.name, previous_tables.get(resource.name), after)
            if change is not None:
                changes.append(change)
        descriptor_changed = blobs.get(DESCRIPTOR) != previous_blobs.get(DESCRIPTOR)
        if changes or descriptor_changed:
            found.append(Commit(commit, date, subject, descriptor_changed, tuple(changes)))
        previous_blobs, previous_tables = blobs, tables
    return found


def resources_of(descriptor: Descriptor) -> tuple[Resource, ...]:
    """The tables to follow, from the descriptor as read."""
    return tuple(
        Resource(str(resource.get("name")), str(resource["path"]), schema_of(resource).primary_key)
        for resource in descriptor.resources
        if isinstance(resource.get("path"), str)
    )


# ---------------------------------------------------------------------------------------
# The build's one date.


def release_time(history: History, source_date_epoch: int | None) -> dt.datetime | None:
    """When the data last changed, if that is known: SOURCE_DATE_EPOCH (reproducible
    builds; read by the caller) or the last commit of the package folder. The pages say
    "last changed" only then."""
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, dt.UTC)
    return history.last_changed.astimezone(dt.UTC) if history.last_changed else None


def build_time(released: dt.datetime | None, package: Package) -> dt.datetime:
    """The build's only date, stamped into the archives, the workbook and the engine's
    sitemap: `released` (see `release_time`), else (no git history, e.g. a downloaded copy)
    the newest date in the data. Never the clock, so the same inputs build the same bytes
    on any day."""
    if released is not None:
        return released
    dates = [s.published for s in package.sources]
    dates += [o.as_of for o in package.observations]
    dates += [p.as_of for p in package.progress_reports]
    newest = max(dates, default=dt.date(1970, 1, 1))
    return dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)
