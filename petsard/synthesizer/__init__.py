"""Synthesizer: learns the path's data and samples synthetic rows."""

from petsard.registry import Registry
from petsard.synthesizer.custom_data import CustomDataSynthesizer
from petsard.synthesizer.custom_method import CustomMethodSynthesizer
from petsard.synthesizer.default import DefaultSynthesizer
from petsard.synthesizer.operator import SynthesizerOperator
from petsard.synthesizer.sdv_models import MODELS
from petsard.synthesizer.sdv_synthesizer import SDVSynthesizer, model_class
from petsard.synthesizer.smartnoise_methods import SMARTNOISE_METHODS

REGISTRY: Registry[type] = Registry("Synthesizer")
REGISTRY.register("sdv")(SDVSynthesizer)
REGISTRY.register("custom_data")(CustomDataSynthesizer)
REGISTRY.register("custom_method")(CustomMethodSynthesizer)
for _model in MODELS:  # PETsARD's names, long and short
    REGISTRY.register(f"sdv-single_table-{_model.lower()}", f"sdv-{_model.lower()}")(
        model_class(_model))
REGISTRY.register("default", "petsard-gaussian_copula", "petsard-gaussian-copula")(
    DefaultSynthesizer)
for _method in SMARTNOISE_METHODS:  # differential privacy, the dp extra
    REGISTRY.register(_method.method_name())(_method)

__all__ = ["REGISTRY", "CustomDataSynthesizer", "CustomMethodSynthesizer", "DefaultSynthesizer",
           "SDVSynthesizer", "SynthesizerOperator"]
