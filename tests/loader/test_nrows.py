"""A Loader with nrows reads only as far as its rows: bytes that do not decode and rows that
do not parse after them, or a damaged Parquet row group after them, do not stop it."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from petsard.exceptions import LoaderError
from petsard.loader.file_loader import FileLoader

ROWS = "".join(f"{i},x{i % 7}\n" for i in range(400_000))  # about 4 MB: several read blocks


def load(path: Path, **params) -> pd.DataFrame:
    return FileLoader(filepath=str(path), **params).load("table")[0]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data, compresslevel=1) if path.suffix == ".gz" else data)
    return path


@pytest.mark.parametrize("name", ["t.csv", "t.csv.gz", "t.txt"])
def test_nrows_loads_the_first_rows_of_a_file_whose_last_bytes_do_not_decode(tmp_path, name):
    path = write(tmp_path / name, ("n,city\n" + ROWS).encode() + "9,Zürich\n".encode("latin-1"))

    data = load(path, nrows=3)

    assert data.to_dict("list") == {"n": [0, 1, 2], "city": ["x0", "x1", "x2"]}
    with pytest.raises(LoaderError, match="cannot decode"):
        load(path)


def test_nrows_loads_the_rows_before_bytes_that_do_not_decode_in_the_same_read_block(tmp_path):
    # (pandas decodes its first 256 kB whole: the header read would fail on bytes there)
    rows = "".join(f"{i},Genève\n" for i in range(40_000))  # about 500 kB
    path = write(tmp_path / "t.csv", ("n,city\n" + rows).encode()
                 + "9,Zürich\n".encode("latin-1") + ROWS.encode())

    data = load(path, nrows=2)

    assert data.to_dict("list") == {"n": [0, 1], "city": ["Genève", "Genève"]}


def test_nrows_reads_a_cp1252_file_up_to_the_first_byte_that_does_not_decode(tmp_path):
    rows = "".join(f"{i},{'€' if i % 2 else 'Zürich'}\n" for i in range(40_000))  # in 1 block
    path = write(tmp_path / "t.csv", ("n,city\n" + rows).encode("cp1252") + b"9,\x81\n")

    data = load(path, nrows=40_000, encoding="cp1252")

    assert len(data) == 40_000 and data["city"].iloc[-2:].tolist() == ["Zürich", "€"]
    with pytest.raises(LoaderError, match=r"cannot decode .* as cp1252"):
        load(path, encoding="cp1252")


@pytest.mark.parametrize("bad_row", ['9,"open quote\n', "9,x,extra\n"])
def test_nrows_loads_the_first_rows_of_a_file_whose_last_row_does_not_parse(tmp_path, bad_row):
    path = write(tmp_path / "t.csv", ("n,city\n" + ROWS + bad_row).encode())

    data = load(path, nrows=3)

    assert data.to_dict("list") == {"n": [0, 1, 2], "city": ["x0", "x1", "x2"]}
    with pytest.raises(LoaderError, match=r"delimited file|more fields"):
        load(path)


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_nrows_across_read_blocks_reads_as_a_file_of_just_those_rows(tmp_path, encoding):
    lines = [f'{i},"Zür\r\nich {i}",{i / 4}\n' for i in range(60_000)]  # 2 blocks
    full = write(tmp_path / "full.csv", ("n,city,x\n" + "".join(lines)).encode(encoding))
    head = write(tmp_path / "head.csv", ("n,city,x\n" + "".join(lines[:50_001])).encode(encoding))

    data = load(full, nrows=50_001, encoding=encoding)

    pd.testing.assert_frame_equal(data, load(head, encoding=encoding))


def parquet(path: Path, rows: int, row_group_size: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    table = pd.DataFrame({
        "n": np.arange(rows),
        "score": rng.normal(size=rows),
        "city": rng.choice(["Taipei", "Tainan", None], rows),
        "grade": pd.Categorical(rng.choice(["b", "a"], rows), categories=["b", "a"]),
        "count": pd.array(rng.choice([1, 2, None], rows), dtype="Int64"),
        "joined": pd.date_range("2024-01-01", periods=rows, freq="h", tz="Asia/Taipei"),
    })
    table.to_parquet(path, row_group_size=row_group_size)
    return table


@pytest.mark.parametrize("nrows", [1, 2_500, 10_000, 20_000])
def test_parquet_nrows_is_the_head_of_the_whole_file_with_its_dtypes(tmp_path, nrows):
    path = tmp_path / "t.parquet"
    parquet(path, 10_000, row_group_size=1_000)

    data = load(path, nrows=nrows)

    pd.testing.assert_frame_equal(data, load(path).head(nrows), check_exact=True)


def test_parquet_nrows_does_not_read_the_row_groups_after_its_rows(tmp_path):
    path = tmp_path / "t.parquet"
    table = parquet(path, 3_000, row_group_size=1_000)
    last = pq.ParquetFile(path).metadata.row_group(2)
    damaged = bytearray(path.read_bytes())
    for column in (last.column(i) for i in range(last.num_columns)):
        start = (column.dictionary_page_offset if column.has_dictionary_page
                 else column.data_page_offset)
        damaged[start:start + column.total_compressed_size] = b"\xff" * column.total_compressed_size
    path.write_bytes(bytes(damaged))

    data = load(path, nrows=2_000)

    assert data["n"].tolist() == table["n"].head(2_000).tolist()
    with pytest.raises(LoaderError, match="not a readable Parquet file"):
        load(path)


@pytest.mark.parametrize("header_names", [None, ["a", "b"]])
def test_spreadsheet_nrows_counts_data_rows_with_or_without_a_header_row(tmp_path, header_names):
    path = tmp_path / "t.xlsx"
    pd.DataFrame({"a": [1, 2, 3, 4], "b": ["w", "x", "y", "z"]}).to_excel(
        path, index=False, header=header_names is None)

    data = load(path, nrows=2, header_names=header_names)

    assert data.to_dict("list") == {"a": [1, 2], "b": ["w", "x"]}
