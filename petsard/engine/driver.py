"""The driver side of a run: hands node tasks to a backend, records what comes back, keeps
only the outputs that pending nodes still need, and checkpoints finished nodes.

Nodes already finished — in a killed run being resumed, or in an earlier run being reused —
are not run again: their outputs come from checkpoints when a pending node needs them.
A node's record is written whole even when Ctrl-C comes in the middle (the signal waits for
it); a write the disk refuses stops the run, whatever ``on_error`` says.
"""

from __future__ import annotations

import queue
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from petsard import interrupts
from petsard.engine.checkpoints import Checkpoints, Manifest
from petsard.engine.context import NodeOutput, PathContext, RunView
from petsard.engine.node_task import NodeResult, NodeTask, run_timing
from petsard.exceptions import NodeError, PetsardError, WriteError, is_write_failure
from petsard.logs import get_logger
from petsard.plan import Node, Plan
from petsard.schema.schema import Schema
from petsard.status.events import NodeEvent, NodeFacts
from petsard.status.records import now
from petsard.status.status import Status

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
    resumed: int = 0  # done in an earlier session of this run (kept, or recomputed)
    failed_keys: list[str] = field(default_factory=list)


class Driver:
    """Runs a Plan's nodes through a backend and records each in Status; then, once, the
    whole-run reporters (``run_after_tree``)."""

    def __init__(self, plan: Plan, status: Status, seed: int, *, run_id: str,
                 run_dir: str | None, identities: dict[str, str],
                 checkpoints: Checkpoints | None, available: dict[str, Available],
                 recompute: Mapping[str, str] | None = None, on_error: str = "stop",
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
        # Done in the run being resumed, but without a usable checkpoint (killed before it
        # landed, damaged since, or checkpoints off): run again to get the output back,
        # without recording it twice. {node key: why}
        self.recompute = dict(recompute or {})
        self.on_error = on_error
        self.on_node = on_node or (lambda event, node, seconds: None)
        self.on_free = on_free or (lambda output: None)
        self.keep_results = keep_results
        self.outputs: dict[str, NodeOutput] = {}
        self.results: dict[str, dict[str, Any]] = {}
        self.failure: BaseException | None = None
        self.tally = Tally()
        # Whole-run reporters are leaves the tree does not run: their result is their
        # parent's data, and their parent's data is not kept for them.
        self.after_tree = {key for key, node in plan.nodes.items() if node.after_tree}
        self._waiting = {key: sum(c not in self.after_tree for c in node.children)
                         for key, node in plan.nodes.items()}
        self._finished: set[str] = set()
        self.running: set[str] = set()  # started, not yet recorded finished
        self.schemas: dict[str, Schema | None] = {}  # every node's, kept: they are small
        info = status.get_run_info()
        self.started = info.started_at.timestamp() if info is not None else 0.0
        self.evaluations: dict[str, dict[str, pd.DataFrame]] = {}
        self._writer: ThreadPoolExecutor | None = None
        # Checkpoints written in the background, for the main thread to record:
        # (node key, identity, manifest or the error that stopped it).
        self._written: queue.SimpleQueue[tuple[str, str, Manifest | BaseException]] = \
            queue.SimpleQueue()
        self._keys = {identity: key for key, identity in identities.items()}

    # ----- what a backend calls -----

    def prepare(self, node: Node) -> NodeTask | None:
        """The node's task, or None when it must not run (finished, reused, after the tree,
        or an ancestor failed)."""
        if node.key in self._finished or node.key in self.after_tree:
            return None
        interrupts.check()
        if node.key in self.available:
            self._take_available(node)
            return None
        ancestors = {}
        for ancestor in self.plan.path(node.key)[:-1]:
            output = self.output(ancestor.key)
            if output is None:
                return None
            ancestors[ancestor.module] = (ancestor.experiment, output)
        if node.key not in self.recompute:
            self._started(node)
        self.on_node("started", node, None)
        return NodeTask(node.key, node.spec, node.seed(self.seed), ancestors,
                        RunView(self.run_id, self.run_dir, self.started), self.seed,
                        self.plan.later_modules(node.module))

    def complete(self, node: Node, result: NodeResult) -> bool:
        """Record a node's result; False stops the run."""
        interrupts.check()  # a library may have turned Ctrl-C into an error or a result
        self._record_checkpoints()
        if not result.ok:
            return self._failed(node, result)
        output = result.output
        assert output is not None
        if self.checkpoints is not None:
            self._checkpoint(node, output)
        with interrupts.held():
            self.running.discard(node.key)
            if node.key in self.recompute:
                self.status.record(NodeEvent(
                    "recomputed", self.facts(node), duration=result.duration,
                    note=f"recomputed on resume: {self.recompute[node.key]}"))
                self.tally.resumed += 1
            else:
                tables = output.artifacts.get("evaluation") or {}
                self.status.record(NodeEvent(
                    "done", self.facts(node), input_schema=self.input_schema(node),
                    schema=output.schema, data=output.data, timings=tuple(result.timings),
                    duration=result.duration, info=output.info, tables=tables,
                    files=tuple(output.artifacts.get("files", ())), changes=output.changes))
                self.tally.done += 1
        self.on_node("done", node, result.duration)
        self._keep(node, output)
        return self.failure is None

    def close(self) -> None:
        """Wait for checkpoints still being written, and record them."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        self._record_checkpoints()

    def stop(self, why: str) -> None:
        """The run stops before its running nodes finish: record each as interrupted."""
        for key in sorted(self.running):
            self.status.record(NodeEvent("interrupted", self.facts(self.plan.nodes[key]),
                                         error=why))
        self.running.clear()

    def _started(self, node: Node) -> None:
        with interrupts.held():
            self.status.record(NodeEvent("started", self.facts(node)))
            self.running.add(node.key)

    # ----- after the tree -----

    def run_after_tree(self) -> None:
        """Each whole-run reporter once, from the run record: its first node records the
        files and timings, every node of it is recorded done with its parent's data."""
        experiments: dict[str, list[Node]] = {}
        for node in self.plan.dfs():
            if node.key in self.after_tree and node.key not in self._finished:
                if node.key in self.recompute:  # recorded done before the run was resumed
                    self._finished.add(node.key)
                    continue
                experiments.setdefault(node.spec.label, []).append(node)
        for nodes in experiments.values():
            self._report_run(nodes)
            if self.failure is not None:
                return

    def _report_run(self, nodes: list[Node]) -> None:
        first = nodes[0]
        self._started(first)
        self.on_node("started", first, None)
        ctx = PathContext(node_key=first.key, module=first.module, experiment=first.experiment,
                          seed=first.seed(self.seed), ancestors={}, run_seed=self.seed)
        started, clock = now(), time.perf_counter()
        try:
            with ctx.step("write"):
                files = first.spec.method_cls(**first.spec.params).report_run(self.status)
        except Exception as exc:  # recorded with the node, like a failing tree node
            duration = time.perf_counter() - clock
            text = f"{type(exc).__name__}: {exc}"
            timings = [run_timing(first.spec, first.key, started, duration, text), *ctx.timings]
            if self._failed(first, NodeResult(first.key, started, duration, timings, None, exc,
                                              text, traceback.format_exc())):
                for node in nodes[1:]:
                    self.status.record(NodeEvent("skipped", self.facts(node),
                                                 error=f"not run: {first.key} failed"))
                    self._finished.add(node.key)
                    self.tally.skipped += 1
            return
        duration = time.perf_counter() - clock
        self.running.discard(first.key)
        for node in nodes:
            written = node is first
            parent = self.plan.nodes[node.parent] if node.parent else None
            timings = ([run_timing(first.spec, first.key, started, duration), *ctx.timings]
                       if written else [])
            self.status.record(NodeEvent(
                "done", self.facts(node), input_schema=self.input_schema(node),
                schema=self.schemas.get(parent.key) if parent else None,
                timings=tuple(timings), duration=duration if written else 0.0,
                info={"method": node.spec.method, "files_written": len(files)} if written
                else {"method": node.spec.method, "written_by": first.key},
                files=tuple(str(f) for f in files) if written else ()))
            self.tally.done += 1
            self._finished.add(node.key)
            self.on_node("done", node, duration if written else 0.0)

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
        checkpoints = self.checkpoints
        assert checkpoints is not None

        def write() -> None:
            try:
                manifest = checkpoints.save(identity, output, parent_id if passthrough else None,
                                            parent_id if subsets else None)
            except Exception as exc:  # recorded by the main thread
                self._written.put((node.key, identity, exc))
            else:
                self._written.put((node.key, identity, manifest))

        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoint")
        self._writer.submit(write)

    def _record_checkpoints(self) -> None:
        """Record the checkpoints that landed (their checksums). One the disk refused stops
        the run; one that cannot be made at all (an output pickle refuses) only costs a
        recomputation on resume."""
        while not self._written.empty():
            key, identity, written = self._written.get()
            if not isinstance(written, BaseException):
                with interrupts.held():
                    self.status.record_checkpoint(key, identity, written)
            elif isinstance(written, OSError):
                assert self.checkpoints is not None
                self.failure = self.failure or WriteError.of(
                    f"the checkpoint of node {key} in '{self.checkpoints.path(identity)}'",
                    written)
            else:
                log.warning("checkpoint of %s not written: %s", key, written)

    def facts(self, node: Node) -> NodeFacts:
        return NodeFacts(node.key, node.module, node.experiment, node.parent, node.spec.method,
                         node.spec.params, node.seed(self.seed), self.identities.get(node.key))

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
        self._results_from(node, output)
        self._finish(node.key)

    def _results_from(self, node: Node, output: NodeOutput | None) -> None:
        """Results whose data is ``node``'s: its own as a leaf, and those of the whole-run
        reporters below it (which pass its data on)."""
        keys = [child for child in node.children if child in self.after_tree]
        if not node.children and node.key not in self.after_tree:
            keys.append(node.key)
        if keys and output is None:
            output = self.output(node.key)
        for key in keys:
            self._result(key, output, node.key)

    def _result(self, key: str, output: NodeOutput | None, source: str) -> None:
        """A leaf's result: its data and schema, and the scores of evaluations on its path."""
        assert output is not None
        scores = {n.node_key.label: self.evaluations[n.key]
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
                for copied in self.checkpoints.copy_from(source.checkpoints, identity):
                    self.status.record_checkpoint(self._keys.get(copied, node.key), copied,
                                                  self.checkpoints.manifests[copied])
                self.available[node.key] = Available(self.checkpoints)
            self.status.record(NodeEvent(
                "reused", self.facts(node), input_schema=self.input_schema(node),
                schema=meta.schema, info=meta.info, changes=meta.changes,
                tables=meta.artifacts.get("evaluation") or {},
                reused_from=source.reused_from, note=f"reused from run {source.reused_from}"))
            self.tally.reused += 1
            self.on_node("reused", node, None)
        else:
            self.tally.resumed += 1
        self.schemas[node.key] = meta.schema
        if "evaluation" in meta.artifacts:
            self.evaluations[node.key] = meta.artifacts["evaluation"]
        self._results_from(node, None)
        if not node.children:
            self.outputs.pop(node.key, None)
        self._finish(node.key)

    def _failed(self, node: Node, result: NodeResult) -> bool:
        with interrupts.held():
            self.running.discard(node.key)
            operator = node.spec.operator
            self.status.record(NodeEvent(
                "failed", self.facts(node), input_schema=self.input_schema(node),
                timings=tuple(result.timings), duration=result.duration,
                info=operator.declared_info(node.spec) if operator is not None else {},
                error=result.error_text or ""))
        self.tally.failed += 1
        self.tally.failed_keys.append(node.key)
        self.on_node("failed", node, result.duration)
        log.error("node %s failed after %.2fs: %s", node.key, result.duration, result.error_text)
        log.debug("%s", result.error_trace)
        if self.on_error == "stop" or is_write_failure(result.error):
            self.failure = node_error(node.key, result.error)
            return False
        below = [key for key in self.plan.below(node.key) if key not in self._finished]
        for key in below:
            self.status.record(NodeEvent("skipped", self.facts(self.plan.nodes[key]),
                                         error=f"not run: {node.key} failed"))
            self._finished.add(key)
            self._waiting[key] = 0
        self.tally.skipped += len(below)
        self._waiting[node.key] = 0
        self._finish(node.key)
        return True

    def _finish(self, key: str) -> None:
        """Mark ``key`` finished; free each node's output once its whole subtree is."""
        self._finished.add(key)
        if key in self.after_tree:
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


def node_error(key: str, error: BaseException | None) -> BaseException:
    """The node's error with its key in the message; our own errors keep their type, and an
    OS error of a write becomes a WriteError."""
    if is_write_failure(error) and not isinstance(error, PetsardError):
        assert isinstance(error, OSError)
        error = WriteError.of(f"'{error.filename}'" if error.filename else "an output", error)
    if isinstance(error, PetsardError):
        raised = error.__class__.__new__(error.__class__)
        raised.__dict__.update(error.__dict__)
        raised.args = (f"node {key} failed: {error.message}",)
        raised.node_key = key  # type: ignore[attr-defined]
        raised.__cause__ = error
        return raised
    raised = NodeError(f"node {key} failed: {type(error).__name__}: {error}", key)
    raised.__cause__ = error
    return raised
