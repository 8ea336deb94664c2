"""``method: default`` (alias ``petsard-gaussian_copula``): our own Gaussian copula.

No torch, no SDV: it works in the light core install and fits adult-income in ~0.1 s.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, ClassVar, Literal

import pandas as pd
from pydantic import Field

from petsard.exceptions import SynthesizerError
from petsard.logs import get_logger
from petsard.schema.schema import Schema
from petsard.synthesizer.base import SynthesizerMethod

log = get_logger("synthesizer")


class DefaultSynthesizer(SynthesizerMethod):
    """Per-column marginals tied by one correlation of normal scores (missingness included).

    random_state: overrides the seed petsard derives from the run's seed and the node.
    marginals: 'empirical' (interpolated observed quantiles) or 'parametric' (a normal or
        log-normal truncated to the observed range) for numeric columns.
    max_categories: categorical columns with more values are sampled by frequency alone.
    use_gpu, gpu_threshold: PETsARD's device settings, accepted and recorded; this copula
        runs on the CPU (a GPU asked for is a warning, not an error).
    """

    param_aliases: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"sample_num_rows": "num_samples"})

    def __init__(
        self,
        *,
        num_samples: Annotated[int, Field(ge=1)] | None = None,
        random_state: Annotated[int, Field(ge=0)] | None = None,
        marginals: Literal["empirical", "parametric"] = "empirical",
        max_categories: Annotated[int, Field(ge=1)] = 1000,
        use_gpu: Literal["auto"] | bool = "auto",
        gpu_threshold: Annotated[int, Field(ge=0)] = 50_000,
    ) -> None:
        self.num_samples = num_samples
        self.random_state = random_state
        self.marginals = marginals
        self.max_categories = max_categories
        self.use_gpu = use_gpu
        self.gpu_threshold = gpu_threshold

    def fit(self, data: pd.DataFrame, schema: Schema | None, seed: int) -> None:
        from petsard.synthesizer.gaussian_copula import GaussianCopula  # imports scipy

        if self.use_gpu is True:
            log.warning("use_gpu: true — petsard's default synthesizer runs on the CPU; "
                        "no GPU is used")
        self.info_ = {"device": "cpu", "use_gpu": self.use_gpu,
                      "gpu_threshold": self.gpu_threshold}
        self._model = GaussianCopula(random_state=seed, marginals=self.marginals,
                                     max_categories=self.max_categories)
        try:
            self._model.fit(data)
        except (ValueError, TypeError) as exc:
            raise SynthesizerError(f"the default synthesizer could not fit: {exc}") from exc

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        return self._model.sample(num_rows, random_state=seed)
