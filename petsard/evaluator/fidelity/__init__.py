"""Fidelity and validity metrics: sdmetrics 0.32's QualityReport and DiagnosticReport.

``reports.py`` computes them natively (vectorised, numpy and pandas only: importing sdmetrics
alone costs 2.5 s per process and its reports loop over column pairs in Python);
``sdmetrics_engine.py`` runs the library itself, for ``engine: sdmetrics`` and for the tests
that hold the two equal (to 1e-9, every property, column and pair). Both take the tables and
the sdmetrics sdtype of each column to score, and return a ``details.Report``.

This is a deliberate exception to using the library made for the job: the metrics are short
definitions, and the equality tests keep the two in step.
"""

from petsard.evaluator.fidelity.details import Report
from petsard.evaluator.fidelity.reports import diagnostic_report, quality_report

#: sdmetrics 0.32's QualityReport thresholds (pairs below them are left out of the average).
SDMETRICS_THRESHOLDS = {"real_correlation_threshold": 0.5, "real_association_threshold": 0.3}

__all__ = ["SDMETRICS_THRESHOLDS", "Report", "diagnostic_report", "quality_report"]
