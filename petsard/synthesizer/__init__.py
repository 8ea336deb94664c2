"""Synthesizer: learns the path's data and samples synthetic rows."""

from petsard.registry import Registry
from petsard.synthesizer.custom_data import CustomDataSynthesizer
from petsard.synthesizer.operator import SynthesizerOperator
from petsard.synthesizer.sdv_models import MODELS
from petsard.synthesizer.sdv_synthesizer import SDVSynthesizer, model_class

REGISTRY: Registry[type] = Registry("Synthesizer")
REGISTRY.register("sdv")(SDVSynthesizer)
REGISTRY.register("custom_data")(CustomDataSynthesizer)
for _model in MODELS:
    REGISTRY.register(f"sdv-single_table-{_model.lower()}")(model_class(_model))
# Until our own Gaussian copula lands, the default is SDV's.
REGISTRY.register("default")(model_class("GaussianCopula"))

__all__ = ["REGISTRY", "CustomDataSynthesizer", "SDVSynthesizer", "SynthesizerOperator"]
