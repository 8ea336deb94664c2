"""Node checkpoints: each finished node's output on disk, so a killed run resumes and a new
run reuses unchanged work.

A checkpoint is a folder named by the node's identity (a hash of what determines its output),
holding its tables as Parquet and the rest of its output (schema, fitted objects such as a
Preprocessor's pipeline, evaluation tables, info) as a pickle. It is written to a temporary
folder and renamed into place, so a checkpoint folder either is complete or does not exist.
Pickles are read only from the run's own owner-only folder: never point a run at a folder
you did not create.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from petsard import parquet
from petsard.engine.context import NodeOutput
from petsard.exceptions import StoreError
from petsard.plan import Plan

FOLDER = "checkpoints"
REST = "output.pkl"


def node_identity(module: str, method: str, params: dict[str, Any], parent: str | None,
                  seed: int, input_hashes: list[str]) -> str:
    """Same identity, same output: module, method, parameters, parent, seed, input files."""
    text = json.dumps({"module": module, "method": method, "params": params, "parent": parent,
                       "seed": seed, "inputs": input_hashes}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def plan_identities(plan: Plan, seed: int, hashes: dict[str, str]) -> dict[str, str]:
    """Every node's identity, parents first (``hashes``: content hash of each input file)."""
    identities: dict[str, str] = {}
    for node in plan.dfs():
        files = node.spec.method_cls.input_files(node.spec.params)
        identities[node.key] = node_identity(
            node.module, node.spec.method, node.spec.params,
            identities.get(node.parent) if node.parent else None,
            node.seed(seed), [hashes.get(f, "") for f in files])
    return identities


class Checkpoints:
    """The checkpoints of one run folder."""

    def __init__(self, run_dir: Path) -> None:
        self.folder = run_dir / FOLDER

    def path(self, identity: str) -> Path:
        return self.folder / identity

    def has(self, identity: str) -> bool:
        return (self.path(identity) / REST).is_file()

    def save(self, identity: str, output: NodeOutput, data_from: str | None = None,
             rows_from: str | None = None) -> Path:
        """Write ``output``. ``data_from`` names the checkpoint already holding its data (a
        node passing its parent's data through); ``rows_from`` the one holding the table its
        tables are row subsets of (only their row labels are written)."""
        target = self.path(identity)
        if self.has(identity):
            return target
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{identity}.", dir=self.folder))
        try:
            names = {}
            rows = {}
            if output.rebuild is not None:
                pass  # rebuilt from the input files on load
            elif rows_from is not None:
                rows = {name: table.index for name, table in _tables(output.data).items()}
            elif data_from is None:
                for number, (name, table) in enumerate(_tables(output.data).items()):
                    file = f"table{number}.parquet"
                    _write_table(table, temp / file)
                    names[file] = name
            rest = {"kind": "dict" if isinstance(output.data, dict) else "table", "tables": names,
                    "data_from": data_from, "rows_from": rows_from, "rows": rows,
                    "rebuild": output.rebuild,
                    "schema": output.schema,
                    "artifacts": output.artifacts, "info": output.info, "changes": output.changes}
            with open(temp / REST, "wb") as handle:
                pickle.dump(rest, handle, protocol=pickle.HIGHEST_PROTOCOL)
            if target.exists():  # an incomplete leftover of a killed write
                shutil.rmtree(target)
            os.replace(temp, target)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
        return target

    def load(self, identity: str, with_data: bool = True) -> NodeOutput:
        """The node's output; ``with_data=False``: everything but its data (cheap)."""
        folder = self.path(identity)
        try:
            with open(folder / REST, "rb") as handle:
                rest = pickle.load(handle)  # our own owner-only run folder
            if not with_data:
                return NodeOutput(schema=rest["schema"], artifacts=rest["artifacts"],
                                  info=rest["info"], changes=rest["changes"])
            tables = {name: _read_table(folder / file) for file, name in rest["tables"].items()}
        except (OSError, pickle.UnpicklingError, EOFError) as exc:
            raise StoreError(f"checkpoint '{folder}' cannot be read: {exc}; delete it to "
                             "recompute that node") from exc
        if rest.get("rebuild") is not None:
            data: Any = rest["rebuild"]()
        elif rest.get("data_from"):
            data = self.load(rest["data_from"]).data
        elif rest.get("rows_from"):
            whole = self.load(rest["rows_from"]).table()
            tables = {name: whole.loc[labels] for name, labels in rest["rows"].items()}
            data = tables if rest["kind"] == "dict" else next(iter(tables.values()))
        else:
            data = tables if rest["kind"] == "dict" else next(iter(tables.values()), None)
        return NodeOutput(data=data, schema=rest["schema"], artifacts=rest["artifacts"],
                          info=rest["info"], changes=rest["changes"], rebuild=rest.get("rebuild"))

    def copy_from(self, other: Checkpoints, identity: str) -> None:
        """Bring another run's checkpoint into this run (hard links when possible), with the
        checkpoint its data lives in."""
        if self.has(identity):
            return
        with open(other.path(identity) / REST, "rb") as handle:
            rest = pickle.load(handle)  # our own run folder
        for source in (rest.get("data_from"), rest.get("rows_from")):
            if source:
                self.copy_from(other, source)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{identity}.", dir=self.folder))
        try:
            for file in other.path(identity).iterdir():
                try:
                    os.link(file, temp / file.name)
                except OSError:
                    shutil.copy2(file, temp / file.name)
            os.replace(temp, self.path(identity))
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise


def _tables(data: Any) -> dict[str, pd.DataFrame]:
    if isinstance(data, dict):
        return data
    return {"": data} if data is not None else {}


def _write_table(table: pd.DataFrame, path: Path) -> None:
    try:
        parquet.write(table, str(path))
    except parquet.UNSUPPORTED:
        # Mixed-type object columns that Arrow refuses: keep them exactly with pickle.
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        table.to_pickle(path.with_suffix(".pkl"))


def _read_table(path: Path) -> pd.DataFrame:
    if not path.exists() and path.with_suffix(".pkl").exists():
        return pd.read_pickle(path.with_suffix(".pkl"))  # our own run folder
    return parquet.read(str(path))
