"""datapackage.json, read before anything else: its text, and every path and reference it
holds, checked so that nothing is read from outside the package folder or the web."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from chitieu.ingest.schema import Schema, schema_of
from chitieu.problems import Problem, UnusableInputError

DEFAULT_DESCRIPTOR = Path("datapackage") / "datapackage.json"
# "http:", "file:", "s3:" ... but not a Windows drive letter such as "C:".
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


@dataclass(frozen=True, slots=True)
class Descriptor:
    """datapackage.json as read, with the folder its paths are relative to."""

    path: Path
    data: Mapping[str, Any]
    text: str = ""
    content: bytes = b""  # the file as read, published byte for byte

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def resources(self) -> list[Mapping[str, Any]]:
        resources = self.data.get("resources", [])
        return [r for r in resources if isinstance(r, Mapping)] if isinstance(resources, list) else []

    def resource(self, name: str) -> Mapping[str, Any] | None:
        return next((r for r in self.resources if r.get("name") == name), None)

    def schema(self, name: str) -> Schema:
        """The typed schema of the resource `name` (empty when it has none inline)."""
        return schema_of(self.resource(name) or {})

    def line_of(self, value: str, resource: str | None = None) -> int | None:
        """The line of datapackage.json where `value` is written as a JSON string (within
        the named resource's entry when given), for messages that point into it."""
        start = (self._named(resource) if resource is not None else None) or 0
        for written in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
            position = self.text.find(written, start)
            if position >= 0:
                return self.text.count("\n", 0, position) + 1
        return None

    def line_of_resource(self, name: str) -> int | None:
        """The line where the resource `name` is named (not, say, the package's own "sources")."""
        position = self._named(name)
        return None if position is None else self.text.count("\n", 0, position) + 1

    def _named(self, name: str) -> int | None:
        found = re.search(r'"name"\s*:\s*' + re.escape(json.dumps(name, ensure_ascii=False)), self.text)
        return found.start() if found else None


def read_descriptor(path: Path) -> Descriptor:
    """Read datapackage.json; raise `UnusableInputError` when it cannot be used at all."""
    if path.is_dir():
        path = path / "datapackage.json"
    name = path.name
    if not path.is_file():
        raise UnusableInputError((Problem("no-such-file", str(path)),))
    try:
        content = path.read_bytes()
        text = content.decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise UnusableInputError((Problem("descriptor-not-utf8", name),)) from None
    except json.JSONDecodeError as error:
        raise UnusableInputError(
            (Problem("descriptor-not-json", name, row=error.lineno, params=(("detail", error.msg),)),)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise UnusableInputError((Problem("descriptor-no-resources", name),))
    # The folder is resolved, the descriptor itself is not: a descriptor may be a link to a
    # shared one (the test fixtures do this), and its resources are still read from here.
    return Descriptor(path.absolute().parent.resolve() / path.name, data, text, content)


def is_remote(reference: str) -> bool:
    """True for anything Frictionless would fetch instead of reading a local file."""
    return "://" in reference or reference.startswith(("//", "\\\\")) or bool(_SCHEME.match(reference))


def _leaves_folder(reference: str) -> bool:
    # Checked with both path flavours: a descriptor written on Windows may say "..\\x.csv".
    return any(
        flavour.is_absolute() or ".." in flavour.parts or flavour.drive or flavour.root
        for flavour in (PurePosixPath(reference), PureWindowsPath(reference))
    )


def resource_path(descriptor: Descriptor, resource: Mapping[str, Any]) -> tuple[Path | None, Problem | None]:
    """Where a resource's file is, or the problem that forbids reading it."""
    raw = resource.get("path")
    name = str(resource.get("name", "?"))
    here = descriptor.path.name
    if not isinstance(raw, str) or not raw:
        return None, Problem("resource-no-path", here, descriptor.line_of_resource(name), value=name)

    def refused(code: str) -> tuple[None, Problem]:
        line = descriptor.line_of(raw, resource=name)
        return None, Problem(code, here, line, value=raw, params=(("resource", name),))

    if is_remote(raw):
        return refused("remote-path")
    if _leaves_folder(raw):
        return refused("path-outside-package")
    candidate = descriptor.folder / raw
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a NUL in the name
        return refused("missing-file")
    if not resolved.is_relative_to(descriptor.folder):  # a symlink leading out
        return refused("path-outside-package")
    if not resolved.is_file():
        return refused("missing-file")
    return resolved, None


def site_title_problems(descriptor: Descriptor) -> tuple[Problem, ...]:
    """The package's "site" names the site in each language: {"vi": {"name": ..., "description":
    ...}, ...}. A name that is not text would silently fall back to the default name."""
    site = descriptor.data.get("site")
    if site is None:
        return ()
    entries = site.items() if isinstance(site, Mapping) else [("?", site)]
    return tuple(
        Problem("site-title", descriptor.path.name, descriptor.line_of("site"), "site", str(language))
        for language, text in entries
        if not isinstance(text, Mapping)
        or not isinstance(text.get("name"), str)
        or not text["name"].strip()
        or not isinstance(text.get("description", ""), str)
    )


def remote_references(descriptor: Descriptor) -> tuple[Problem, ...]:
    """Descriptor keys that would make Frictionless fetch a URL (profiles, schemas, dialects)."""
    problems = []
    places: list[tuple[str, Mapping[str, Any]]] = [("", descriptor.data)]
    places += [(str(r.get("name", "?")), r) for r in descriptor.resources]
    for resource, place in places:
        for key in ("$schema", "profile", "schema", "dialect"):
            value = place.get(key)
            if isinstance(value, str) and is_remote(value):
                problems.append(
                    Problem(
                        "remote-reference",
                        descriptor.path.name,
                        descriptor.line_of(value, resource=resource or None),
                        key,
                        value,
                        params=(("resource", resource),),
                    )
                )
    return tuple(problems)
