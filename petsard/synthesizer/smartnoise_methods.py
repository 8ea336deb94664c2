"""``method: smartnoise-<name>``: each smartnoise-synth mechanism that runs here, with its
parameters and smartnoise's defaults. ``epsilon`` is required: a private release states its
budget. ``delta`` None means the mechanism's own default (set from the row count).

Marginal-based mechanisms ('cube': MST, AIM, MWEM) see numbers in ``bins``
equal-width bins; the GANs ('gan': DP-CTGAN, PATE-CTGAN, DP-GAN, PATE-GAN) see them scaled.
"""

from __future__ import annotations

import functools
import math
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import Field

from petsard.schema.schema import Schema
from petsard.synthesizer.smartnoise import SmartNoiseSynthesizer
from petsard.synthesizer.smartnoise_columns import Column, mechanism_width

PositiveInt = Annotated[int, Field(ge=1)]
PositiveFloat = Annotated[float, Field(gt=0)]
NonNegativeFloat = Annotated[float, Field(ge=0)]
Probability = Annotated[float, Field(gt=0, lt=1)]
Bins = Annotated[int, Field(ge=2)]
Seed = Annotated[int, Field(ge=0)]
EvenBatch = Annotated[int, Field(ge=2, multiple_of=2)]

OS_NUMPY = "numpy's generator, reseeded from the OS at fit"
MWEM_MAX_CELLS = 1_000_000  # one histogram larger than this runs for hours
OPENDP = "OpenDP (the OS's randomness); selection: " + OS_NUMPY
OPACUS = "torch's generator, seeded from the OS by opacus 0.14 (its secure_rng off)"


class SmartNoiseMST(SmartNoiseSynthesizer):
    """MST (McKenna et al., winner of NIST's 2018 challenge): a maximum spanning tree of
    noisy 2-way marginals, fitted with private-pgm."""

    mechanism, display_name, style, noise = "mst", "MST", "cube", OPENDP

    def __init__(self, *, epsilon: PositiveFloat, delta: Probability = 1e-9,
                 preprocessor_eps: NonNegativeFloat = 0.0, bins: Bins = 10,
                 num_samples: PositiveInt | None = None, random_state: Seed | None = None
                 ) -> None:
        self._keep(locals())

    def fit(self, data: pd.DataFrame, schema: Schema | None, seed: int) -> None:
        super().fit(data, schema, seed)
        # smartnoise keeps MST's domain decompression as a lambda, which pickle refuses (a
        # checkpoint keeps the fitted model when a Constrainer draws more rows): the same
        # call as a partial.
        undo = self._model.undo_compress_fn
        captured = dict(zip(undo.__code__.co_freevars,
                            (cell.cell_contents for cell in undo.__closure__), strict=True))
        self._model.undo_compress_fn = functools.partial(self._model.reverse_data,
                                                         supports=captured["supports"])


class SmartNoiseAIM(SmartNoiseSynthesizer):
    """AIM (McKenna et al. 2022): adaptively measures the marginals its model gets worst."""

    mechanism, display_name, style, noise = "aim", "AIM", "cube", OPENDP

    def __init__(self, *, epsilon: PositiveFloat, delta: Probability = 1e-9,
                 preprocessor_eps: NonNegativeFloat = 0.0, bins: Bins = 10,
                 max_model_size: PositiveFloat = 80, degree: PositiveInt = 2,
                 num_marginals: PositiveInt | None = None, max_cells: PositiveInt = 10_000,
                 rounds: PositiveInt | None = None, num_samples: PositiveInt | None = None,
                 random_state: Seed | None = None) -> None:
        self._keep(locals())

    def data_problems(self, data: pd.DataFrame, columns: list[Column]) -> list[str]:
        # One-way marginals take rounds' share each: fewer rounds than columns overspends.
        width = mechanism_width(columns)
        if self.rounds is not None and self.rounds < width:
            return [f"rounds must be at least {width} (one per field, two per numerical "
                    f"field with missing values), got {self.rounds}"]
        return []


