"""The facade a user calls: ``Executor(config).run()``, then results, timing and status."""

from __future__ import annotations

import logging
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from petsard import interrupts
from petsard.config import Config
from petsard.engine.backends import Backend, check_picklable, make_backend
from petsard.engine.checkpoints import (
    Checkpoints,
    plan_identities,
    reusable_from,
    usable_checkpoints,
)
from petsard.engine.driver import Available, Driver, Tally
from petsard.exceptions import (
    ConfigError,
    ExecutorError,
    NothingToResume,
    RunInterrupted,
    StoreError,
    WriteError,
)
from petsard.executor_settings import ExecutorSettings
from petsard.logs import configure_logging, get_logger
from petsard.output_files import atomic_write
from petsard.plan import Plan
from petsard.processor.preprocessor import plan_preprocessing, predict_before_run
from petsard.progress import Progress
from petsard.run_folders import (
    file_hash,
    new_run_id,
    open_store,
    recorded_checkpoints,
    resolve_run,
    resume_command,
    versions,
)
from petsard.schema.schema import Schema
from petsard.status.records import RunInfo, now
from petsard.status.sqlite_store import RECORD_FILE, SQLiteStore
from petsard.status.status import Status
from petsard.status.store import ENDED

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
    nodes_reused: int = 0
    nodes_skipped: int = 0
    nodes_resumed: int = 0  # done in an earlier session of this run; not in nodes_done
    failed_nodes: tuple[str, ...] = field(default=())
    node_seconds: float = 0.0  # time inside nodes summed over workers (vs wall time)

    def __str__(self) -> str:
        where = f", record in {self.run_dir}" if self.run_dir else ""
        extra = "".join([f", {self.nodes_resumed} done before" if self.nodes_resumed else "",
                         f", {self.nodes_reused} reused" if self.nodes_reused else "",
                         f", {self.nodes_skipped} skipped" if self.nodes_skipped else ""])
        return (f"run {self.run_id}: {self.state} — {self.nodes_done}/{self.nodes_planned} nodes "
                f"done, {self.nodes_failed} failed{extra}, {self.results} results in "
                f"{self.duration_seconds:.2f}s{where}")


