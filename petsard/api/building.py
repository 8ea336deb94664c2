"""Building a module's method from parameters as a notebook writes them: the same checks a
config's experiment goes through, so a misspelt or ill-typed parameter raises ConfigError
naming it before anything runs."""

from __future__ import annotations

from typing import Any

import pandas as pd

from petsard.exceptions import ConfigError
from petsard.registry import Registry


def method_params(registry: Registry[Any], method: Any, params: dict[str, Any],
                  path: str) -> tuple[type, dict[str, Any]]:
    """(the class ``method`` names in ``registry``, its validated constructor parameters)."""
    if not isinstance(method, str):
        raise ConfigError(f"{path}.method: expected a method name, got {method!r}; valid: "
                          f"{', '.join(registry.names())}")
    cls = registry.get(method, f"{path}.method")
    clean, problems = cls.params_from(params, path)
    if problems:
        raise ConfigError.from_problems(problems)
    return cls, clean


def configured(registry: Registry[Any], method: str, params: dict[str, Any], path: str) -> Any:
    """An instance of ``method`` built from ``params``; ConfigError listing every problem."""
    cls, clean = method_params(registry, method, params, path)
    return cls(**clean)


def given(**params: Any) -> dict[str, Any]:
    """The keyword arguments a caller set (None means 'not given', as in PETsARD)."""
    return {key: value for key, value in params.items() if value is not None}


def require_frame(value: Any, where: str) -> pd.DataFrame:
    """``value`` if it is a DataFrame; ConfigError saying what was given otherwise."""
    if not isinstance(value, pd.DataFrame):
        raise ConfigError(f"{where}: expected a pandas DataFrame, got {type(value).__name__}")
    return value


def read_tables(data: Any, where: str, required: tuple[str, ...],
                optional: tuple[str, ...] = ()) -> dict[str, pd.DataFrame]:
    """The DataFrames of ``data`` named ``required`` and ``optional``; ConfigError naming
    what is missing, unknown or not a DataFrame."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a dict of DataFrames "
                          f"({', '.join(required + optional)}), got {type(data).__name__}")
    missing = [key for key in required if data.get(key) is None]
    unknown = [key for key in data if key not in required + optional]
    if missing or unknown:
        raise ConfigError(f"{where}: expected the keys {', '.join(required)}"
                          + (f" (and optionally {', '.join(optional)})" if optional else "")
                          + f", got {', '.join(map(str, data)) or 'none'}")
    return {key: require_frame(value, f"{where}: '{key}'") for key, value in data.items()
            if value is not None}
