"""infer_schema hashes each column once and gives the statistics pandas' own value_counts,
nunique and isna give, ties in the category distribution included."""

from __future__ import annotations

import numpy as np
import pandas as pd

from petsard.schema import infer_schema


def test_category_counts_and_their_order_are_pandas_value_counts_with_ties():
    values = pd.Series(["b", "a", None, "c", "a", "b", "d", "c", np.nan, "e"])

    field = infer_schema(pd.DataFrame({"s": values}), "t")["s"]

    expected = values.dropna().value_counts(sort=True)
    assert list(field.stats.category_distribution.items()) == [
        (str(k), int(v)) for k, v in expected.items()]
    assert field.stats.mode == expected.index[0] and field.stats.na_count == 2
    assert field.stats.unique_count == 5 and field.categories == ("a", "b", "c", "d", "e")


def test_booleans_with_gaps_count_each_value_and_the_gaps():
    flags = pd.Series([True, pd.NA, False, True], dtype="boolean")

    field = infer_schema(pd.DataFrame({"f": flags}), "t")["f"]

    assert field.stats.category_distribution == {"True": 2, "False": 1}
    assert field.stats.na_count == 1 and field.type_attr.nullable
    assert field.categories == (False, True)


def test_numbers_with_gaps_have_their_statistics_from_the_present_values():
    numbers = pd.Series([1.5, np.nan, 2.25, 1.5, 10.0])

    field = infer_schema(pd.DataFrame({"x": numbers}), "t")["x"]

    assert field.stats.unique_count == 3 and field.stats.na_count == 1
    assert field.type_attr.precision == 2 and field.stats.median == 1.875
    assert field.stats.mean == numbers.mean()


def test_mostly_distinct_text_is_free_text_with_a_logical_type_from_its_values():
    emails = pd.Series([f"user{i}@example.org" for i in range(60)] + [None])

    field = infer_schema(pd.DataFrame({"e": emails}), "t")["e"]

    assert field.type_attr.category is False and field.logical_type == "email"
    assert field.stats.na_count == 1 and field.categories is None


def test_a_categorical_with_gaps_gets_its_logical_type_from_the_present_values():
    emails = pd.Series(pd.Categorical(["a@x.org", None, "b@y.com", "a@x.org"]))

    field = infer_schema(pd.DataFrame({"e": emails}), "t")["e"]

    assert field.logical_type == "email" and field.stats.na_count == 1


def test_people_names_that_repeat_stay_names_but_product_names_are_categories():
    rng = np.random.default_rng(3)
    people = [f"{rng.choice(list('ABCDEFGHIJ'))}ane {rng.choice(list('KLMNOPQRST'))}oe"
              for _ in range(300)]  # 100 possible names: about 95 distinct, many repeated
    products = [f"Widget {rng.choice(list('ABCDEFGHIJKLMNOPQRSTUVWXY'))}ero"
                for _ in range(3000)]
    schema = infer_schema(pd.DataFrame({"customer_name": people}), "t")
    assert schema["customer_name"].logical_type == "name"
    # an identifier is not a category: its values are not listed in the schema
    assert not schema["customer_name"].type_attr.category
    assert schema["customer_name"].categories is None
    schema = infer_schema(pd.DataFrame({"product_name": products}), "t")
    assert schema["product_name"].logical_type is None


def test_float_precision_counts_decimals_of_values_beyond_the_first_thousand():
    from petsard.schema.inference import PRECISION_PROBE, float_precision

    values = np.concatenate([np.arange(PRECISION_PROBE) / 10, [0.125, np.nan]])
    assert float_precision(values) == 3
    assert float_precision(np.arange(5 * PRECISION_PROBE) / 100) == 2


def test_float_precision_is_none_for_noisy_floats_wherever_the_noise_is():
    from petsard.schema.inference import PRECISION_PROBE, float_precision

    noise = np.random.default_rng(0).random(2 * PRECISION_PROBE)
    assert float_precision(noise) is None
    assert float_precision(np.concatenate([np.arange(PRECISION_PROBE) / 4, noise])) is None


def test_identifier_hints_are_found_inside_chinese_field_names():
    rng = np.random.default_rng(4)
    numbers = rng.choice(np.arange(10**8, 10**9), 300, replace=False)  # unique, not in order
    schema = infer_schema(pd.DataFrame({"身分證字號": numbers, "病患編號資料": numbers,
                                        "patient_ssn": numbers, "income": numbers}), "t")
    assert [schema[f].logical_type for f in ("身分證字號", "病患編號資料", "patient_ssn")] == [
        "id", "id", "id"]
    assert schema["income"].logical_type is None  # unique integers, named as an amount
