"""Per-module registries of methods that fail loudly on an unknown name."""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from typing import Generic, TypeVar

from petsard.exceptions import ConfigError

T = TypeVar("T")


def closest(name: str, choices: list[str]) -> str | None:
    """The most similar valid name, for 'did you mean' hints."""
    matches = difflib.get_close_matches(name.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not matches:
        return None
    return next(c for c in choices if c.lower() == matches[0])


def did_you_mean(name: str, choices: list[str]) -> str:
    guess = closest(name, choices)
    hint = f"; did you mean '{guess}'?" if guess else ";"
    return f"{hint} valid: {', '.join(sorted(choices))}"


class _Deferred:
    """A method class named by its module and attribute, imported when first asked for: a
    config that does not name the method never loads its module."""

    def __init__(self, module: str, attribute: str) -> None:
        self.module, self.attribute = module, attribute

    def load(self) -> object:
        return getattr(importlib.import_module(self.module), self.attribute)


class Registry(Generic[T]):
    """Names (case-insensitive) to method classes for one module kind."""

    def __init__(self, module: str) -> None:
        self.module = module
        self._entries: dict[str, T | _Deferred] = {}
        self._display: dict[str, str] = {}

    def register(self, *names: str) -> Callable[[T], T]:
        def decorate(obj: T) -> T:
            self._add(names, obj)
            return obj

        return decorate

    def register_deferred(self, module: str, attribute: str, *names: str) -> None:
        """Register ``module.attribute`` under ``names`` without importing it yet."""
        self._add(names, _Deferred(module, attribute))

    def _add(self, names: tuple[str, ...], entry: T | _Deferred) -> None:
        for name in names:
            key = name.lower()
            if key in self._entries:
                raise ValueError(f"{self.module} method '{name}' is registered twice")
            self._entries[key] = entry
            self._display[key] = name

    def names(self) -> list[str]:
        return sorted(self._display.values())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._entries

    def get(self, name: str, path: str | None = None) -> T:
        """The class registered as ``name``; ConfigError with the closest valid name otherwise."""
        try:
            entry = self._entries[name.lower()]
        except KeyError:
            where = f"{path}: " if path else ""
            raise ConfigError(
                f"{where}unknown {self.module} method '{name}'{did_you_mean(name, self.names())}"
            ) from None
        if isinstance(entry, _Deferred):  # imported modules are cached: loading again is cheap
            return entry.load()  # type: ignore[return-value]
        return entry
