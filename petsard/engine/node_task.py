"""One node's task: everything a worker needs (picklable), and what it sends back."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field, replace
from datetime import datetime

from petsard.engine.context import NodeOutput, PathContext, RunView, worker_id
from petsard.experiment import ExperimentSpec
from petsard.status.records import TimingRecord, now


@dataclass
class NodeTask:
    node_key: str
    spec: ExperimentSpec
    seed: int
    ancestors: dict[str, tuple[str, NodeOutput]]
    run: RunView | None = None
    run_seed: int = 0
    later: tuple[str, ...] = ()


@dataclass
class NodeResult:
    node_key: str
    started_at: datetime
    duration: float
    timings: list[TimingRecord] = field(default_factory=list)
    output: NodeOutput | None = None
    error: BaseException | None = None
    error_text: str | None = None
    error_trace: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def execute(task: NodeTask) -> NodeResult:
    """Run one node's operator; never raises for the operator's own errors."""
    spec = task.spec
    ctx = PathContext(node_key=task.node_key, module=spec.module, experiment=spec.name,
                      seed=task.seed, ancestors=task.ancestors, run=task.run,
                      run_seed=task.run_seed, later=task.later)
    started, clock = now(), time.perf_counter()
    output = error = text = trace = None
    try:
        output = spec.operator(spec).run(ctx)
    except Exception as exc:  # recorded with the node, re-raised by the driver
        error, text, trace = exc, f"{type(exc).__name__}: {exc}", traceback.format_exc()
    duration = time.perf_counter() - clock
    record = run_timing(spec, task.node_key, started, duration, text)
    return NodeResult(task.node_key, started, duration, [record, *ctx.timings], output,
                      error, text, trace)


def run_timing(spec: ExperimentSpec, node_key: str, started: datetime, duration: float,
               error: str | None = None) -> TimingRecord:
    """The node's own timing record (step 'run'), beside the records of its steps."""
    return TimingRecord(
        record_id="", module_name=spec.module, experiment_name=spec.name, step_name="run",
        start_time=started, end_time=now(), duration_seconds=duration,
        status="failed" if error else "completed", node_key=node_key, error=error,
        worker=worker_id(),
    )


def failed_result(task: NodeTask, error: BaseException) -> NodeResult:
    """A node that failed outside its operator (a worker died, a transport error)."""
    moment = now()
    text = f"{type(error).__name__}: {error}"
    record = replace(run_timing(task.spec, task.node_key, moment, 0.0, text), end_time=moment,
                     worker=None)
    return NodeResult(task.node_key, moment, 0.0, [record], None, error, text, None)