class SmartNoiseMWEM(SmartNoiseSynthesizer):
    """MWEM (Hardt et al. 2012), pure ε-DP: multiplicative weights over a histogram of the
    columns. Its histogram grows with the product of the columns' sizes; ``split_factor``
    splits the columns into groups of that many (modelled as independent) to keep it small.
    smartnoise's default, one histogram of every column, did not finish in 10 minutes on 8
    adult-income columns (about 9 million cells), so without ``split_factor`` a histogram of
    over MWEM_MAX_CELLS is refused before fitting; ``split_factor: 3`` fits 5,000 rows in
    about 30 s of CPU."""

    mechanism, display_name, style = "mwem", "MWEM", "cube"
    noise = "OpenDP (the OS's randomness); queries: " + OS_NUMPY

    def __init__(self, *, epsilon: PositiveFloat, preprocessor_eps: NonNegativeFloat = 0.0,
                 bins: Bins = 10, q_count: PositiveInt | None = None,
                 iterations: PositiveInt | None = None, split_factor: PositiveInt | None = None,
                 marginal_width: PositiveInt | None = None, add_ranges: bool = False,
                 max_retries_exp_mechanism: PositiveInt = 10,
                 mult_weights_iterations: PositiveInt = 20,
                 num_samples: PositiveInt | None = None, random_state: Seed | None = None
                 ) -> None:
        self._keep(locals())

    def data_problems(self, data: pd.DataFrame, columns: list[Column]) -> list[str]:
        if self.split_factor is not None:  # histograms of split_factor fields each
            return []
        # smartnoise's default: one histogram of every field
        cells = math.prod(_histogram_size(data[c.name], c, self.bins) for c in columns)
        if cells <= MWEM_MAX_CELLS:
            return []
        return [f"one histogram of its {len(columns)} fields would have {cells:,} cells (MWEM "
                f"would run for hours beyond {MWEM_MAX_CELLS:,}); set split_factor (e.g. 3) "
                "to model groups of that many fields, or use smartnoise-mst or smartnoise-aim"]


def _histogram_size(values: pd.Series, column: Column, bins: int) -> int:
    """How many cells a field spans in MWEM's histogram: its labels (a missing value one
    more), or ``bins`` bins (twice: with a missing-value flag)."""
    if column.categorical:
        return max(values.nunique(), 1) + int(column.nullable)
    return bins * (1 + int(column.nullable))


class SmartNoiseDPCTGAN(SmartNoiseSynthesizer):
    """DP-CTGAN: CTGAN whose discriminator trains with DP-SGD (opacus); training stops when
    the accountant's ε passes the budget, or after ``epochs``. opacus 0.14 warns that the ε
    it accounts is inexact with these batches (they are not Poisson-sampled)."""

    mechanism, display_name, style = "dpctgan", "DP-CTGAN", "gan"
    noise = OPACUS

    def __init__(self, *, epsilon: PositiveFloat, delta: Probability | None = None,
                 preprocessor_eps: NonNegativeFloat = 0.0, epochs: PositiveInt = 300,
                 batch_size: EvenBatch = 500, embedding_dim: PositiveInt = 128,
                 generator_dim: list[PositiveInt] = [256, 256],  # noqa: B006 (not mutated)
                 discriminator_dim: list[PositiveInt] = [256, 256],  # noqa: B006
                 generator_lr: PositiveFloat = 2e-4, generator_decay: NonNegativeFloat = 1e-6,
                 discriminator_lr: PositiveFloat = 2e-4,
                 discriminator_decay: NonNegativeFloat = 1e-6,
                 discriminator_steps: PositiveInt = 1, pac: PositiveInt = 1,
                 sigma: PositiveFloat = 5.0, max_per_sample_grad_norm: PositiveFloat = 1.0,
                 loss: Literal["cross_entropy", "wasserstein"] = "cross_entropy",
                 num_samples: PositiveInt | None = None, random_state: Seed | None = None
                 ) -> None:
        self._keep(locals())

    def mechanism_params(self) -> dict[str, Any]:
        return _on_cpu(super().mechanism_params())

    def data_problems(self, data: pd.DataFrame, columns: list[Column]) -> list[str]:
        return _batch_fits(self.batch_size, len(data))


