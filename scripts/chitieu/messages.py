"""The translation catalogues: every word the product shows a person.

Catalogues are TOML files under `locales/<language>/`; each file is one area (problems,
site, cli, ...) so that the people editing different parts do not edit the same file.
Keys are dotted paths (`problems.type-error.message`); values are `str.format` templates.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

LANGUAGES = ("vi", "en")
LOCALES = Path(__file__).parent / "locales"


def _flatten(prefix: str, table: Mapping[str, object], out: dict[str, str]) -> None:
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            _flatten(path, value, out)
        else:
            out[path] = str(value)


@cache
def catalogue(language: str) -> dict[str, str]:
    """All messages of one language, keyed by dotted path."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; use one of {LANGUAGES}")
    messages: dict[str, str] = {}
    for path in sorted((LOCALES / language).glob("*.toml")):
        with path.open("rb") as file:
            _flatten(path.stem, tomllib.load(file), messages)
    return messages


def translate(language: str, key: str, /, **params: object) -> str:
    """The message `key` in `language`, with `params` filled in.

    A missing key is a bug, not a user error: it raises KeyError, and a test checks that
    both catalogues hold the same keys.
    """
    template = catalogue(language)[key]
    return template.format(**params) if params else template


def unfilled(language: str, key: str) -> str:
    """A message with its placeholders shown as "…", for the lists of what can be said
    (the guide's problems, the data-quality page's checks).

    >>> unfilled("en", "problems.no-such-file.message")
    'There is no file or folder at ….'
    """
    template = catalogue(language)[key]
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**dict.fromkeys(names, "…"))


def has_message(language: str, key: str) -> bool:
    return key in catalogue(language)
