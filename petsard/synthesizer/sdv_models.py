"""The parameters of SDV 1.38's single-table synthesizers, known without importing SDV.

Importing SDV costs ~4 s and 400 MB, so configs are validated against this table;
``tests/synthesizer/test_sdv_synthesizer.py`` checks it against SDV's real signatures.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

PositiveInt = Annotated[int, Field(ge=1)]
PositiveFloat = Annotated[float, Field(gt=0)]
NonNegativeFloat = Annotated[float, Field(ge=0)]

_COMMON: dict[str, tuple[Any, Any]] = {
    "enforce_min_max_values": (bool, True),
    "enforce_rounding": (bool, True),
}
_LOCALES: dict[str, tuple[Any, Any]] = {"locales": (list[str], ["en_US"])}
Distribution = Literal["norm", "beta", "truncnorm", "uniform", "gamma", "gaussian_kde"]
_COPULA: dict[str, tuple[Any, Any]] = {
    "numerical_distributions": (dict[str, Distribution] | None, None),
    "default_distribution": (Distribution | None, None),
}
_GAN: dict[str, tuple[Any, Any]] = {
    "embedding_dim": (PositiveInt, 128),
    "generator_dim": (list[PositiveInt], [256, 256]),
    "discriminator_dim": (list[PositiveInt], [256, 256]),
    "generator_lr": (PositiveFloat, 2e-4),
    "generator_decay": (NonNegativeFloat, 1e-6),
    "discriminator_lr": (PositiveFloat, 2e-4),
    "discriminator_decay": (NonNegativeFloat, 1e-6),
    "batch_size": (PositiveInt, 500),
    "discriminator_steps": (PositiveInt, 1),
    "log_frequency": (bool, True),
    "verbose": (bool, False),
    "epochs": (PositiveInt, 300),
    "pac": (PositiveInt, 10),
    "enable_gpu": (bool, True),
    "cuda": (bool | str | None, None),  # SDV 1.x's older name for enable_gpu
}
_TVAE: dict[str, tuple[Any, Any]] = {
    "embedding_dim": (PositiveInt, 128),
    "compress_dims": (list[PositiveInt], [128, 128]),
    "decompress_dims": (list[PositiveInt], [128, 128]),
    "l2scale": (NonNegativeFloat, 1e-5),
    "batch_size": (PositiveInt, 500),
    "verbose": (bool, False),
    "epochs": (PositiveInt, 300),
    "loss_factor": (PositiveFloat, 2),
    "enable_gpu": (bool, True),
    "cuda": (bool | str | None, None),
}

# model name -> (SDV class name, its parameters besides ``metadata``)
MODELS: dict[str, tuple[str, dict[str, tuple[Any, Any]]]] = {
    "GaussianCopula": ("GaussianCopulaSynthesizer", {**_COMMON, **_LOCALES, **_COPULA}),
    "CTGAN": ("CTGANSynthesizer", {**_COMMON, **_LOCALES, **_GAN}),
    "TVAE": ("TVAESynthesizer", {**_COMMON, **_TVAE}),
    "CopulaGAN": ("CopulaGANSynthesizer", {**_COMMON, **_LOCALES, **_GAN, **_COPULA}),
}
# Parameters given as lists in YAML that SDV wants as tuples.
TUPLE_PARAMS = {"generator_dim", "discriminator_dim", "compress_dims", "decompress_dims"}


def canonical_model(name: str) -> str | None:
    for model in MODELS:
        if model.lower() == name.lower():
            return model
    return None
