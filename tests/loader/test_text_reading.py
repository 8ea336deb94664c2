"""Delimited text is read by pyarrow's CSV reader and typed once per distinct value, with the
results pandas gave when the Loader read cell by cell; files pyarrow cannot split as pandas
would are read by pandas, so every file reads as it always did."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard.exceptions import LoaderError
from petsard.loader.file_loader import FileLoader
from petsard.loader.readers import NA_TEXT


def load(path: Path, **params) -> pd.DataFrame:
    return FileLoader(filepath=str(path), **params).load("table")[0]


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- reading ------------------------------------------------------------------------------------


def test_pandas_default_missing_markers_are_missing_and_spaced_ones_are_text(tmp_path):
    cells = [marker for marker in NA_TEXT if marker]
    path = write(tmp_path, "a,b\n" + "".join(f"{m},x\n" for m in cells) + " NA ,x\n")

    data = load(path)

    assert data["a"].isna().sum() == len(cells)
    assert data["a"].iloc[-1] == " NA "


def test_quoted_line_breaks_and_separators_stay_inside_their_value(tmp_path):
    path = write(tmp_path, 'a,b\n1,"two\nlines, one value"\n2,"say ""hi"""\n')

    data = load(path)

    assert data["b"].tolist() == ["two\nlines, one value", 'say "hi"']
    assert data["a"].tolist() == [1, 2]


def test_quoted_line_breaks_across_the_readers_blocks_are_read_whole(tmp_path):
    rows = "".join(f'{i},"line {i}\r\nnext"\n' for i in range(60_000))  # > 1 MB of blocks
    path = write(tmp_path, "n,note\n" + rows)

    data = load(path)

    assert len(data) == 60_000 and data["n"].dtype == "int64"
    assert (data["note"] == "line " + data["n"].astype(str) + "\r\nnext").all()


def test_a_quoted_cr_lf_split_by_a_read_block_boundary_keeps_its_lf(tmp_path):
    head = 'a,b\n0,"'
    value = "x" * ((1 << 20) - len(head) - 1) + "\r\nnext"  # CR last in the 1 MB block
    path = write(tmp_path, f'{head}{value}"\n1,y\n')

    data = load(path)

    assert data["b"].tolist() == [value, "y"]


def test_a_quote_left_open_at_the_end_of_the_file_is_a_malformed_file(tmp_path):
    path = write(tmp_path, 'a,b\n1,x\n2,"open\n')

    with pytest.raises(LoaderError, match="not a well-formed delimited file"):
        load(path)


def test_a_line_of_spaces_in_a_one_column_file_is_a_blank_line(tmp_path):
    path = write(tmp_path, "name\nx\n   \ny\n")

    assert load(path)["name"].tolist() == ["x", "y"]


def test_nrows_does_not_read_the_malformed_rows_after_it(tmp_path):
    path = write(tmp_path, "a,b\n1,x\n2,y\n3,z,extra\n")

    data = load(path, nrows=2)

    assert data.to_dict("list") == {"a": [1, 2], "b": ["x", "y"]}


def test_a_txt_file_takes_the_separator_its_header_line_shows(tmp_path):
    path = write(tmp_path, "a;b\n1,5;2\n3,5;4\n", name="t.txt")

    data = load(path)

    assert data.to_dict("list") == {"a": ["1,5", "3,5"], "b": [2, 4]}


def test_a_latin1_file_is_read_in_its_encoding_past_the_first_block(tmp_path):
    path = tmp_path / "latin.csv"
    rows = "".join(f"{i},x\n" for i in range(200_000))
    path.write_bytes(("n,city\n" + rows + "9,Zürich\n").encode("latin-1"))

    data = load(path, encoding="latin-1")

    assert data["city"].iloc[-1] == "Zürich" and data["n"].dtype == "int64"


def test_bytes_that_do_not_decode_past_the_first_block_ask_for_the_encoding(tmp_path):
    path = tmp_path / "mixed.csv"
    rows = "".join(f"{i},x\n" for i in range(200_000))
    path.write_bytes(("n,city\n" + rows).encode() + "9,Zürich\n".encode("latin-1"))

    with pytest.raises(LoaderError, match=r"cannot decode .* as utf-8-sig"):
        load(path)


# --- typing -------------------------------------------------------------------------------------


def test_floats_are_read_to_the_nearest_double(tmp_path):
    values = np.random.default_rng(0).normal(size=200) * 10.0 ** np.arange(-100, 100)
    path = write(tmp_path, "x\n" + "".join(f"{v!r}\n" for v in values))

    data = load(path)

    assert data["x"].tolist() == values.tolist()


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # statistics of inf
def test_numbers_are_read_as_pandas_to_numeric_reads_them(tmp_path):
    path = write(tmp_path, "sci,inf,signed,overflow\n1e3,inf,+5,1e400\n.5,-Infinity,-0,2\n"
                           "5.,1.5,7,3\n")

    data = load(path)

    assert data["sci"].tolist() == [1000.0, 0.5, 5.0]
    assert data["inf"].tolist() == [np.inf, -np.inf, 1.5]
    assert data["signed"].tolist() == [5, 0, 7] and data["signed"].dtype == "int64"
    assert data["overflow"].tolist() == ["1e400", "2", "3"]  # no number, so text


def test_values_wrapped_in_unicode_spaces_are_typed_like_python_strips_them(tmp_path):
    path = write(tmp_path, "n,flag,day\n\u00a05\u3000,\u2003true,2024-01-02\u00a0\n"
                           "6,false ,2024-01-03\n")

    data = load(path)

    assert data["n"].tolist() == [5, 6] and data["flag"].tolist() == [True, False]
    assert data["day"].dtype == "datetime64[ns]"


def test_dates_with_gaps_keep_their_gaps_in_place(tmp_path):
    path = write(tmp_path, "day\n2024-01-02\n\n2024-01-02\nNA\n2024-03-04\n", name="d.csv")

    data = load(path)

    assert data["day"].dtype == "datetime64[ns]"
    assert data["day"].isna().tolist() == [False, False, True, False]
    assert data["day"].iloc[3] == pd.Timestamp("2024-03-04")


def test_integers_declared_int_keep_every_digit_beyond_float_precision(tmp_path):
    path = write(tmp_path, "n\n9007199254740993\noops\n")

    data, _ = FileLoader(filepath=str(path),
                         schema={"fields": {"n": {"type": "int"}}}).load("t")

    assert data["n"].tolist()[0] == 9007199254740993 and data["n"].isna().tolist()[1]


def test_errors_on_a_column_name_the_first_bad_data_row_counted_over_repeated_values(tmp_path):
    path = write(tmp_path, "n\n1\nx\n2\nx\ny\n")

    with pytest.raises(LoaderError, match=r"column 'n' has 3 value\(s\) that are not int "
                                          r"\(first at data row 2\)"):
        FileLoader(filepath=str(path), schema={"fields": {"n": {
            "type": "int", "cast_errors": "raise"}}}).load("t")
