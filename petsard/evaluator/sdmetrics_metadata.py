"""sdmetrics' metadata for aligned tables: one table, each scored column's sdtype from ori's
schema, as the sdmetrics reports read it."""

from __future__ import annotations

from typing import Any

from petsard.evaluator.evaluation_data import Aligned
from petsard.evaluator.sdmetrics_reports import SDTYPES

TABLE = "table"


def sdmetrics_metadata(aligned: Aligned) -> dict[str, Any]:
    """``{"tables": {TABLE: {"columns": {name: {"sdtype": ...}}}}}`` for the scored columns."""
    columns = {name: {"sdtype": SDTYPES.get(aligned.logical[name], "categorical")}
               for name in aligned.columns}
    return {"tables": {TABLE: {"columns": columns}}}
