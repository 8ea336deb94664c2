"""One node's task: everything a worker needs (picklable), and what it sends back."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from petsard.engine.context import NodeOutput, PathContext, RunView, worker_id
from petsard.status.records import TimingRecord, now

if TYPE_CHECKING:
    from petsard.config import ExperimentSpec


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
    from petsard.modules import module_kinds

    spec = task.spec
    ctx = PathContext(node_key=task.node_key, module=spec.module, experiment=spec.name,
                      seed=task.seed, ancestors=task.ancestors, run=task.run,
                      run_seed=task.run_seed, later=task.later)
    started, clock = now(), time.perf_counter()
    output = error = text = trace = None
    try:
        operator = module_kinds()[spec.module].operator(spec)
        output = operator.run(ctx)
    except Exception as exc:  # recorded with the node, re-raised by the driver
        error, text, trace = exc, f"{type(exc).__name__}: {exc}", traceback.format_exc()
    duration = time.perf_counter() - clock
    node_record = TimingRecord(
        record_id="", module_name=spec.module, experiment_name=spec.name, step_name="run",
        start_time=started, end_time=now(), duration_seconds=duration,
        status="failed" if error else "completed", node_key=task.node_key, error=text,
        worker=worker_id(),
    )
    return NodeResult(task.node_key, started, duration, [node_record, *ctx.timings], output,
                      error, text, trace)


def failed_result(task: NodeTask, error: BaseException) -> NodeResult:
    """A node that failed outside its operator (a worker died, a transport error)."""
    moment = now()
    text = f"{type(error).__name__}: {error}"
    record = TimingRecord(record_id="", module_name=task.spec.module,
                          experiment_name=task.spec.name, step_name="run", start_time=moment,
                          end_time=moment, duration_seconds=0.0, status="failed",
                          node_key=task.node_key, error=text)
    return NodeResult(task.node_key, moment, 0.0, [record], None, error, text, None)
