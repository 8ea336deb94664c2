"""How one evaluation table becomes part of a report file, and how parts merge."""

from __future__ import annotations

import pandas as pd

from petsard.reporter.score_tables import merged, shaped

PATH = (("Loader", "a"), ("Synthesizer", "s"), ("Evaluator", "q"))


def test_a_global_table_is_led_by_the_path_and_prefixed_with_its_experiment() -> None:
    part = shaped(pd.DataFrame({"score": [0.8]}, index=["result"]), "global", PATH, "global")
    assert part.to_dict("records") == [{
        "full_expt_name": "Loader[a]_Synthesizer[s]_Evaluator[global]", "Loader": "a",
        "Synthesizer": "s", "Evaluator": "[global]", "q_score": 0.8}]


def test_fields_named_in_columns_or_in_the_index_give_the_same_rows() -> None:
    ours = pd.DataFrame({"column": ["age", "income"], "score": [0.9, 0.7]})
    petsards = pd.DataFrame({"score": [0.9, 0.7]}, index=["age", "income"])
    for table in (ours, petsards):
        part = shaped(table, "columnwise", PATH, "columnwise")
        assert list(part.columns) == ["full_expt_name", "Loader", "Synthesizer", "Evaluator",
                                      "column", "q_score"]
        assert part["column"].tolist() == ["age", "income"]
    pairs = pd.DataFrame({"column_1": ["age"], "column_2": ["income"], "score": [0.5]})
    assert list(shaped(pairs, "pairwise", PATH, "pairwise").columns[4:]) == [
        "column1", "column2", "q_score"]


def test_details_keep_the_row_number_and_a_describer_names_both_modules() -> None:
    path = (*PATH, ("Describer", "d"))
    part = shaped(pd.DataFrame({"x": [1, 2]}), "details", path, "q-d_details")
    assert part["full_expt_name"].iloc[0] == (
        "Loader[a]_Synthesizer[s]_Describer[q-d_details]Evaluator[q-d_details]")
    assert list(part.columns[4:]) == ["Describer", "index", "d_x"]
    assert part["index"].tolist() == [0, 1]


def test_merging_joins_on_names_sorts_rows_and_prefers_the_newer_values() -> None:
    older = pd.DataFrame({"full_expt_name": ["b", "a"], "q_score": [1.0, 2.0]})
    newer = pd.DataFrame({"full_expt_name": ["a", "c"], "q_score": [5.0, 6.0],
                          "d_score": [7.0, 8.0]})
    result = merged(older, newer).fillna(-1)
    assert result.to_dict("list") == {"full_expt_name": ["a", "b", "c"],
                                      "q_score": [5.0, 1.0, 6.0], "d_score": [7.0, -1, 8.0]}


def test_a_single_row_repeats_beside_several_and_several_pair_by_order() -> None:
    one = pd.DataFrame({"full_expt_name": ["a"], "q_score": [0.9]})
    metrics = pd.DataFrame({"full_expt_name": ["a"] * 3, "u_metric": ["f1", "auc", "acc"]})
    other = pd.DataFrame({"full_expt_name": ["a"] * 2, "v_metric": ["mse", "r2"]})
    repeated = merged(one, metrics)
    assert repeated["q_score"].tolist() == [0.9] * 3
    paired = merged(repeated, other)  # PETsARD paired each of 3 rows with each of 2
    assert paired["u_metric"].tolist() == ["f1", "auc", "acc"]
    assert paired["v_metric"].fillna("").tolist() == ["mse", "r2", ""]


def test_name_columns_of_different_types_still_merge() -> None:
    older = pd.DataFrame({"full_expt_name": ["a"], "column": [1], "q_x": [1]})
    newer = pd.DataFrame({"full_expt_name": ["a"], "column": ["1"], "d_x": [2]})
    assert len(merged(older, newer)) == 2
