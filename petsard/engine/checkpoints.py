"""Node checkpoints: each finished node's output on disk, so a killed run resumes and a new
run reuses unchanged work.

A checkpoint is a folder named by the node's identity (a hash of what determines its output),
holding its tables as Parquet and the rest of its output (schema, fitted objects such as a
Preprocessor's pipeline, evaluation tables, info) as a pickle. It is written to a temporary
folder and renamed into place, so a checkpoint folder either is complete or does not exist.

Its manifest (each file's size and SHA-256) goes into the run record once it has landed, and
every read checks the files against it: a checkpoint missing, truncated or altered on disk is
never read (its node is computed again), and no pickle is loaded unless its bytes match.
Pickles are read only from the run's own owner-only folder: never point a run at a folder
you did not create.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from petsard import parquet
from petsard.engine.context import NodeOutput
from petsard.exceptions import CheckpointError
from petsard.logs import get_logger
from petsard.plan import Plan

FOLDER = "checkpoints"
REST = "output.pkl"
Manifest = dict[str, Any]  # {"files": {name: [size, sha256]}, "needs": [identity, ...]}

log = get_logger("checkpoints")


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
    """The checkpoints of one run folder, checked against ``manifests`` (from its record)."""

    def __init__(self, run_dir: Path, manifests: Mapping[str, Manifest] | None = None) -> None:
        self.folder = run_dir / FOLDER
        self.manifests: dict[str, Manifest] = dict(manifests or {})

    def path(self, identity: str) -> Path:
        return self.folder / identity

    def recorded(self, identity: str) -> bool:
        """The record says this checkpoint was written."""
        return identity in self.manifests

    def needs(self, identity: str) -> list[str]:
        """The checkpoints holding this one's data (a pass-through node, row subsets)."""
        return list(self.manifests.get(identity, {}).get("needs", ()))

    def problem(self, identity: str) -> str | None:
        """Why this checkpoint's own files cannot be read (not recorded, a file missing,
        truncated or altered), or None when every file matches its checksum."""
        manifest = self.manifests.get(identity)
        if manifest is None:
            return "no checkpoint was recorded"
        for name, (size, digest) in manifest["files"].items():
            file = self.path(identity) / name
            try:
                found = file.stat().st_size
            except OSError:
                return f"{name} is missing"
            if found < size:
                return f"{name} is truncated ({found:,} of {size:,} bytes)"
            if found != size or _file_digest(file) != digest:
                return f"{name} was altered since it was written (its checksum differs)"
        return None

    def has(self, identity: str) -> bool:
        """This checkpoint and those holding its data can be read."""
        return self.problem(identity) is None and all(self.has(i) for i in self.needs(identity))

    def save(self, identity: str, output: NodeOutput, data_from: str | None = None,
             rows_from: str | None = None) -> Manifest:
        """Write ``output``; returns its manifest. ``data_from`` names the checkpoint already
        holding its data (a node passing its parent's data through); ``rows_from`` the one
        holding the table its tables are row subsets of (only their row labels are
        written)."""
        if identity in self.manifests and self.problem(identity) is None:
            return self.manifests[identity]
        target = self.path(identity)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{identity}.", dir=self.folder))
        try:
            files: dict[str, list[Any]] = {}
            names = {}
            rows = {}
            if output.rebuild is not None:
                pass  # rebuilt from the input files on load
            elif rows_from is not None:
                rows = {name: table.index for name, table in _tables(output.data).items()}
            elif data_from is None:
                for number, (name, table) in enumerate(_tables(output.data).items()):
                    written, manifest = _write_table(table, temp / f"table{number}.parquet")
                    names[written.name] = name
                    files[written.name] = manifest
            rest = {"kind": "dict" if isinstance(output.data, dict) else "table", "tables": names,
                    "data_from": data_from, "rows_from": rows_from, "rows": rows,
                    "rebuild": output.rebuild,
                    "schema": output.schema,
                    "artifacts": output.artifacts, "info": output.info, "changes": output.changes}
            pickled = pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)
            with open(temp / REST, "wb") as handle:
                handle.write(pickled)
            files[REST] = [len(pickled), hashlib.sha256(pickled).hexdigest()]
            if target.exists():  # a damaged checkpoint, or a leftover of a killed write
                shutil.rmtree(target)
            os.replace(temp, target)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
        manifest = {"files": files, "needs": [i for i in (data_from, rows_from) if i]}
        self.manifests[identity] = manifest
        return manifest

    def load(self, identity: str, with_data: bool = True) -> NodeOutput:
        """The node's output; ``with_data=False``: everything but its data (cheap). Raises
        CheckpointError, without reading it, when a file does not match its checksum."""
        rest = pickle.loads(self._verified(identity, REST))  # checked: bytes as written
        if not with_data:
            return NodeOutput(schema=rest["schema"], artifacts=rest["artifacts"],
                              info=rest["info"], changes=rest["changes"])
        tables = {name: self._table(identity, file) for file, name in rest["tables"].items()}
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

    def _verified(self, identity: str, name: str) -> bytes:
        """A file's bytes, if they match the recorded checksum."""
        file = self.path(identity) / name
        expected = self.manifests.get(identity, {}).get("files", {}).get(name)
        if expected is None:
            raise CheckpointError(f"checkpoint file '{file}' has no recorded checksum: "
                                  "it is not read")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CheckpointError(f"checkpoint file '{file}' cannot be read: {exc}") from exc
        if [len(data), hashlib.sha256(data).hexdigest()] != list(expected):
            raise CheckpointError(f"checkpoint file '{file}' was altered or truncated since it "
                                  "was written: it is not read")
        return data

    def _table(self, identity: str, name: str) -> pd.DataFrame:
        data = self._verified(identity, name)
        if name.endswith(".pkl"):
            return pickle.loads(data)  # checked: bytes as written
        try:
            return parquet.read(io.BytesIO(data))
        except Exception as exc:  # checksummed bytes Arrow cannot parse: treat as damaged
            raise CheckpointError(f"checkpoint file '{self.path(identity) / name}' cannot be "
                                  f"read: {exc}") from exc

    def copy_from(self, other: Checkpoints, identity: str) -> list[str]:
        """Bring another run's checkpoint into this run (hard links when possible), with the
        checkpoints its data lives in; returns the identities copied."""
        if identity in self.manifests and self.has(identity):
            return []
        copied = []
        for source in other.needs(identity):
            copied += self.copy_from(other, source)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{identity}.", dir=self.folder))
        try:
            for name in other.manifests[identity]["files"]:
                file = other.path(identity) / name
                try:
                    os.link(file, temp / name)
                except OSError:
                    shutil.copy2(file, temp / name)
            if self.path(identity).exists():
                shutil.rmtree(self.path(identity))
            os.replace(temp, self.path(identity))
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
        self.manifests[identity] = other.manifests[identity]
        return [*copied, identity]

    def sweep(self) -> None:
        """Remove temporary folders left by writes a killed or stopped run cut short."""
        if self.folder.is_dir():
            for leftover in self.folder.glob(".*"):
                shutil.rmtree(leftover, ignore_errors=True)


