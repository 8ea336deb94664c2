"""What a Synthesizer method is: it learns a table and samples new rows like it."""

from __future__ import annotations

from abc import ABC, abstractmethod

import pandas as pd

from petsard.method import Method
from petsard.schema.schema import Schema


class SynthesizerMethod(Method, ABC):
    """fit, then sample. The operator casts samples back to the training data's dtypes.

    ``num_samples``: rows to sample (None: as many as the training data has);
    ``random_state``: a seed that overrides the one petsard derives for the node.
    """

    num_samples: int | None = None
    random_state: int | None = None

    @abstractmethod
    def fit(self, data: pd.DataFrame, schema: Schema | None, seed: int) -> None:
        """Learn ``data`` (its ``schema`` tells each field's logical type)."""

    @abstractmethod
    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        """``num_rows`` new rows with the training data's columns; the same seed gives the
        same rows."""
