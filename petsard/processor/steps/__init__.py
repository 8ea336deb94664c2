"""The per-field processing steps. Importing this package registers every step in
``petsard.processor.base.STEPS``."""

from petsard.processor.steps import discretizing, encoder, missing, outlier, scaler

__all__ = ["discretizing", "encoder", "missing", "outlier", "scaler"]
