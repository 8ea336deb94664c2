"""The driver side of a run: hands node tasks to a backend, records what comes back, keeps
only the outputs that pending nodes still need, and checkpoints finished nodes.

Nodes already finished — in a killed run being resumed, or in an earlier run being reused —
are not run again: their outputs come from checkpoints when a pending node needs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from petsard.checkpoint import Checkpoints
from petsard.engine.context import NodeOutput, RunView
from petsard.engine.runner import NodeResult, NodeTask
from petsard.exceptions import NodeError, PetsardError
from petsard.logs import get_logger
from petsard.plan import Node, Plan, node_seed
from petsard.schema.schema import Schema
from petsard.status.status import NodeFacts, Status

log = get_logger("driver")


@dataclass
class Available:
    """A node whose output already exists in a checkpoint (this run's or another's)."""

    checkpoints: Checkpoints
    reused_from: str | None = None  # the run id it is reused from; None when resuming


@dataclass
class Tally:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    reused: int = 0
    failed_keys: list[str] = field(default_factory=list)


class Driver:
    """Runs a Plan's nodes through a backend and records each in Status."""

    def __init__(self, plan: Plan, status: Status, seed: int, *, run_id: str,
                 run_dir: str | None, identities: dict[str, str],
                 checkpoints: Checkpoints | None, available: dict[str, Available],
                 recompute: set[str] | None = None, on_error: str = "stop",
                 on_node: Callable[[str, Node, float | None], None] | None = None,
                 on_free: Callable[[NodeOutput], None] | None = None,
                 keep_results: str = "memory") -> None:
        self.plan = plan
        self.status = status
        self.seed = seed
        self.run_id = run_id
        self.run_dir = run_dir
        self.identities = identities
        self.checkpoints = checkpoints
        self.available = available
        # Done in the run being resumed, but without a checkpoint (killed before it landed, or
        # checkpoints off): run again to get the output back, without recording it twice.
        self.recompute = recompute or set()
        self.on_error = on_error
        self.on_node = on_node or (lambda event, node, seconds: None)
        self.on_free = on_free or (lambda output: None)
        self.keep_results = keep_results
        self.outputs: dict[str, NodeOutput] = {}
        self.results: dict[str, dict[str, Any]] = {}
        self.failure: BaseException | None = None
        self.tally = Tally()
        # Reporters that compare every combination (save_report, save_timing) run last; their
        # ancestors' data is not kept for them.
        self.deferred = {key for key, node in plan.nodes.items()
                         if not node.children and getattr(node.spec.method_cls, "runs_last", False)}
        self.final_pass = False
        self._waiting = {key: sum(c not in self.deferred for c in node.children)
                         for key, node in plan.nodes.items()}
        self._finished: set[str] = set()
        self.schemas: dict[str, Schema | None] = {}  # every node's, kept: they are small
        info = status.get_run_info()
        self.started = info.started_at.timestamp() if info is not None else 0.0
        self.evaluations: dict[str, dict[str, pd.DataFrame]] = {}
        self._writer: ThreadPoolExecutor | None = None

    # ----- what a backend calls -----

    def prepare(self, node: Node) -> NodeTask | None:
        """The node's task, or None when it must not run (finished, reused, or an ancestor
        failed)."""
        if node.key in self._finished or (node.key in self.deferred) != self.final_pass:
            return None
        if node.key in self.available:
            self._take_available(node)
            return None
        path = self.plan.path(node.key)[:-1]
        ancestors = {}
        for ancestor in path:
            output = self.output(ancestor.key)
            if output is None and node.key in self.deferred and ancestor.key in self.schemas:
                output = NodeOutput(schema=self.schemas[ancestor.key])  # data not needed
            if output is None:
                return None
            ancestors[ancestor.module] = (ancestor.experiment, output)
        needs_timings = getattr(node.spec.method_cls, "needs_timings", False)
        run = RunView(self.run_id, self.run_dir,
                      tuple(self.status.get_timing_records()) if needs_timings else (),
                      self.started,
                      dict(self.evaluations) if node.key in self.deferred else {},
                      {k: [(n.module, n.experiment) for n in self.plan.path(k)]
                       for k in self.evaluations} if node.key in self.deferred else {})
        if node.key not in self.recompute:
            self.status.node_started(self.facts(node))
        self.on_node("started", node, None)
        sequence = self.plan.config.sequence
        later = tuple(sequence[sequence.index(node.module) + 1:])
        return NodeTask(node.key, node.spec, node_seed(self.seed, node.key), ancestors, run,
                        self.seed, later)

    def complete(self, node: Node, result: NodeResult) -> bool:
        """Record a node's result; False stops the run."""
        facts, before = self.facts(node), self.input_schema(node)
        if not result.ok:
            return self._failed(node, facts, before, result)
        output = result.output
        assert output is not None
        if self.checkpoints is not None:
            self._checkpoint(node, output)
        if node.key in self.recompute:
            self.status.node_recomputed(facts, result.duration)
            self.on_node("done", node, result.duration)
            self._keep(node, output)
            return True
        files = [(name, "file", path) for name, path in _files(output)]
        tables = output.artifacts.get("evaluation") or {}
        if tables:
            self.evaluations[node.key] = tables
            files += [(f"evaluation/{granularity}", "table",
                       table.to_json(orient="split", date_format="iso", default_handler=str))
                      for granularity, table in tables.items()]
        self.status.record_success(
            facts, data=output.data, schema=output.schema, input_schema=before,
            timings=result.timings, duration=result.duration, info=output.info,
            artifacts=files, changes=output.changes)
        self.tally.done += 1
        self.on_node("done", node, result.duration)
        self._keep(node, output)
        return True

    def close(self) -> None:
        """Wait for checkpoints still being written."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None

    # ----- bookkeeping -----

    def _checkpoint(self, node: Node, output: NodeOutput) -> None:
        """Write the checkpoint in the background, overlapping the next node's work. A run
        killed before it lands has the node done without a checkpoint: resume reruns it."""
        parent = self.outputs.get(node.parent) if node.parent else None
        parent_id = self.identities[node.parent] if parent is not None and node.parent else None
        passthrough = parent is not None and parent.data is output.data
        subsets = parent is not None and output.row_subsets and isinstance(
            parent.data, pd.DataFrame)
        identity = self.identities[node.key]

        def write() -> None:
            try:
                self.checkpoints.save(identity, output, parent_id if passthrough else None,
                                      parent_id if subsets else None)
            except Exception as exc:  # a failed checkpoint only costs a recomputation
                log.warning("checkpoint of %s not written: %s", node.key, exc)

        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoint")
        self._writer.submit(write)


    def facts(self, node: Node) -> NodeFacts:
        return NodeFacts(node.key, node.module, node.experiment, node.parent, node.spec.method,
                         node.spec.params, node_seed(self.seed, node.key),
                         self.identities.get(node.key))

    def output(self, key: str) -> NodeOutput | None:
        """A finished node's output, loaded from its checkpoint if it is not in memory."""
        if key not in self.outputs and key in self.available:
            self.outputs[key] = self.available[key].checkpoints.load(self.identities[key])
        return self.outputs.get(key)

    def input_schema(self, node: Node) -> Schema | None:
        for ancestor in reversed(self.plan.path(node.key)[:-1]):
            schema = self.schemas.get(ancestor.key)
            if schema is not None:
                return schema
        return None

    def _keep(self, node: Node, output: NodeOutput) -> None:
        self.schemas[node.key] = output.schema
        if "evaluation" in output.artifacts:
            self.evaluations[node.key] = output.artifacts["evaluation"]
        if node.children:
            self.outputs[node.key] = output
            for child in node.children:
                if child in self.deferred:  # its result is this node's data, kept now
                    self._result(child, output, node.key)
        elif node.key not in self.deferred:
            self._result(node.key, output, node.key)
        self._finish(node.key)

    def _result(self, key: str, output: NodeOutput, source: str) -> None:
        """A leaf's result: its data and schema, and the scores of evaluations on its path."""
        scores = {f"{n.module}[{n.experiment}]": self.evaluations[n.key]
                  for n in self.plan.path(key) if n.key in self.evaluations}
        if self.keep_results == "disk" and self.checkpoints is not None:
            self.results[key] = LazyResult(self, source, scores)
        else:
            self.results[key] = {"data": output.table(), "schema": output.schema}
            if scores:
                self.results[key]["evaluation"] = scores

    def _take_available(self, node: Node) -> None:
        """A node finished in a checkpoint: record it if reused, and load its data only if a
        result needs it now (descendants load it when they run)."""
        source = self.available[node.key]
        identity = self.identities[node.key]
        meta = source.checkpoints.load(identity, with_data=False)
        if source.reused_from is not None:
            if self.checkpoints is not None:
                self.checkpoints.copy_from(source.checkpoints, identity)
                self.available[node.key] = Available(self.checkpoints)
            self.status.record_reused(self.facts(node), output=meta,
                                      input_schema=self.input_schema(node),
                                      reused_from=source.reused_from)
            self.tally.reused += 1
            self.on_node("reused", node, None)
        self.schemas[node.key] = meta.schema
        if "evaluation" in meta.artifacts:
            self.evaluations[node.key] = meta.artifacts["evaluation"]
        for_result = [child for child in node.children if child in self.deferred]
        if not node.children and node.key not in self.deferred:
            for_result.append(node.key)
        if for_result:
            output = self.output(node.key)
            for key in for_result:
                self._result(key, output, node.key)
        if not node.children:
            self.outputs.pop(node.key, None)
        self._finish(node.key)

    def _failed(self, node: Node, facts: NodeFacts, before: Schema | None,
                result: NodeResult) -> bool:
        self.status.record_failure(facts, error=result.error_text or "", input_schema=before,
                                   timings=result.timings, duration=result.duration)
        self.tally.failed += 1
        self.tally.failed_keys.append(node.key)
        self.on_node("failed", node, result.duration)
        log.error("node %s failed after %.2fs: %s", node.key, result.duration, result.error_text)
        log.debug("%s", result.error_trace)
        if self.on_error == "stop":
            self.failure = node_error(node.key, result.error)
            return False
        below = [key for key in self.plan.nodes if key.startswith(f"{node.key}_")
                 and key not in self._finished]
        for key in below:
            self.status.node_skipped(self.facts(self.plan.nodes[key]),
                                     f"not run: {node.key} failed")
            self._finished.add(key)
            self._waiting[key] = 0
        self.tally.skipped += len(below)
        self._waiting[node.key] = 0
        self._finish(node.key)
        return True

    def _finish(self, key: str) -> None:
        """Mark ``key`` finished; free each node's output once its whole subtree is."""
        self._finished.add(key)
        if key in self.deferred:
            return  # not counted by its parent: the parent's data was not kept for it
        while self._waiting[key] == 0:  # the subtree below ``key`` is complete
            freed = self.outputs.pop(key, None)
            if freed is not None:
                self.on_free(freed)
            parent = self.plan.nodes[key].parent
            if parent is None:
                return
            self._waiting[parent] -= 1
            key = parent
            if key not in self._finished:
                return


