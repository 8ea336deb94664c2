"""A TextColumn holds each distinct string once and, per row, which one it is; results
computed per distinct value come back in row order, missing cells stay missing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from petsard.loader.distinct_text import TextColumn


def test_from_arrow_keeps_the_rows_in_order_across_chunks():
    chunks = pa.chunked_array([pa.array(["b", None, "a"]).dictionary_encode(),
                               pa.array(["a", "c"]).dictionary_encode()])

    text = TextColumn.from_arrow("x", chunks)

    assert text.to_objects().tolist()[:1] == ["b"] and text.missing.tolist()[1]
    assert text.to_objects().tolist()[2:] == ["a", "a", "c"]
    assert sorted(text.values.to_pylist()) == ["a", "b", "c"]


def test_values_no_row_holds_are_dropped():
    chunks = pa.chunked_array([pa.array(["header", "x", "y"]).dictionary_encode()]).slice(1)

    text = TextColumn.from_arrow("x", chunks)

    assert text.values.to_pylist() == ["x", "y"]


def test_from_objects_reads_strings_and_gaps():
    text = TextColumn.from_objects(pd.Series(["a", np.nan, "b", "a", None], name="s"))

    assert text.name == "s" and text.values.to_pylist() == ["a", "b"]
    assert text.codes.tolist() == [0, -1, 1, 0, -1]


def test_from_objects_refuses_values_that_are_not_text():
    with pytest.raises(TypeError):
        TextColumn.from_objects(pd.Series(["a", 1], name="mixed"))


def test_without_makes_the_cells_of_flagged_values_missing():
    text = TextColumn.from_objects(pd.Series(["a", "?", "b", "?"]))

    cleaned = text.without(np.array([False, True, False]))

    assert cleaned.to_objects().isna().tolist() == [False, True, False, True]
    assert cleaned.values.to_pylist() == ["a", "b"]


def test_spread_and_rows_give_one_result_per_row():
    text = TextColumn.from_objects(pd.Series(["x", None, "y", "x"]))

    assert text.spread(np.array([10, 20]), -1).tolist() == [10, -1, 20, 10]
    assert text.rows(np.array([False, True])).tolist() == [False, False, True, False]


def test_stripped_removes_what_python_strip_removes():
    cells = ["\u00a0a\u3000", "\tb\x1c", " c "]
    text = TextColumn.from_objects(pd.Series(cells))

    assert text.stripped().to_pylist() == [c.strip() for c in cells]
