"""What an Evaluator method is: it scores the path's data against the original."""

from __future__ import annotations

from abc import ABC, abstractmethod

import pandas as pd

from petsard.evaluator.evaluation_data import EvaluationData
from petsard.method import Method


class EvaluatorMethod(Method, ABC):
    """``evaluate`` returns tables keyed by granularity: ``global`` (one row of scores; one
    row per metric where PETsARD's table has that shape, as mlutility's),
    ``columnwise``, ``pairwise``, ``details``... as applicable. Optional packages are
    imported inside ``evaluate``, never at module import."""

    @abstractmethod
    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        """Scores of ``data.syn`` against ``data.ori`` (and ``data.control``)."""
