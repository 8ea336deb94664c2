"""Synthesizer(method=...): create(metadata), fit(data), sample(), fit_sample(data), as
PETsARD's docs call them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard import Metadater, Processor, Synthesizer
from petsard.exceptions import ConfigError, UncreatedError, UnfittedError


def test_create_fit_sample_gives_the_schemas_row_count_and_the_datas_dtypes(
        adult_small: pd.DataFrame) -> None:
    metadata = Metadater.from_data(adult_small)
    synthesizer = Synthesizer(method="default")
    synthesizer.create(metadata=metadata)
    synthesizer.fit(data=adult_small)
    synthetic = synthesizer.sample()
    assert len(synthetic) == 400 and synthetic.dtypes.equals(adult_small.dtypes)
    assert synthesizer.data_syn is synthetic
    assert set(synthetic["income"].dropna()) <= set(adult_small["income"])


def test_fit_sample_keeps_data_syn_and_takes_a_row_count(adult_small: pd.DataFrame) -> None:
    synthesizer = Synthesizer(method="petsard-gaussian_copula")
    synthesizer.create(metadata=Metadater.from_data(adult_small))
    returned = synthesizer.fit_sample(data=adult_small, sample_num_rows=50)
    assert len(returned) == 50 and synthesizer.data_syn is returned
    assert len(synthesizer.sample(num_rows=7)) == 7


def test_sample_num_rows_at_construction_and_no_metadata(adult_small: pd.DataFrame) -> None:
    synthesizer = Synthesizer(method="default", sample_num_rows=30)
    synthesizer.create()
    assert len(synthesizer.fit_sample(adult_small)) == 30
    without = Synthesizer(method="default")
    without.create()
    assert len(without.fit_sample(adult_small.iloc[:120])) == 120  # as many as fit saw


def test_a_random_state_repeats_every_draw_and_each_draw_differs(
        adult_small: pd.DataFrame) -> None:
    def draws() -> list[pd.DataFrame]:
        synthesizer = Synthesizer(method="default", random_state=5, sample_num_rows=40)
        synthesizer.create()
        synthesizer.fit(adult_small)
        return [synthesizer.sample(), synthesizer.sample()]

    first, second = draws(), draws()
    assert first[0].equals(second[0]) and first[1].equals(second[1])
    assert not first[0].equals(first[1])


def test_preprocessed_data_is_not_rounded_to_the_original_precision() -> None:
    rng = np.random.default_rng(0)
    data = pd.DataFrame({"price": rng.normal(50, 10, 300).round(1),
                         "size": rng.integers(1, 9, 300)})
    schema = Metadater.from_data(data)
    assert schema["price"].type_attr.precision == 1
    processor = Processor(metadata=schema)
    processor.fit(data)
    processed = processor.transform(data)
    synthesizer = Synthesizer(method="default", random_state=0)
    synthesizer.create(metadata=schema)  # the original's schema, as PETsARD's docs do
    synthetic = synthesizer.fit_sample(processed)
    assert (synthetic["price"].round(1) != synthetic["price"]).any()  # standardized values
    restored = processor.inverse_transform(synthetic)
    assert (restored["price"].round(1) == restored["price"]).all()
    assert restored.dtypes.equals(data.dtypes)


def test_custom_data_returns_the_files_rows(adult_small: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "made_elsewhere.csv"
    adult_small.iloc[:25].to_csv(path, index=False)
    synthesizer = Synthesizer(method="custom_data", filepath=str(path))
    synthesizer.create()
    synthetic = synthesizer.fit_sample(adult_small)
    assert len(synthetic) == 25 and list(synthetic.columns) == list(adult_small.columns)


def test_misuse_and_bad_settings_raise_errors_that_say_what_to_do(
        adult_small: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match=r"Synthesizer\.method: unknown Synthesizer method "
                                          r"'defualt'; did you mean 'default'\?"):
        Synthesizer(method="defualt")
    with pytest.raises(ConfigError, match=r"Synthesizer\.epochs: unknown parameter"):
        Synthesizer(method="default", epochs=3)
    synthesizer = Synthesizer(method="default")
    with pytest.raises(UncreatedError, match=r"call create\(\) before fit\(\)"):
        synthesizer.fit(adult_small)
    synthesizer.create()
    with pytest.raises(UnfittedError, match=r"call fit\(data\) before sample\(\)"):
        synthesizer.sample()


def test_direct_identifiers_get_surrogates_as_in_a_yaml_run(adult_small: pd.DataFrame) -> None:
    data = adult_small.assign(email=[f"person{i}@example.org" for i in range(len(adult_small))])
    surrogated = Synthesizer("default", random_state=1)
    surrogated.create()
    synthetic = surrogated.fit_sample(data)
    assert list(synthetic.columns) == list(data.columns)
    assert not synthetic["email"].isin(set(data["email"])).any()
    dropped = Synthesizer("default", random_state=1, identifiers={"email": "drop"})
    dropped.create()
    assert "email" not in dropped.fit_sample(data).columns