class SmartNoisePATECTGAN(SmartNoiseSynthesizer):
    """PATE-CTGAN: CTGAN trained through PATE (teacher discriminators on disjoint parts of
    the data, a student on their noisy votes)."""

    mechanism, display_name, style = "patectgan", "PATE-CTGAN", "gan"
    noise = "PATE votes: " + OS_NUMPY

    def __init__(self, *, epsilon: PositiveFloat, delta: Probability | None = None,
                 preprocessor_eps: NonNegativeFloat = 0.0, epochs: PositiveInt = 300,
                 batch_size: EvenBatch = 500, embedding_dim: PositiveInt = 128,
                 generator_dim: list[PositiveInt] = [256, 256],  # noqa: B006 (not mutated)
                 discriminator_dim: list[PositiveInt] = [256, 256],  # noqa: B006
                 generator_lr: PositiveFloat = 2e-4, generator_decay: NonNegativeFloat = 1e-6,
                 discriminator_lr: PositiveFloat = 2e-4,
                 discriminator_decay: NonNegativeFloat = 1e-6,
                 discriminator_steps: PositiveInt = 1, pac: PositiveInt = 1,
                 teacher_iters: PositiveInt = 5, student_iters: PositiveInt = 5,
                 sample_per_teacher: PositiveInt = 1000, noise_multiplier: PositiveFloat = 1e-3,
                 moments_order: PositiveInt = 100,
                 num_samples: PositiveInt | None = None, random_state: Seed | None = None
                 ) -> None:
        self._keep(locals())

    def mechanism_params(self) -> dict[str, Any]:
        return _on_cpu(super().mechanism_params())


class SmartNoiseDPGAN(SmartNoiseSynthesizer):
    """DP-GAN: a plain GAN whose discriminator trains with DP-SGD (opacus), with the same
    caveat on its accountant as DP-CTGAN."""

    mechanism, display_name, style = "dpgan", "DP-GAN", "gan"
    noise = OPACUS

    def __init__(self, *, epsilon: PositiveFloat, delta: Probability | None = None,
                 preprocessor_eps: NonNegativeFloat = 0.0, epochs: PositiveInt = 1000,
                 batch_size: PositiveInt = 64, latent_dim: PositiveInt = 64,
                 num_samples: PositiveInt | None = None, random_state: Seed | None = None
                 ) -> None:
        self._keep(locals())

    def data_problems(self, data: pd.DataFrame, columns: list[Column]) -> list[str]:
        return _batch_fits(self.batch_size, len(data))


class SmartNoisePATEGAN(SmartNoiseSynthesizer):
    """PATE-GAN (Jordon et al. 2019): one teacher discriminator per 1,000 rows."""

    mechanism, display_name, style = "pategan", "PATE-GAN", "gan"
    noise = "PATE votes: " + OS_NUMPY

    def __init__(self, *, epsilon: PositiveFloat, delta: Probability | None = None,
                 preprocessor_eps: NonNegativeFloat = 0.0, batch_size: PositiveInt = 64,
                 latent_dim: PositiveInt = 64, teacher_iters: PositiveInt = 5,
                 student_iters: PositiveInt = 5, num_samples: PositiveInt | None = None,
                 random_state: Seed | None = None) -> None:
        self._keep(locals())

    def data_problems(self, data: pd.DataFrame, columns: list[Column]) -> list[str]:
        if len(data) < 1000:
            return [f"it trains one teacher per 1,000 rows and needs at least 1,000; the data "
                    f"has {len(data)}"]
        return []
def _on_cpu(params: dict[str, Any]) -> dict[str, Any]:
    """CTGAN-style parameters as smartnoise takes them: tuples, no GPU, no console output."""
    for name in ("generator_dim", "discriminator_dim"):
        params[name] = tuple(params[name])
    return {**params, "cuda": False, "verbose": False}


def _batch_fits(batch_size: int, rows: int) -> list[str]:
    if batch_size > rows:
        return [f"batch_size ({batch_size}) is larger than the data ({rows} rows)"]
    return []