def reusable_from(run_dir: Path, recorded: Mapping[str, Manifest], plan: Plan,
                  identities: dict[str, str]) -> tuple[Checkpoints, set[str]]:
    """Another run's checkpoints (``reuse``; ``recorded``: the manifests its record holds)
    and the plan's nodes they can stand for: the rule a run applies and ``petsard plan
    --reuse`` shows."""
    other = Checkpoints(run_dir, recorded)
    usable, _ = usable_checkpoints(plan, identities, other, set(plan.nodes),
                                   f" of run {run_dir.name}")
    return other, usable


def usable_checkpoints(plan: Plan, identities: dict[str, str], checkpoints: Checkpoints,
                       keys: set[str], where: str = "") -> tuple[set[str], dict[str, str]]:
    """Which of ``keys`` have a checkpoint that passes its checksums (and whose data, when it
    lives in a parent's checkpoint, does too); for the others that the record says were
    written, why not, each damaged one with a warning naming its node."""
    usable: set[str] = set()
    readable: set[str] = set()  # identities whose own files passed
    why: dict[str, str] = {}
    for node in plan.dfs():  # parents first: their checkpoints hold some children's data
        identity = identities[node.key]
        if node.key not in keys or not checkpoints.recorded(identity):
            continue
        problem = checkpoints.problem(identity)
        if problem is not None:
            log.warning("checkpoint of node %s%s is damaged: %s; computing the node again "
                        "from its parent", node.key, where, problem)
            why[node.key] = f"its checkpoint was damaged ({problem})"
            continue
        readable.add(identity)
        if all(need in readable for need in checkpoints.needs(identity)):
            usable.add(node.key)
        else:
            why[node.key] = "the checkpoint holding its data cannot be used"
    return usable, why


def _tables(data: Any) -> dict[str, pd.DataFrame]:
    if isinstance(data, dict):
        return data
    return {"": data} if data is not None else {}


def _write_table(table: pd.DataFrame, path: Path) -> tuple[Path, list[Any]]:
    """Parquet, or pickle for mixed-type object columns Arrow refuses (kept exactly); returns
    the file written and its [size, SHA-256], taken from the bytes before they are written
    (not read back)."""
    buffer = io.BytesIO()
    try:
        parquet.write(table, buffer)
    except parquet.UNSUPPORTED:
        path = path.with_suffix(".pkl")
        buffer = io.BytesIO(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    data = buffer.getbuffer()
    with open(path, "wb") as handle:
        handle.write(data)
    return path, [len(data), hashlib.sha256(data).hexdigest()]


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
