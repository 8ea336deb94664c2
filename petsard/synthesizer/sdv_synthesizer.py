"""SDV's single-table synthesizers (GaussianCopula, CTGAN, TVAE, CopulaGAN).

SDV is BUSL-1.1 licensed and heavy (torch): it is an optional extra, imported only when a
synthesizer of this kind fits.
"""

from __future__ import annotations

import os
import random
import re
import sys
import tempfile
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, ClassVar

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.exceptions import MissingDependencyError, SynthesizerError
from petsard.parameters import build_model, validate_model
from petsard.registry import did_you_mean
from petsard.schema.attribute import SDTYPES
from petsard.schema.schema import Schema
from petsard.synthesizer.base import SynthesizerMethod
from petsard.synthesizer.sdv_models import MODELS, TUPLE_PARAMS, canonical_model

TABLE = "table"


def import_sdv() -> Any:
    """Import sdv.single_table, with SDV's logger config kept out of the user's home."""
    os.environ.setdefault("XDG_DATA_HOME", os.path.join(tempfile.gettempdir(), "petsard-sdv"))
    try:
        import sdv.single_table as single_table
    except ImportError as exc:
        raise MissingDependencyError("sdv", "sdv", "Synthesizer method 'sdv'") from exc
    return single_table


def sdv_metadata(schema: Schema) -> Any:
    """SDV metadata built from our schema (not SDV's detection, which may mark columns as PII
    and replace them with fake values)."""
    from sdv.metadata import Metadata

    columns: dict[str, Any] = {}
    for attr in schema:
        sdtype = SDTYPES.get(attr.kind, "categorical")
        columns[attr.name] = {"sdtype": sdtype}
    return Metadata.load_from_dict({"METADATA_SPEC_VERSION": "V1",
                                    "tables": {TABLE: {"columns": columns}}}, TABLE)


class SDVSynthesizer(SynthesizerMethod):
    """``method: sdv`` with ``model:`` one of MODELS; other parameters go to the SDV model."""

    default_model: ClassVar[str] = "GaussianCopula"
    param_aliases: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"sample_num_rows": "num_samples"})

    def __init__(self, *, model: str | None = None, num_samples: int | None = None,
                 **model_params: Any) -> None:
        self.model = model
        self.num_samples = num_samples
        self.model_params = model_params

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        """Model parameters are checked against SDV's signatures (known without importing
        SDV), not against this constructor's ``**model_params``."""
        problems: list[str] = []
        name = params.pop("model", None) or cls.default_model
        model = canonical_model(str(name))
        if model is None:
            hint = did_you_mean(str(name), list(MODELS))
            return {}, [f"{path}.model: unknown SDV model '{name}'{hint}"]
        if cls.default_model != SDVSynthesizer.default_model and model != cls.default_model:
            problems.append(f"{path}.model: '{name}' contradicts the method, which names "
                            f"{cls.default_model}")
        fields = {"num_samples": (Annotated[int, Field(ge=1)] | None, None),
                  **MODELS[model][1]}
        clean, found = validate_model(build_model(f"SDV{model}Params", fields), params, path)
        return {**clean, "model": model}, problems + found

    @classmethod
    def preload(cls) -> None:
        """Import SDV in a driver about to fork workers, so each does not pay for it."""
        import_sdv()

    def fit(self, data: pd.DataFrame, schema: Schema, seed: int) -> None:
        single_table = import_sdv()
        model = self.model or self.default_model
        self.info_ = {"model": model}
        class_name, _ = MODELS[model]
        params = {k: tuple(v) if k in TUPLE_PARAMS else v for k, v in self.model_params.items()}
        if "verbose" in MODELS[model][1] and "verbose" not in params and sys.stderr.isatty():
            params["verbose"] = True  # on a terminal, long fits show their epochs as they go
        _seed_everything(seed)
        try:
            self._synthesizer = getattr(single_table, class_name)(sdv_metadata(schema), **params)
            self._synthesizer.fit(data)
        except Exception as exc:  # SDV and scipy raise many types; name model and column
            column = _mentioned_column(str(exc), list(data.columns))
            where = f" on column '{column}'" if column else ""
            raise SynthesizerError(f"SDV {model} failed to fit{where}: "
                                   f"{type(exc).__name__}: {exc}") from exc

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        _seed_everything(seed)
        if hasattr(self._synthesizer, "_set_random_state"):
            self._synthesizer._set_random_state(seed)
        result = self._synthesizer.sample(num_rows)
        return result[TABLE] if isinstance(result, dict) else result


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    try:
        import torch
    except ImportError:
        return
    torch.manual_seed(seed)


def _mentioned_column(message: str, columns: list[str]) -> str | None:
    for column in sorted(columns, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(column)}(?![\w-])", message):
            return column
    return None


def model_class(model: str) -> type[SDVSynthesizer]:
    """``sdv-single_table-<model>``: the same synthesizer with its model fixed by the name."""
    return type(f"SDV{model}Synthesizer", (SDVSynthesizer,), {"default_model": model})
