"""Preprocessor and Postprocessor: per-field processing steps, their schema prediction and
their inversion."""

import petsard.processor.steps  # noqa: F401  (fills the step registry)
from petsard.processor.preprocessor import (
    DefaultPostprocessor,
    DefaultPreprocessor,
    PostprocessorOperator,
    PreprocessorOperator,
)
from petsard.registry import Registry

PREPROCESSORS: Registry[type] = Registry("Preprocessor")
PREPROCESSORS.register("default")(DefaultPreprocessor)
POSTPROCESSORS: Registry[type] = Registry("Postprocessor")
POSTPROCESSORS.register("default")(DefaultPostprocessor)

__all__ = ["POSTPROCESSORS", "PREPROCESSORS", "PostprocessorOperator", "PreprocessorOperator"]
