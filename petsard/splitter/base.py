"""What a Splitter method is: it splits one table into named tables (train, validation)."""

from __future__ import annotations

from abc import ABC, abstractmethod

import pandas as pd

from petsard.method import Method

TRAIN, VALIDATION = "train", "validation"


class SplitterMethod(Method, ABC):
    """Splits the path's table; the validation table is the control data evaluators need."""

    @abstractmethod
    def split(self, data: pd.DataFrame, seed: int | str, index: int
              ) -> dict[str, pd.DataFrame]:
        """{'train': rows to learn from, 'validation': rows held out}, as row subsets of
        ``data`` (same labels, same values). ``index`` numbers expanded samples from 1."""
