"""SDV synthesizers through petsard: parameters match SDV's, outputs keep the input's dtypes."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor
from petsard.exceptions import ConfigError, SynthesizerError
from petsard.synthesizer.sdv_models import MODELS
from petsard.synthesizer.sdv_synthesizer import import_sdv


@pytest.mark.parametrize("model", list(MODELS))
def test_parameter_table_matches_sdvs_signatures(model: str) -> None:
    class_name, params = MODELS[model]
    signature = inspect.signature(getattr(import_sdv(), class_name).__init__)
    real = {name: p.default for name, p in signature.parameters.items()
            if name not in ("self", "metadata")}
    assert set(params) == set(real)
    for name, (_, default) in params.items():
        expected = list(real[name]) if isinstance(real[name], tuple) else real[name]
        assert default == expected, name


def test_every_model_fits_and_keeps_dtypes_nulls_and_ranges(tmp_path: Path,
                                                            adult: pd.DataFrame) -> None:
    frame = adult[["age", "workclass", "fnlwgt", "income"]].sample(200, random_state=3)
    frame["when"] = pd.Timestamp("2020-01-01") + pd.to_timedelta(frame["age"], unit="D")
    frame["ratio"] = (frame["fnlwgt"] / 1e6).round(3)
    frame.to_csv(tmp_path / "d.csv", index=False)
    executor = Executor({
        "Loader": {"d": {"filepath": "d.csv"}},
        "Synthesizer": {
            "gc": {"method": "sdv-single_table-gaussiancopula"},
            "ctgan": {"method": "sdv", "model": "CTGAN", "epochs": 1, "batch_size": 50},
            "tvae": {"method": "sdv", "model": "TVAE", "epochs": 1, "num_samples": 70},
            "cgan": {"method": "sdv", "model": "CopulaGAN", "epochs": 1,
                     "sample_num_rows": 30},
        },
        "Executor": {"random_state": 0, "store": "memory"},
    })
    executor.run()
    loaded = executor.status.get_snapshots("Loader")[0].metadata_after
    results = executor.get_result()
    assert [len(r["data"]) for r in results.values()] == [200, 200, 70, 30]
    for result in results.values():
        data = result["data"]
        assert list(data.columns) == loaded.columns
        assert [str(t) for t in data.dtypes] == [a.dtype for a in loaded]
        assert data["age"].between(17, 90).all()
        assert data["ratio"].round(3).equals(data["ratio"])


def test_fit_failure_names_node_model_and_cause(tmp_path: Path) -> None:
    pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": ["a", "b", "c"]}).to_csv("d.csv", index=False)
    executor = Executor({
        "Loader": {"d": {"filepath": "d.csv"}},
        "Synthesizer": {"gc": {"method": "sdv", "numerical_distributions": {"z": "beta"}}},
        "Executor": {"store": "memory"},
    })
    with pytest.raises(SynthesizerError, match=r"Synthesizer\[gc\] failed: SDV GaussianCopula "
                                               r"failed to fit: .*'z'"):
        executor.run()


def test_unknown_distribution_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"Synthesizer.gc.numerical_distributions.x: expected "
                                          r"one of 'norm'"):
        Executor({"Loader": {"d": {"filepath": "d.csv"}},
                  "Synthesizer": {"gc": {"method": "sdv",
                                         "numerical_distributions": {"x": "nonsense"}}}})
