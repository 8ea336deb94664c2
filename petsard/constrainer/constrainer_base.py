"""The base of a user's own constraint type, at PETsARD's import path
(``from petsard.constrainer.constrainer_base import BaseConstrainer``), so classes written
for PETsARD's ``Constrainer.register`` run unchanged."""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod
from typing import Any

import pandas as pd


class BaseConstrainer(ABC):
    """A constraint type: built from its section of the constraint config (``__init__(config)``),
    it keeps the rows that satisfy it (``apply(df)``). Register it with
    ``petsard.Constrainer.register(name, cls)``; a config's ``name:`` section then builds it.
    ``validate`` counts the rows ``apply`` removes (matched by index) as failing it."""

    def __init__(self, config: Any) -> None:
        self.config = config

    @abstractmethod
    def validate_config(self, df: pd.DataFrame) -> bool:
        """Whether the configuration fits ``df`` (its fields exist...)."""

    @abstractmethod
    def apply(self, df: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``df`` that satisfy the constraint (index labels kept)."""

    def _check_columns_exist(self, df: pd.DataFrame, columns: list[str]) -> bool:
        """True when every one of ``columns`` is in ``df`` (a warning names those missing)."""
        missing = [column for column in columns if column not in df.columns]
        if missing:
            warnings.warn(f"columns {missing} are not in the data", stacklevel=2)
        return not missing
