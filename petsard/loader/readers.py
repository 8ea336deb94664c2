"""Read a file into named columns: text columns (CSV/TSV, Excel/ODS), held as distinct values
for typing, or the typed columns of a Parquet file; every way a file can be unreadable
becomes a LoaderError that says what to do.

Delimited text is read by pyarrow's CSV reader as dictionary-encoded strings, with pandas'
missing-value markers; a file pyarrow cannot split as pandas would (rows longer or shorter
than the header, a quote left open at the end, a single column, a multi-character separator)
is read by pandas, as it always was.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from petsard.exceptions import LoaderError
from petsard.loader.distinct_text import TextColumn
from petsard.loader.text_stream import BLOCK_SIZE, Utf8Blocks

TEXT_FORMATS = {".csv": ",", ".tsv": "\t", ".txt": None}
SHEET_FORMATS = {".xlsx", ".xlsm", ".xls", ".ods"}
TYPED_FORMATS = {".parquet", ".pq"}
SUPPORTED = sorted([*TEXT_FORMATS, *SHEET_FORMATS, *TYPED_FORMATS, ".csv.gz", ".tsv.gz"])
# The cells pandas' read_csv reads as missing by default (exact text, spaces count).
NA_TEXT = ("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
           "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null")
# The C allocator gives a read's memory back when it is over (pyarrow's default one keeps it).
POOL = pa.system_memory_pool()
PARQUET_BATCH = 65_536  # pyarrow's default batch size

Columns = dict[str, TextColumn | pd.Series]


def file_format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"] and len(suffixes) >= 2:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def read_table(
    path: Path,
    *,
    header_names: list[str] | None,
    nrows: int | None,
    sep: str | None,
    encoding: str,
    sheet_name: str | int,
) -> Columns:
    """The file's columns by name, in order: TextColumns for text formats, typed Series for
    Parquet."""
    if not path.exists():
        raise LoaderError(f"file not found: '{path}' (looked in {Path.cwd()})")
    if path.is_dir():
        raise LoaderError(f"'{path}' is a folder, not a data file")
    if path.stat().st_size == 0:
        raise LoaderError(f"file '{path}' is empty")
    fmt = file_format(path)
    if fmt in TYPED_FORMATS:
        frame = _read_parquet(path, header_names, nrows)
        return {name: frame[name] for name in frame.columns}
    if fmt in TEXT_FORMATS:
        return _read_text(path, header_names, nrows, sep or TEXT_FORMATS[fmt], encoding)
    if fmt in SHEET_FORMATS:
        frame = _read_sheet(path, header_names, nrows, sheet_name)
        return {name: TextColumn.from_objects(frame[name]) for name in frame.columns}
    raise LoaderError(f"unsupported file type '{fmt or path.name}' for '{path}': "
                      f"supported are {', '.join(SUPPORTED)}")


def _check_header(names: list[Any], path: Path) -> list[str]:
    header = [str(n).strip() if n is not None and not pd.isna(n) else "" for n in names]
    blanks = [i + 1 for i, name in enumerate(header) if not name]
    if blanks:
        raise LoaderError(f"'{path}': column(s) {blanks} have no name in the header row; "
                          "name them or give header_names")
    seen: dict[str, int] = {}
    for name in header:
        seen[name] = seen.get(name, 0) + 1
    dupes = [name for name, count in seen.items() if count > 1]
    if dupes:
        raise LoaderError(f"'{path}': duplicate column names {dupes}; rename them so each "
                          "column has its own name")
    return header


def _apply_names(frame: pd.DataFrame, header_names: list[str] | None, path: Path) -> pd.DataFrame:
    if header_names is None:
        return frame
    if len(header_names) != frame.shape[1]:
        raise LoaderError(f"'{path}': header_names has {len(header_names)} names but the file "
                          f"has {frame.shape[1]} columns")
    frame.columns = _check_header(header_names, path)
    return frame


def _read_text(path: Path, header_names: list[str] | None, nrows: int | None,
               sep: str | None, encoding: str) -> Columns:
    options: dict[str, Any] = {
        "sep": sep, "encoding": encoding, "dtype": str, "keep_default_na": True, "nrows": nrows,
    }
    if sep is None:
        options.update(sep=None, engine="python")
    try:
        first = pd.read_csv(path, header=None, **{**options, "nrows": 1, "keep_default_na": False})
        if first.empty:
            raise LoaderError(f"file '{path}' has no header row")
        if header_names is None:
            header, skip = _check_header(list(first.iloc[0]), path), 1
        else:
            header, skip = _check_header(header_names, path), 0
            if len(header) != first.shape[1]:
                raise LoaderError(f"'{path}': header_names has {len(header)} names but the "
                                  f"file has {first.shape[1]} columns")
        delimiter = sep if sep is not None else _sniffed(path, encoding)
        # (pandas reads a line of spaces as a blank line; pyarrow gives a one-column file a
        # row of spaces and cannot tell it from a quoted "  ")
        columns = (_read_arrow(path, len(header), skip, delimiter, encoding, nrows)
                   if len(delimiter) == 1 and len(header) > 1 else None)
        if columns is not None:
            return {name: TextColumn.from_arrow(name, column)
                    for name, column in zip(header, columns, strict=True)}
        try:
            frame = pd.read_csv(path, header=None, skiprows=skip, **options)
        except pd.errors.EmptyDataError:  # a header and no data rows: an empty table
            frame = pd.DataFrame(columns=range(len(header)), dtype=object)
    except UnicodeDecodeError as exc:
        raise _undecodable(path, encoding) from exc
    except pd.errors.EmptyDataError as exc:
        raise LoaderError(f"file '{path}' has no data") from exc
    except (pd.errors.ParserError, csv.Error) as exc:
        raise LoaderError(f"'{path}' is not a well-formed delimited file: {exc}") from exc
    frame = _fit_to_header(frame, header, path)
    return {name: TextColumn.from_objects(frame[name]) for name in header}


def _undecodable(path: Path, encoding: str) -> LoaderError:
    return LoaderError(f"cannot decode '{path}' as {encoding}: set the Loader's `encoding:` "
                       "to the file's encoding (e.g. latin-1, cp1252, big5)")


def _sniffed(path: Path, encoding: str) -> str:
    """The separator pandas guesses from the first line when none is given."""
    opened = gzip.open if path.suffix.lower() == ".gz" else open
    with opened(path, "rt", encoding=encoding, newline="") as handle:
        return csv.Sniffer().sniff(handle.readline()).delimiter


def _read_arrow(path: Path, width: int, skip: int, delimiter: str, encoding: str,
                nrows: int | None) -> list[pa.ChunkedArray] | None:
    """The data rows' columns as pyarrow reads them, or None when a row does not split into
    ``width`` fields or a quote is left open at the end of the file (pandas then reads the
    file: it pads short rows, names long ones and refuses an open quote).

    With ``nrows`` the text is parsed block by block until the rows asked for are; bytes that
    do not decode in the blocks it parsed, which may lie past those rows, are left to pandas,
    which decodes no further than it reads."""
    names = [str(i) for i in range(width)]
    # One thread: pyarrow 21's threaded reader can hang after a parse error (apache/arrow
    # #38676), and on two shared cores it gained little.
    read = pa_csv.ReadOptions(column_names=names, block_size=BLOCK_SIZE, use_threads=False)
    # newlines_in_values: rows end where the quoting says, not at the last line end of a
    # block (a quoted line break there would split a row, at times silently)
    parse = pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
    convert = pa_csv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.dictionary(pa.int32(), pa.string())),
        null_values=list(NA_TEXT), strings_can_be_null=True, quoted_strings_can_be_null=True)
    try:
        with Utf8Blocks(path, encoding, POOL) as text:
            if nrows is None:
                table = pa_csv.read_csv(text, read, parse, convert, memory_pool=POOL)
            else:  # stop once the rows asked for are read
                reader = pa_csv.open_csv(text, read, parse, convert, memory_pool=POOL)
                table = pa.Table.from_batches(_first(reader, skip + nrows), reader.schema)
    except pa.ArrowInvalid as exc:  # (pyarrow's message quotes the row: not shown)
        if nrows is None and ("UTF8" in str(exc) or text.undecodable):
            raise _undecodable(path, encoding) from None
        return None
    if text.undecodable:  # the text ended early, within a row that may be cut short
        if nrows is None:
            raise _undecodable(path, encoding)
        if table.num_rows <= skip + nrows:
            return None
    if table.num_rows and nrows is None:  # an open quote runs to the end of the file,
        last = table.column(width - 1)[-1].as_py()  # its line end included
        if last is not None and last.endswith(("\n", "\r")):
            return None
    return table.slice(skip, nrows).columns


def _fit_to_header(frame: pd.DataFrame, header: list[str], path: Path) -> pd.DataFrame:
    """Name the columns; rows longer than the header are an error (pandas would silently
    shift them into the index), empty trailing fields are dropped, short rows padded."""
    extra = frame.iloc[:, len(header):]
    filled = extra.notna().any(axis=1).to_numpy()
    if filled.any():
        row = int(filled.argmax()) + 1
        raise LoaderError(f"'{path}': {int(filled.sum())} data row(s) have more fields than the "
                          f"{len(header)} header columns (first at data row {row}); quote "
                          "values that contain the separator, or set `sep:`")
    frame = frame.iloc[:, : len(header)].reindex(columns=range(len(header)))
    frame.columns = header
    return frame


def _read_sheet(path: Path, header_names: list[str] | None, nrows: int | None,
                sheet_name: str | int) -> pd.DataFrame:
    engine = {".ods": "odf", ".xlsx": "openpyxl", ".xlsm": "openpyxl"}.get(file_format(path))
    # pandas stops at nrows: openpyxl streams the sheet's rows; odf parses the whole document
    rows = None if nrows is None else nrows + (header_names is None)  # and the header row
    try:
        raw = pd.read_excel(path, sheet_name=sheet_name, header=None, dtype=object,
                            engine=engine, nrows=rows)
    except ValueError as exc:
        raise LoaderError(f"cannot read sheet {sheet_name!r} of '{path}': {exc}") from exc
    except Exception as exc:  # zip/xml errors from a damaged or mislabelled workbook
        raise LoaderError(f"'{path}' is not a readable spreadsheet: {exc}") from exc
    if header_names is None:
        if raw.empty:
            raise LoaderError(f"file '{path}' has no header row")
        header = _check_header(list(raw.iloc[0]), path)
        raw = raw.iloc[1:].reset_index(drop=True)
        raw.columns = header
    else:
        raw = _apply_names(raw, header_names, path)
    return raw.apply(lambda col: col.map(_cell_text))


def _cell_text(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return float("nan")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    text = str(value)
    return text if text != "" else float("nan")


def _read_parquet(path: Path, header_names: list[str] | None, nrows: int | None) -> pd.DataFrame:
    """The table as pandas' read_parquet gives it; with ``nrows``, read batch by batch until
    those rows are read (a row group at most past them)."""
    import pyarrow.parquet as pq

    try:
        if nrows is None:
            table = pq.read_table(path, use_pandas_metadata=True)
        else:
            with pq.ParquetFile(path) as file:
                batches = _first(file.iter_batches(batch_size=min(nrows, PARQUET_BATCH)), nrows)
                table = pa.Table.from_batches(batches, file.schema_arrow).slice(0, nrows)
        frame = table.to_pandas()
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise LoaderError(f"'{path}' is not a readable Parquet file: {exc}") from exc
    return _apply_names(frame.reset_index(drop=True), header_names, path)


def _first(batches: Iterable[pa.RecordBatch], rows: int) -> list[pa.RecordBatch]:
    """The batches up to the one that completes ``rows`` rows; no later one is asked for."""
    kept, count = [], 0
    for batch in batches:
        kept.append(batch)
        count += batch.num_rows
        if count >= rows:
            break
    return kept
