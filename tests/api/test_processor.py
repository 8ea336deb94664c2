"""Processor(metadata, config): fit / transform / inverse_transform and the per-field
configuration, called as PETsARD's docs call them."""

from __future__ import annotations

import pandas as pd
import pytest

from petsard import Metadater, Processor
from petsard.exceptions import ConfigError, UnfittedError


@pytest.fixture(scope="module")
def table(adult_small: pd.DataFrame) -> tuple[pd.DataFrame, object]:
    return adult_small, Metadater.from_data(adult_small)


def test_fit_transform_and_inverse_transform_round_trip(table) -> None:
    data, schema = table
    processor = Processor(metadata=schema, random_state=0)
    processor.fit(data)
    processed = processor.transform(data)
    assert processed.dtypes.map(pd.api.types.is_float_dtype).all()  # encoded and scaled
    assert len(processed) < len(data)  # missing_drop and outliers remove rows
    restored = processor.inverse_transform(processed)
    assert list(restored.columns) == list(data.columns)
    assert restored.dtypes.equals(data.dtypes)
    assert set(restored["workclass"].dropna()) <= set(data["workclass"].dropna())


def test_transform_applies_the_fitted_steps_to_other_rows(table) -> None:
    data, schema = table
    processor = Processor(metadata=schema, config={"outlier": {c: None for c in data.columns}})
    processor.fit(data.iloc[:300], sequence=["missing", "scaler"])
    later = processor.transform(data.iloc[300:])
    kept = data.iloc[300:].dropna()  # categorical fields drop rows with missing values
    fitted = processor.get_config(col=["age"])["scaler"]["age"]
    assert later["age"].tolist() == pytest.approx(
        ((kept["age"] - fitted.offset_) / fitted.scale_).tolist())


def test_update_config_sets_steps_and_get_changes_lists_them(table) -> None:
    _, schema = table
    processor = Processor(metadata=schema)
    assert processor.get_changes().empty
    processor.update_config({"missing": {"age": "missing_median", "hours-per-week":
                                         "missing_mean"},
                             "encoder": {"gender": "encoder_onehot"}})
    processor.update_config({"scaler": {"age": "scaler_minmax"}})  # updates add up
    assert processor.get_changes().to_dict("records") == [
        {"processor": "missing", "col": "age", "current": "MissingMedian",
         "default": "MissingMean"},
        {"processor": "encoder", "col": "gender", "current": "EncoderOneHot",
         "default": "EncoderUniform"},
        {"processor": "scaler", "col": "age", "current": "ScalerMinMax",
         "default": "ScalerStandard"}]


def test_get_config_gives_step_instances_and_none_for_steps_not_run(table) -> None:
    _, schema = table
    processor = Processor(metadata=schema, config={
        "missing": {"age": {"method": "missing_simple", "value": 0.0}},
        "outlier": {"age": None, "fnlwgt": "none"}})
    config = processor.get_config(col=["age", "fnlwgt", "gender", "no-such-field"])
    assert set(config) == {"missing", "outlier", "encoder", "scaler", "discretizing"}
    assert list(config["missing"]) == ["age", "fnlwgt", "gender"]
    assert type(config["missing"]["age"]).__name__ == "MissingSimple"
    assert config["missing"]["age"].value == 0.0
    assert config["outlier"] == {"age": None, "fnlwgt": None, "gender": None}
    assert type(config["encoder"]["gender"]).__name__ == "EncoderUniform"


def test_a_sequence_chooses_the_steps_and_discretizing_bins_every_field(table) -> None:
    data, schema = table
    processor = Processor(metadata=schema)
    processor.fit(data, sequence=["missing", "encoder"])
    assert processor.transform(data)["age"].tolist() == data.dropna()["age"].tolist()
    processor.fit(data, sequence=["missing", "outlier", "discretizing"])
    binned = processor.transform(data)
    assert binned["age"].dtype == "category" and set(binned["age"]) <= set(range(5))
    assert binned["income"].nunique() == 2


def test_problems_raise_one_config_error_listing_each(table) -> None:
    data, schema = table
    with pytest.raises(ConfigError) as raised:
        Processor(metadata=schema, config={"missing": {"age": "missing_mediam", "agee":
                                                       "missing_mean"},
                                           "scaling": {"fnlwgt": {"method": "scaler_log",
                                                                  "base": 2}}})
    problems = raised.value.problems
    assert problems[0] == ("Processor.config.missing.age: unknown missing method "
                           "'missing_mediam'; valid: drop, mean, median, mode, simple")
    assert problems[1].startswith("Processor.config.missing.agee: unknown field 'agee'; did "
                                  "you mean 'age'? valid: age, capital-gain")
    assert problems[2] == ("Processor.config.scaling.fnlwgt.base: unknown parameter; it takes "
                           "no parameters")
    processor = Processor(metadata=schema, config={"scaler": {"workclass": "scaler_standard"}})
    with pytest.raises(ConfigError, match="scaler_standard needs a numerical or datetime field"):
        processor.fit(data)
    with pytest.raises(ConfigError, match="encoder and discretizing cannot both run"):
        processor.fit(data, sequence=["missing", "encoder", "discretizing"])
    with pytest.raises(UnfittedError, match=r"call fit\(data\) before transform"):
        Processor(metadata=schema).transform(data)


def test_a_joint_outlier_step_judges_every_numerical_field(table) -> None:
    data, schema = table
    processor = Processor(metadata=schema, config={"outlier": "outlier_isolationforest",
                                                   "missing": {"no-such-field": None}})
    config = processor.get_config(col=["age", "fnlwgt", "gender"])["outlier"]
    assert [type(step).__name__ for step in config.values()] == [
        "OutlierIsolationForest", "OutlierIsolationForest", "NoneType"]
    processor.fit(data)
    fitted = processor.get_config(col=["age", "fnlwgt"])["outlier"]
    assert fitted["age"] is fitted["fnlwgt"]  # one step over the fields together
    assert len(processor.transform(data)) < len(data.dropna())
