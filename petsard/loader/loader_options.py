"""The Loader's settings as other modules take them: a Splitter's or a Synthesizer's
``custom_data`` reads its files with every key a Loader accepts (``schema``, ``na_values``,
``column_types``...), given once for every file or per file (``schema: {ori: a.yaml,
control: b.yaml}``), as PETsARD reads them."""

from __future__ import annotations

import inspect
from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd

from petsard.loader.file_loader import FileLoader
from petsard.schema.schema import Schema

LOADER_KEYS = tuple(name for name in inspect.signature(FileLoader.__init__).parameters
                    if name not in ("self", "filepath"))


def per_file(options: Mapping[str, Any], file: str, files: Collection[str]) -> dict[str, Any]:
    """The Loader settings for ``file``: a setting written as a mapping of ``files`` keys is
    that file's; any other applies to every file."""
    return {key: (value[file] if _is_per_file(value, files) else value)
            for key, value in options.items() if not (_is_per_file(value, files)
                                                      and file not in value)}


def _is_per_file(value: Any, files: Collection[str]) -> bool:
    return isinstance(value, Mapping) and bool(value) and all(k in files for k in value)


def check_loader_options(options: Mapping[str, Any], filepaths: Mapping[str, str], path: str
                         ) -> list[str]:
    """Problems with the Loader settings of each file, with their YAML paths (a per-file
    setting's path ends in its file key). ``filepaths`` maps file keys to paths."""
    problems: list[str] = []
    unknown = [key for key in options if key not in LOADER_KEYS]
    problems += [f"{path}.{key}: unknown parameter; valid: filepath, "
                 f"{', '.join(sorted(LOADER_KEYS))}" for key in unknown]
    known = {k: v for k, v in options.items() if k not in unknown}
    for file, filepath in filepaths.items():
        settings = {"filepath": filepath, **per_file(known, file, filepaths)}
        _, found = FileLoader.validate_params(settings, path)
        for problem in found:
            key = problem[len(path) + 1:].split(":")[0].split(".")[0]
            if _is_per_file(known.get(key), filepaths):
                problem = problem.replace(f"{path}.{key}", f"{path}.{key}.{file}", 1)
            if problem not in problems:
                problems.append(problem)
    return problems


def load_file(filepath: str, options: Mapping[str, Any], name: str
              ) -> tuple[pd.DataFrame, Schema]:
    """Read one file with the Loader's rules and the given settings."""
    return FileLoader(filepath=filepath, **options).load(name)
