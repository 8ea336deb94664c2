"""``method: custom_data``: synthetic data made elsewhere, read from a file, so it can be
evaluated and reported beside the synthesizers run here."""

from __future__ import annotations

from typing import Any

import pandas as pd

from petsard.exceptions import SynthesizerError
from petsard.loader.file_loader import FileLoader, NaValues
from petsard.method import Method
from petsard.schema.schema import Schema


class CustomDataSynthesizer(Method):
    """Reads ``filepath`` with the Loader's rules; its columns must match the input's."""

    def __init__(self, *, filepath: str, na_values: NaValues | None = None,
                 encoding: str = "utf-8-sig") -> None:
        self.filepath = filepath
        self.na_values = na_values
        self.encoding = encoding

    @classmethod
    def input_files(cls, params: dict[str, Any]) -> list[str]:
        return [params["filepath"]]

    def load(self, reference: pd.DataFrame | None, schema: Schema | None) -> pd.DataFrame:
        data, _ = FileLoader(filepath=self.filepath, na_values=self.na_values,
                             encoding=self.encoding).load("custom_data")
        if reference is not None:
            missing = [c for c in reference.columns if c not in data.columns]
            extra = [c for c in data.columns if c not in reference.columns]
            if missing or extra:
                raise SynthesizerError(
                    f"custom data '{self.filepath}' does not have the input's columns: "
                    f"missing {missing}, unexpected {extra}")
        return data
