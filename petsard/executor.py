"""The facade a user calls: ``Executor(config).run()``, then results, timing and status."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from petsard.config import Config
from petsard.engine.backends import SequentialBackend
from petsard.engine.context import NodeOutput, RunView
from petsard.engine.runner import NodeResult, NodeTask
from petsard.exceptions import ConfigError, ExecutorError, NodeError, PetsardError
from petsard.logs import configure_logging, get_logger
from petsard.plan import Node, Plan, node_seed
from petsard.run_record import file_hash, new_run_id, open_store, versions
from petsard.schema.schema import Schema
from petsard.status.records import RunInfo, now
from petsard.status.status import NodeFacts, Status

log = get_logger("executor")


@dataclass(frozen=True)
class RunSummary:
    """What ``run()`` returns: enough to know whether to look further."""

    run_id: str
    state: str
    nodes_planned: int
    nodes_done: int
    nodes_failed: int
    results: int
    duration_seconds: float
    run_dir: str | None

    def __str__(self) -> str:
        where = f", record in {self.run_dir}" if self.run_dir else ""
        return (f"run {self.run_id}: {self.state} — {self.nodes_done}/{self.nodes_planned} nodes "
                f"done, {self.nodes_failed} failed, {self.results} results in "
                f"{self.duration_seconds:.2f}s{where}")


class Executor:
    """Runs every combination of a config's experiments and keeps the complete record."""

    def __init__(self, config: str | Path | dict[str, Any] | Config) -> None:
        self.config = Config(config)
        self.plan = Plan(self.config)
        self.status = Status(self.config)
        self.run_id = new_run_id()
        self.run_dir: Path | None = None
        self._seed = self.config.executor.random_state
        self._results: dict[str, dict[str, Any]] = {}
        self._outputs: dict[str, NodeOutput] = {}
        self._waiting = {key: len(node.children) for key, node in self.plan.nodes.items()}
        self._finished: set[str] = set()
        self._state = "not started"
        self._failure: BaseException | None = None
        self._counts = {"done": 0, "failed": 0}

    # ----- running -----

    def run(self) -> RunSummary:
        """Run the whole tree depth-first; a failing node stops the run with its key named."""
        if self._state != "not started":
            raise ExecutorError(f"this Executor already ran (run {self.run_id}); create a new "
                                "Executor to run again")
        settings = self.config.executor
        configure_logging(settings)
        store, self.run_dir = open_store(settings.store, settings.runs_dir, self.run_id)
        self.status.use_store(store)
        if self._seed is None:
            import secrets

            self._seed = secrets.randbelow(2**31)
        if self.run_dir is not None:
            (self.run_dir / "config.yaml").write_text(self.config.text, encoding="utf-8")
        self.status.begin_run(RunInfo(
            run_id=self.run_id, started_at=now(), config_text=self.config.text,
            config_name=self.config.name, seed=self._seed, sequence=tuple(self.config.sequence),
            planned_nodes=len(self.plan), versions=versions(),
            input_hashes={f: file_hash(f) for f in self.config.input_files()},
            run_dir=str(self.run_dir) if self.run_dir else None,
        ))
        self._state = "running"
        started = now()
        log.info("run %s: %d nodes, %d combinations", self.run_id, len(self.plan),
                 len(self.plan.leaves))
        try:
            self._run_tree(SequentialBackend())
        except BaseException as exc:  # Ctrl-C or a bug in the driver: close the record first
            self._failure = self._failure or exc
        self._state = "failed" if self._failure else "completed"
        self.status.end_run(self._state)
        summary = RunSummary(
            run_id=self.run_id, state=self._state, nodes_planned=len(self.plan),
            nodes_done=self._counts["done"], nodes_failed=self._counts["failed"],
            results=len(self._results), duration_seconds=(now() - started).total_seconds(),
            run_dir=str(self.run_dir) if self.run_dir else None,
        )
        log.info("%s", summary)
        if self._failure is not None:
            raise self._failure
        return summary

    def _run_tree(self, backend: SequentialBackend) -> None:
        """Modules that feed a Preprocessor run first, so every processing config is checked
        against the schema it will meet before anything else runs; then the rest, depth-first."""
        if "Preprocessor" in self.config.sequence:
            feeding = set(self.config.sequence[:self.config.sequence.index("Preprocessor")])
            backend.run(self.plan, lambda n: self._prepare(n) if n.module in feeding else None,
                        self._complete)
            if self._failure is None:
                self._predict_processing()
        if self._failure is None:
            backend.run(self.plan, self._prepare, self._complete)

    def _predict_processing(self) -> None:
        from petsard.processor.preprocessor import plan_preprocessing

        problems: list[str] = []
        for node in self.plan.dfs():
            if node.module != "Preprocessor" or node.parent not in self._outputs:
                continue
            schema = self._outputs[node.parent].schema
            try:
                pipeline = plan_preprocessing(node.spec.params, schema,
                                              f"Preprocessor.{node.experiment}")
            except ConfigError as exc:
                problems += [p for p in exc.problems if p not in problems]
                continue
            self.status.set_inferred_schema("Preprocessor", pipeline.predict(), node.key)
        if problems:
            self._failure = ConfigError.from_problems(problems)
        if "Postprocessor" not in self.config.sequence:
            log.warning("a Preprocessor is configured without a Postprocessor: synthetic data "
                        "stays in processed form (scaled, encoded)")

    def _prepare(self, node: Node) -> NodeTask | None:
        if node.key in self._finished:
            return None
        path = self.plan.path(node.key)[:-1]
        if any(n.key not in self._outputs for n in path):
            return None
        ancestors = {n.module: (n.experiment, self._outputs[n.key]) for n in path}
        needs_timings = getattr(node.spec.method_cls, "needs_timings", False)
        run = RunView(self.run_id, str(self.run_dir) if self.run_dir else None,
                      tuple(self.status.get_timing_records()) if needs_timings else ())
        self.status.node_started(self._facts(node))
        log.info("node %s: started", node.key)
        return NodeTask(node.key, node.spec, node_seed(self._seed or 0, node.key), ancestors, run,
                        self._seed or 0)

    def _facts(self, node: Node) -> NodeFacts:
        return NodeFacts(node.key, node.module, node.experiment, node.parent, node.spec.method,
                         node.spec.params, node_seed(self._seed or 0, node.key))

    def _input_schema(self, node: Node) -> Schema | None:
        for ancestor in reversed(self.plan.path(node.key)[:-1]):
            output = self._outputs.get(ancestor.key)
            if output is not None and output.schema is not None:
                return output.schema
        return None

    def _complete(self, node: Node, result: NodeResult) -> bool:
        facts, before = self._facts(node), self._input_schema(node)
        if not result.ok:
            self.status.record_failure(facts, error=result.error_text or "", input_schema=before,
                                       timings=result.timings, duration=result.duration)
            self._counts["failed"] += 1
            log.error("node %s failed after %.2fs: %s", node.key, result.duration,
                      result.error_text)
            log.debug("%s", result.error_trace)
            self._failure = _node_error(node.key, result.error)
            return False
        output = result.output
        assert output is not None
        files = [(Path(f).name, "file", f) for f in output.artifacts.get("files", [])]
        self.status.record_success(
            facts, data=output.data, schema=output.schema, input_schema=before,
            timings=result.timings, duration=result.duration, info=output.info, artifacts=files,
            changes=output.changes)
        self._counts["done"] += 1
        log.info("node %s: done in %.2fs", node.key, result.duration)
        if node.children:
            self._outputs[node.key] = output
        else:
            self._results[node.key] = {"data": output.table(), "schema": output.schema}
        self._finish(node.key)
        return True

    def _finish(self, key: str) -> None:
        """Mark ``key`` done; free each node's output once its whole subtree is done."""
        self._finished.add(key)
        while self._waiting[key] == 0:  # the subtree below ``key`` is complete
            self._outputs.pop(key, None)
            parent = self.plan.nodes[key].parent
            if parent is None:
                return
            self._waiting[parent] -= 1
            key = parent
            if key not in self._finished:
                return

    # ----- queries (the seed's API) -----

    def get_result(self) -> dict[str, dict[str, Any]]:
        """{full experiment key: {'data': DataFrame, 'schema': Schema}} per combination."""
        return dict(self._results)

    def get_timing(self) -> pd.DataFrame:
        return self.status.get_timing_report_data()

    def is_execution_completed(self) -> bool:
        return self._state == "completed"

    def get_inferred_schema(self, module: str) -> Schema | None:
        """The schema ``module`` is predicted to produce (filled by modules that can predict)."""
        return self.status.get_inferred_schema(module)


def _node_error(key: str, error: BaseException | None) -> BaseException:
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


logging.getLogger("petsard").addHandler(logging.NullHandler())
