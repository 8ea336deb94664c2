"""What a Describer method is: statistics of tables on the path, without scoring."""

from __future__ import annotations

from abc import ABC, abstractmethod

import pandas as pd

from petsard.method import Method
from petsard.schema.schema import Schema

Table = tuple[pd.DataFrame, Schema]


class DescriberMethod(Method, ABC):
    """``roles`` names the tables it reads ({role: source reference as written}); the
    operator finds each on the path and passes it as ``describe(role=(table, schema))``."""

    @abstractmethod
    def roles(self) -> dict[str, str]: ...

    @abstractmethod
    def describe(self, **tables: Table) -> dict[str, pd.DataFrame]:
        """Tables keyed by granularity (global, columnwise, pairwise)."""
