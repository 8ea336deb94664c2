"""Read a file into a frame of text columns (CSV/TSV, Excel/ODS) or typed columns (Parquet),
turning every way a file can be unreadable into a LoaderError that says what to do."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd

from petsard.exceptions import LoaderError

TEXT_FORMATS = {".csv": ",", ".tsv": "\t", ".txt": None}
SHEET_FORMATS = {".xlsx", ".xlsm", ".xls", ".ods"}
TYPED_FORMATS = {".parquet", ".pq"}
SUPPORTED = sorted([*TEXT_FORMATS, *SHEET_FORMATS, *TYPED_FORMATS, ".csv.gz", ".tsv.gz"])


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
) -> tuple[pd.DataFrame, bool]:
    """(frame, is_text): text frames hold str cells and NaN for missing, ready for typing."""
    if not path.exists():
        raise LoaderError(f"file not found: '{path}' (looked in {Path.cwd()})")
    if path.is_dir():
        raise LoaderError(f"'{path}' is a folder, not a data file")
    if path.stat().st_size == 0:
        raise LoaderError(f"file '{path}' is empty")
    fmt = file_format(path)
    if fmt in TYPED_FORMATS:
        return _read_parquet(path, header_names, nrows), False
    if fmt in TEXT_FORMATS:
        return _read_text(path, header_names, nrows, sep or TEXT_FORMATS[fmt], encoding), True
    if fmt in SHEET_FORMATS:
        return _read_sheet(path, header_names, nrows, sheet_name), True
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
               sep: str | None, encoding: str) -> pd.DataFrame:
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
        try:
            frame = pd.read_csv(path, header=None, skiprows=skip, **options)
        except pd.errors.EmptyDataError:  # a header and no data rows: an empty table
            frame = pd.DataFrame(columns=range(len(header)), dtype=object)
    except UnicodeDecodeError as exc:
        raise LoaderError(f"cannot decode '{path}' as {encoding}: set the Loader's `encoding:` "
                          "to the file's encoding (e.g. latin-1, cp1252, big5)") from exc
    except pd.errors.EmptyDataError as exc:
        raise LoaderError(f"file '{path}' has no data") from exc
    except (pd.errors.ParserError, csv.Error) as exc:
        raise LoaderError(f"'{path}' is not a well-formed delimited file: {exc}") from exc
    return _fit_to_header(frame, header, path)


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
    try:
        raw = pd.read_excel(path, sheet_name=sheet_name, header=None, dtype=object,
                            engine=engine, nrows=None if nrows is None else nrows + 1)
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
        raw = _apply_names(raw.iloc[: nrows] if nrows else raw, header_names, path)
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
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise LoaderError(f"'{path}' is not a readable Parquet file: {exc}") from exc
    if nrows is not None:
        frame = frame.head(nrows)
    return _apply_names(frame.reset_index(drop=True), header_names, path)
