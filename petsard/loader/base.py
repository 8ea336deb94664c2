"""What a Loader method is: it reads one table and tells its schema."""

from __future__ import annotations

from abc import ABC, abstractmethod

import pandas as pd

from petsard.method import Method
from petsard.schema.schema import Schema


class LoaderMethod(Method, ABC):
    """Reads the data a path starts from. ``notes_``: what the last load changed in the
    values as the user's schema asked (counts, never values), for the run record."""

    notes_: tuple[str, ...] = ()

    @abstractmethod
    def load(self, name: str) -> tuple[pd.DataFrame, Schema]:
        """(table, its schema named ``name`` unless the user's schema names it)."""
