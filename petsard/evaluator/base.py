"""What an Evaluator method is: it scores the path's data against the original."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Literal, get_args

import pandas as pd

from petsard.evaluator.evaluation_data import EvaluationData
from petsard.method import Method

#: What an evaluator's scores measure (PETsARD's kinds of evaluation): privacy risk,
#: fidelity to the original, ML utility, validity (diagnostics) or plain statistics.
Measure = Literal["privacy", "fidelity", "utility", "validity", "statistics"]
MEASURES: tuple[str, ...] = get_args(Measure)


class EvaluatorMethod(Method, ABC):
    """``evaluate`` returns tables keyed by granularity: ``global`` (one row of scores; one
    row per metric where PETsARD's table has that shape, as mlutility's),
    ``columnwise``, ``pairwise``, ``details``... as applicable. Optional packages are
    imported inside ``evaluate``, never at module import."""

    #: What the scores measure, recorded with the node (``info["measures"]``) so reports
    #: group evaluators by it. None: not declared (reports judge by the tables' columns).
    measures: ClassVar[Measure | None] = None

    @classmethod
    def measures_of(cls, params: dict[str, Any]) -> Measure | None:
        """What an experiment with ``params`` measures (custom_method asks the user's
        class)."""
        return cls.measures

    @abstractmethod
    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        """Scores of ``data.syn`` against ``data.ori`` (and ``data.control``)."""
