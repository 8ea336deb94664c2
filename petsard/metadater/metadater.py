"""``SchemaMetadater.from_data``: PETsARD's way of describing a DataFrame, for user classes
that build a schema themselves."""

from __future__ import annotations

from typing import Any

import pandas as pd

from petsard.schema import Schema, infer_schema


class SchemaMetadater:
    """Schemas from data, as PETsARD's class of this name makes them."""

    @classmethod
    def from_data(cls, data: pd.DataFrame, enable_stats: bool = True, **kwargs: Any) -> Schema:
        """The schema inferred from ``data`` (``schema_id``/``name`` name it; statistics are
        always computed)."""
        name = str(kwargs.get("schema_id") or kwargs.get("name") or "table")
        return infer_schema(data, name)