class Executor:
    """Runs every combination of a config's experiments and keeps the complete record.

    ``resume`` (a run id, unique prefix, 'latest' or a run folder) continues a failed or
    killed run: finished nodes come from its checkpoints, the rest runs, the record goes on.
    """

    def __init__(self, config: str | Path | dict[str, Any] | Config | None = None, *,
                 resume: str | None = None) -> None:
        self._resumed: SQLiteStore | None = None
        self.run_dir: Path | None = None
        if resume is not None:
            config = self._open_resumed(config, resume)
        elif config is None:
            raise ConfigError("Executor needs a config (a YAML file path, YAML text or a dict)")
        self.config = Config(config)
        self.plan = Plan(self.config)
        self.status = Status(self.config)
        if self._resumed is not None:
            info = self._resumed.run_info()
            self.run_id, self._seed = info.run_id, info.seed
        else:
            self.run_id, self._seed = new_run_id(), self.config.executor.random_state
        self._driver: Driver | None = None
        self._state = "not started"
        self._recording = False  # the record of this run is open (started or resumed)

    def _open_resumed(self, config: Any, ref: str) -> Any:
        given = Config(config) if config is not None else None
        runs_dir = given.executor.runs_dir if given else ExecutorSettings().runs_dir
        self.run_dir = resolve_run(runs_dir, ref)
        self._resumed = SQLiteStore(self.run_dir / RECORD_FILE, create=False)
        info = self._resumed.run_info()
        if info is None:
            raise StoreError(f"'{self.run_dir}' holds no run to resume")
        if info.state == "completed":
            raise NothingToResume(f"run {info.run_id} already completed: nothing to resume")
        self._check_not_running(info)
        if given is not None and given.text != info.config_text and yaml.safe_load(
                given.text) != yaml.safe_load(info.config_text):
            raise ConfigError(f"this config differs from the one run {info.run_id} started "
                              "with: resume takes the run's own config (omit it), or start a "
                              "new run that reuses this one (Executor: reuse: ...)")
        return info.config_text

    def _check_not_running(self, info: RunInfo) -> None:
        """Two processes must not write one run: refuse a run whose owner still runs it."""
        assert self._resumed is not None
        if info.state in ENDED:
            return
        runner = self._resumed.owner()
        alive = runner.alive(info.run_id) if runner is not None else None
        if alive:
            assert runner is not None
            raise ExecutorError(f"run {info.run_id} is still running ({runner.describe()}): "
                                "wait for it to end, or stop it (Ctrl-C, or kill -TERM "
                                f"{runner.pid}) before resuming it")
        if runner is not None and alive is None:
            log.warning("run %s may still be running (%s, which this host cannot check): "
                        "resuming it; never resume a run that is still running",
                        info.run_id, runner.describe())

    # ----- running -----

    def run(self) -> RunSummary:
        """Run the tree depth-first. A failing node stops the run with its key named
        (``on_error: continue`` skips its subtree instead and reports it in the summary).

        Ctrl-C (SIGINT) or SIGTERM stops the run cleanly: finished nodes and their
        checkpoints are kept, running nodes are stopped, the record says 'interrupted' and
        RunInterrupted (a KeyboardInterrupt) says how to resume. A write the disk refuses
        stops it with a WriteError naming the file; what finished stays recorded."""
        if self._state != "not started":
            raise ExecutorError(f"this Executor already ran (run {self.run_id}); create a new "
                                "Executor to run again")
        settings = self.config.executor
        configure_logging(settings)
        self._state = "running"
        started = now()
        driver: Driver | None = None
        backend: Backend | None = None
        error: BaseException | None = None
        with interrupts.stop_on_signals():
            try:
                if settings.backend != "sequential":
                    check_picklable(self.plan)
                # First: a Dask cluster's workers take seconds to prepare, meanwhile the
                # inputs are hashed and the record started.
                backend = make_backend(settings.backend, settings.max_workers,
                                       settings.dask_address, self.plan)
                hashes = {f: file_hash(f) for f in self.config.input_files()}
                if self._resumed is not None:
                    self._continue_record(hashes)
                else:
                    self._start_record(hashes)
                identities = plan_identities(self.plan, self._seed, hashes)
                checkpoints = self._own_checkpoints()
                available, recompute = self._available(identities, checkpoints)
                log.info("run %s: %d nodes (%d available from checkpoints), %d combinations",
                         self.run_id, len(self.plan), len(available), len(self.plan.leaves))
                with Progress(len(self.plan)) as progress:
                    driver = self._driver = Driver(
                        self.plan, self.status, self._seed, run_id=self.run_id,
                        run_dir=str(self.run_dir) if self.run_dir else None,
                        identities=identities, checkpoints=checkpoints, available=available,
                        recompute=recompute, on_error=settings.on_error,
                        on_node=progress.on_node, on_free=backend.forget,
                        keep_results=settings.keep_results)
                    self._run_tree(backend, driver)
            except BaseException as exc:  # Ctrl-C, a refused write, a bug: close the record
                error = exc
            with interrupts.ignored():
                failure = self._stop(driver, backend, error)
        summary = self._summary(driver, started)
        log.info("%s", summary)
        if failure is not None:
            raise failure
        return summary

    def _stop(self, driver: Driver | None, backend: Backend | None,
              error: BaseException | None) -> BaseException | None:
        """End the run whatever happened: checkpoints written so far recorded, workers
        stopped, running nodes and the run's state recorded. Returns the error to raise."""
        interrupted = isinstance(error, KeyboardInterrupt)
        failure = error
        if driver is not None:
            try:
                driver.close()
            except Exception as exc:  # a refused write of the record
                failure = failure or exc
            failure = failure or driver.failure
        if backend is not None:
            try:
                if failure is not None:
                    backend.abort()
                else:
                    backend.close()
            except Exception as exc:  # the run's outcome is already decided
                log.warning("stopping the %s backend: %s", backend.name, exc)
        failed = failure is not None or (driver is not None and driver.tally.failed > 0)
        self._state = "interrupted" if interrupted else "failed" if failed else "completed"
        if not self._recording:
            return self._explain(failure, interrupted, error)
        why = (f"stopped by {interrupts.signal_name(interrupts.signal_of(error))}" if interrupted
               else "the run stopped before this node finished")
        try:
            if driver is not None:
                driver.stop(why)
        except Exception as exc:
            failure = failure if failure is not None else exc
        try:
            self.status.end_run(self._state)
        except Exception as exc:  # e.g. the disk is full: the record says it is not running
            log.error("the run record could not be closed: %s", exc)
            failure = failure if failure is not None else exc
        return self._explain(failure, interrupted, error)

    def _explain(self, failure: BaseException | None, interrupted: bool,
                 error: BaseException | None) -> BaseException | None:
        """The error to raise, saying how to go on where the run can be resumed."""
        resumable = self.run_dir is not None and (self._recording or self._resumed is not None)
        resume = f"continue it with: {resume_command(self.run_dir)}" if resumable else None
        if interrupted:
            signum = interrupts.signal_of(error)
            head = f"run {self.run_id} was stopped by {interrupts.signal_name(signum)}"
            if resume is not None:
                tally = self._driver.tally if self._driver is not None else Tally()
                text = (f"{head}: what finished ({tally.done + tally.reused} node(s) in this "
                        f"session) is kept with its checkpoints; {resume}")
            elif self._recording:
                text = f"{head}; its record was in memory only (store: memory): nothing to resume"
            else:
                text = f"{head} before it started: nothing was recorded"
            raised = RunInterrupted(text, self.run_id, signum)
            raised.__cause__ = error
            return raised
        if isinstance(failure, WriteError) and resume is not None:
            raised = WriteError(f"{failure.message}. What finished is kept; once this is "
                                f"fixed, {resume}")
            raised.__cause__ = failure
            return raised
        return failure

    def _summary(self, driver: Driver | None, started: datetime) -> RunSummary:
        tally = driver.tally if driver is not None else Tally()
        busy = sum(t.duration_seconds or 0.0 for t in self.status.get_timing_records()
                   if t.step_name == "run") if self._recording else 0.0
        return RunSummary(
            run_id=self.run_id, state=self._state, nodes_planned=len(self.plan),
            nodes_done=tally.done, nodes_failed=tally.failed,
            results=len(driver.results) if driver is not None else 0,
            duration_seconds=(now() - started).total_seconds(),
            run_dir=str(self.run_dir) if self.run_dir else None, nodes_reused=tally.reused,
            nodes_skipped=tally.skipped, nodes_resumed=tally.resumed,
            failed_nodes=tuple(tally.failed_keys),
            node_seconds=busy)

    def _start_record(self, hashes: dict[str, str]) -> None:
        """Create the run's folder and record; a run that cannot record its start leaves no
        folder behind."""
        settings = self.config.executor
        store, run_dir = open_store(settings.store, settings.runs_dir, self.run_id)
        self.run_dir = run_dir
        try:
            self.status.use_store(store)
            if self._seed is None:
                self._seed = secrets.randbelow(2**31)
            if run_dir is not None:
                atomic_write(run_dir / "config.yaml",
                             lambda path: path.write_text(self.config.text, encoding="utf-8"),
                             "the run's config")
            with interrupts.held():  # from here on, the run's end is recorded whatever happens
                self.status.begin_run(RunInfo(
                    run_id=self.run_id, started_at=now(), config_text=self.config.text,
                    config_name=self.config.name, seed=self._seed,
                    sequence=tuple(self.config.sequence), planned_nodes=len(self.plan),
                    versions=versions(), input_hashes=hashes,
                    run_dir=str(run_dir) if run_dir else None))
                self._recording = True
        except BaseException:
            if not self._recording:
                store.close()
                if run_dir is not None:
                    shutil.rmtree(run_dir, ignore_errors=True)
                self.run_dir = None
            raise

    def _continue_record(self, hashes: dict[str, str]) -> None:
        assert self._resumed is not None
        recorded = self._resumed.run_info().input_hashes
        changed = [f for f, h in hashes.items() if recorded.get(f) not in (None, h, "unreadable")]
        if changed:
            raise StoreError(f"input file(s) {changed} changed since run {self.run_id} started: "
                             "its results would mix two inputs; start a new run instead")
        self.status.use_store(self._resumed)
        with interrupts.held():
            self.status.mark_resumed()
            self._recording = True

    def _own_checkpoints(self) -> Checkpoints | None:
        """This run's checkpoints: those a resumed run recorded (with their checksums), its
        folder cleared of writes cut short."""
        if not self.config.executor.checkpoint or self.run_dir is None:
            return None
        if self._resumed is None:
            return Checkpoints(self.run_dir)
        own = Checkpoints(self.run_dir, self._resumed.checkpoints())
        own.sweep()
        return own

    def _available(self, identities: dict[str, str], own: Checkpoints | None
                   ) -> tuple[dict[str, Available], dict[str, str]]:
        """Nodes that need not run (done in the run being resumed, or unchanged in the run
        named by ``reuse``, with checkpoints that pass their checksums), and the nodes the
        resumed run recorded done that must be computed again, with why."""
        available: dict[str, Available] = {}
        reuse = self.config.executor.reuse
        if reuse is not None:
            other_dir = resolve_run(self.config.executor.runs_dir, reuse)
            if other_dir != self.run_dir:
                other, usable = reusable_from(other_dir, recorded_checkpoints(other_dir),
                                              self.plan, identities)
                available.update((key, Available(other, other_dir.name)) for key in usable)
        if self._resumed is None:
            return available, {}
        done = {n.node_key for n in self._resumed.nodes()
                if n.state == "done" and n.node_key in self.plan.nodes}
        why: dict[str, str] = {}
        if own is not None:
            usable, why = usable_checkpoints(self.plan, identities, own, done, "")
            available.update((key, Available(own)) for key in usable)
        recompute = {key: why.get(key, "its checkpoint was not written") for key in done
                     if key not in available}
        return available, recompute

    def _run_tree(self, backend: Backend, driver: Driver) -> None:
        """Modules that feed a Preprocessor run first, so every processing config is checked
        against the schema it will meet before anything else runs; then the rest, depth-first."""
        if "Preprocessor" in self.config.sequence:
            feeding = set(self.config.sequence[:self.config.sequence.index("Preprocessor")])
            backend.run(self.plan,
                        lambda n: driver.prepare(n) if n.module in feeding else None,
                        driver.complete)
            if driver.failure is None:
                self._predict_processing(driver)
        if driver.failure is None:
            backend.run(self.plan, driver.prepare, driver.complete)
        if driver.failure is None:
            driver.run_after_tree()  # reporters comparing every combination, from the record

    def _predict_processing(self, driver: Driver) -> None:
        problems: list[str] = []
        for node in self.plan.dfs():
            # the parent's schema only: its data (a resumed run's Loader re-reads its file)
            # is loaded when the Preprocessor runs, if it still has to
            if node.module != "Preprocessor" or node.parent not in driver.schemas:
                continue
            try:
                pipeline = plan_preprocessing(node.spec.params, driver.schemas[node.parent],
                                              f"Preprocessor.{node.experiment}")
            except ConfigError as exc:
                problems += [p for p in exc.problems if p not in problems]
                continue
            self.status.set_inferred_schema("Preprocessor", pipeline.predict(), node.key)
        if problems:
            driver.failure = ConfigError.from_problems(problems)
        if "Postprocessor" not in self.config.sequence:
            log.warning("a Preprocessor is configured without a Postprocessor: synthetic data "
                        "stays in processed form (scaled, encoded)")

    # ----- queries (the seed's API) -----

    def get_result(self) -> dict[str, dict[str, Any]]:
        """{full experiment key: {'data': DataFrame, 'schema': Schema}} per combination."""
        if self._driver is None:
            return {}
        results = self._driver.results
        return {key: results[key] for key in self.plan.leaves if key in results}

    def get_timing(self) -> pd.DataFrame:
        return self.status.get_timing_report_data()

    def is_execution_completed(self) -> bool:
        return self._state == "completed"

    def get_inferred_schema(self, module: str) -> Schema | None:
        """The schema ``module`` is predicted to produce. For a Preprocessor it is known before
        the run (the Loader's data is read to predict it, not recorded) and checked against
        what runs."""
        if (module == "Preprocessor" and self._state == "not started"
                and module in self.config.sequence
                and self.status.get_inferred_schema(module) is None):
            for key, schema in predict_before_run(self.plan).items():
                self.status.set_inferred_schema(module, schema, key)
        return self.status.get_inferred_schema(module)


logging.getLogger("petsard").addHandler(logging.NullHandler())