class LazyResult(Mapping):
    """A leaf's {'data', 'schema'} read from its checkpoint on access, not kept in memory."""

    def __init__(self, driver: Driver, key: str, scores: dict[str, Any]) -> None:
        self._driver = driver
        self._key = key
        self._scores = scores

    def _load(self) -> NodeOutput:
        self._driver.close()  # the checkpoint may still be on its way to disk
        checkpoints = self._driver.checkpoints
        assert checkpoints is not None
        return checkpoints.load(self._driver.identities[self._key])

    def __getitem__(self, name: str) -> Any:
        if name == "evaluation" and self._scores:
            return self._scores
        output = self._load()
        return {"data": output.table(), "schema": output.schema}[name]

    def __iter__(self) -> Iterator[str]:
        return iter(("data", "schema", "evaluation") if self._scores else ("data", "schema"))

    def __len__(self) -> int:
        return 3 if self._scores else 2


def _files(output: NodeOutput) -> list[tuple[str, str]]:
    from pathlib import Path

    return [(Path(f).name, f) for f in output.artifacts.get("files", [])]


def node_error(key: str, error: BaseException | None) -> BaseException:
    """The node's error with its key in the message; our own errors keep their type."""
    if isinstance(error, PetsardError):
        raised = error.__class__.__new__(error.__class__)
        raised.__dict__.update(error.__dict__)
        raised.args = (f"node {key} failed: {error}",)
        raised.node_key = key  # type: ignore[attr-defined]
        raised.__cause__ = error
        return raised
    raised = NodeError(f"node {key} failed: {type(error).__name__}: {error}", key)
    raised.__cause__ = error
    return raised
