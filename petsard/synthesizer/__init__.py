"""Synthesizer: learns the path's data and samples synthetic rows."""

from petsard.registry import Registry
from petsard.synthesizer.custom_data import CustomDataSynthesizer
from petsard.synthesizer.custom_method import CustomMethodSynthesizer
from petsard.synthesizer.default import DefaultSynthesizer
from petsard.synthesizer.operator import SynthesizerOperator
from petsard.synthesizer.sdv_models import MODELS
from petsard.synthesizer.sdv_synthesizer import SDVSynthesizer, model_class

REGISTRY: Registry[type] = Registry("Synthesizer")
REGISTRY.register("sdv")(SDVSynthesizer)
REGISTRY.register("custom_data")(CustomDataSynthesizer)
REGISTRY.register("custom_method")(CustomMethodSynthesizer)
for _model in MODELS:  # PETsARD's names, long and short
    REGISTRY.register(f"sdv-single_table-{_model.lower()}", f"sdv-{_model.lower()}")(
        model_class(_model))
REGISTRY.register("default", "petsard-gaussian_copula", "petsard-gaussian-copula")(
    DefaultSynthesizer)
# Differential privacy (the dp extra), imported when a config names one.
for _mechanism, _class in (("mst", "MST"), ("aim", "AIM"), ("mwem", "MWEM"),
                           ("dpctgan", "DPCTGAN"), ("patectgan", "PATECTGAN"),
                           ("dpgan", "DPGAN"), ("pategan", "PATEGAN")):
    REGISTRY.register_deferred("petsard.synthesizer.smartnoise_methods", f"SmartNoise{_class}",
                               f"smartnoise-{_mechanism}")

__all__ = ["REGISTRY", "CustomDataSynthesizer", "CustomMethodSynthesizer", "DefaultSynthesizer",
           "SDVSynthesizer", "SynthesizerOperator"]
