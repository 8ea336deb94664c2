"""``method: custom_data``: synthetic data made elsewhere, read from a file, so it can be
evaluated and reported beside the synthesizers run here."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, ClassVar

import pandas as pd
from pydantic import Field

from petsard.exceptions import SynthesizerError
from petsard.loader.file_loader import FileLoader
from petsard.loader.loader_options import check_loader_options, load_file
from petsard.method import Method
from petsard.schema.schema import Schema


class CustomDataSynthesizer(Method):
    """Reads ``filepath`` with the Loader's rules and any Loader setting (``schema``,
    ``na_values``...); its columns must match the input's. ``sample_num_rows`` keeps the
    file's first rows, as PETsARD."""

    param_aliases: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"sample_num_rows": "num_samples"})

    def __init__(self, *, filepath: str, num_samples: Annotated[int, Field(ge=1)] | None = None,
                 **loader: Any) -> None:
        self.filepath = filepath
        self.num_samples = num_samples
        self.loader = loader

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        if problems:
            return clean, problems
        options = {k: v for k, v in clean.items() if k not in ("filepath", "num_samples")}
        return clean, check_loader_options(options, {"": clean["filepath"]}, path)

    @classmethod
    def input_files(cls, params: dict[str, Any]) -> list[str]:
        return FileLoader.input_files({"filepath": params["filepath"]})

    def load(self, reference: pd.DataFrame | None) -> tuple[pd.DataFrame, Schema]:
        """The file's table (its first ``num_samples`` rows), checked against the input's
        columns when there is an input, and the schema the Loader gives it."""
        data, schema = load_file(self.filepath, self.loader, "custom_data")
        if self.num_samples is not None and self.num_samples < len(data):
            data = data.iloc[:self.num_samples]
            schema = None  # described again from the rows kept
        if reference is not None:
            missing = [c for c in reference.columns if c not in data.columns]
            extra = [c for c in data.columns if c not in reference.columns]
            if missing or extra:
                raise SynthesizerError(
                    f"custom data '{self.filepath}' does not have the input's columns: "
                    f"missing {missing}, unexpected {extra}")
        return data, schema
