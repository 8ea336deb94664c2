"""The ``petsard`` command.

    petsard plan config.yaml       validate; print the experiment tree and predicted schemas
    petsard run config.yaml        run it, with progress
    petsard runs                   the runs in the runs folder
    petsard status <run>           a run's summary, node states and errors
    petsard timing <run>           a run's timing table, slowest steps first
    petsard resume <run>           finish a failed or killed run
    petsard report <run>           write a run's HTML report page (--out PATH)

<run> is a run id, a unique prefix of one, 'latest', or a run folder.
Exit codes: 0 success, 1 the run failed, 2 bad config or usage, 130 stopped by Ctrl-C
(SIGINT), 143 stopped by SIGTERM: finished work is kept, `petsard resume <run>` goes on.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from petsard import interrupts
from petsard.exceptions import ConfigError, PetsardError, RunInterrupted, StoreError

DEFAULT_RUNS = "./petsard_runs"


def _print_summary(summary: dict[str, Any]) -> None:
    for key in ("run_id", "state", "sequence", "active_modules", "metadata_modules",
                "total_snapshots", "total_changes", "total_timings", "last_snapshot",
                "last_change", "nodes", "record"):
        print(f"  {key:17} {summary.get(key)}")


def _print_outputs(status: Any, run_dir: Path | None) -> None:
    files = sorted(set(status.get_files()))
    if files:
        folders = sorted({str(Path(f).parent) for f in files})
        print(f"\nOutputs: {len(files)} file(s) in {', '.join(folders)}")
        for file in files:
            print(f"  {file}")
    if run_dir is not None:
        print(f"\nRun record: {run_dir / 'record.sqlite'}")
        print(f"  inspect it with: petsard status {run_dir.name} --runs-dir {run_dir.parent}")
        print(f"  see it as a page: petsard report {run_dir.name} --runs-dir {run_dir.parent}")


def _execute(executor: Any) -> int:
    try:
        result = executor.run()
    except ConfigError:
        raise
    except RunInterrupted as exc:
        print(f"\n{exc}", file=sys.stderr)
        code = exc.exit_code
    except PetsardError as exc:
        print(f"\nrun failed: {exc}", file=sys.stderr)
        code = 1
    else:
        print(f"\n{result}")
        code = 1 if result.state != "completed" else 0
        for key in result.failed_nodes:
            print(f"  failed: {key}", file=sys.stderr)
    print("\nStatus summary")
    _print_summary(executor.status.get_status_summary())
    _print_outputs(executor.status, executor.run_dir)
    return code


def cmd_run(args: argparse.Namespace) -> int:
    from petsard.config import Config
    from petsard.executor import Executor

    config = Config(args.config)
    if args.reuse:
        config.executor = _with(config.executor, reuse=args.reuse)
    return _execute(Executor(config))


def cmd_resume(args: argparse.Namespace) -> int:
    from petsard.exceptions import NothingToResume
    from petsard.executor import Executor

    try:
        executor = Executor(resume=str(_run_dir(args)))
    except NothingToResume as exc:  # a script resuming after a crash: nothing to do is fine
        print(exc)
        return 0
    return _execute(executor)


def cmd_plan(args: argparse.Namespace) -> int:
    from petsard.config import Config
    from petsard.plan import Plan

    config = Config(args.config)
    plan = Plan(config)
    counts = plan.counts()
    print(f"{counts['nodes']} nodes, {counts['leaves']} combinations: "
          + ", ".join(f"{m} {n}" for m, n in counts["per_module"].items()))
    reused = _reusable(config, plan, args.reuse) if args.reuse else set()
    for node in plan.dfs():
        mark = "  (reused)" if node.key in reused else ""
        print(f"{'  ' * node.depth}{node.node_key.label} {node.spec.method}{mark}")
    # each Loader's file is read once: the predictions get the schemas already read
    loaded = _print_identifiers(plan) if "Synthesizer" in config.sequence else None
    if "Preprocessor" in config.sequence:
        _print_predictions(plan, loaded)
    return 0


def _reusable(config: Any, plan: Any, ref: str) -> set[str]:
    from petsard.engine.checkpoints import plan_identities, reusable_from
    from petsard.run_folders import file_hash, recorded_checkpoints, resolve_run
    from petsard.status.sqlite_store import RECORD_FILE, SQLiteStore

    other = resolve_run(config.executor.runs_dir, ref)
    seed = config.executor.random_state
    if seed is None:
        seed = SQLiteStore(other / RECORD_FILE, create=False, readonly=True).run_info().seed
    identities = plan_identities(plan, seed, {f: file_hash(f) for f in config.input_files()})
    return reusable_from(other, recorded_checkpoints(other), plan, identities)[1]


def _print_identifiers(plan: Any) -> dict[str, Any]:
    """Direct identifiers in each Loader's data: what synthesizers will replace. Returns the
    schemas read, {Loader node key: schema}."""
    from petsard.loader.operator import schema_before_run
    from petsard.schema.logical_types import DIRECT_IDENTIFIERS

    loaded = {}
    for node in plan.dfs():
        if node.module != "Loader":
            continue
        schema = loaded[node.key] = schema_before_run(node)
        found = [f"{a.name} ({a.logical_type})" for a in schema
                 if a.logical_type in DIRECT_IDENTIFIERS]
        if found:
            print(f"\ndirect identifiers in {node.key}, replaced by surrogate values in "
                  f"synthetic data (Synthesizer identifiers: surrogate | drop | keep): "
                  f"{', '.join(found)}")
    return loaded


def _print_predictions(plan: Any, loaded: dict[str, Any] | None) -> None:
    """Predicted Preprocessor schemas, from each Loader's data (read, not recorded)."""
    from petsard.processor.preprocessor import predict_before_run

    for key, schema in predict_before_run(plan, loaded).items():
        print(f"\npredicted schema of {key}:")
        for attr in schema:
            null = ", nullable" if attr.type_attr.nullable else ""
            meaning = f", {attr.logical_type}" if attr.logical_type else ""
            print(f"  {attr.name:30} {attr.kind:12} {attr.dtype}{null}{meaning}")


def _with(settings: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(settings, **changes)


def _run_dir(args: argparse.Namespace) -> Path:
    from petsard.run_folders import resolve_run

    return resolve_run(args.runs_dir, args.run)


def cmd_report(args: argparse.Namespace) -> int:
    from petsard.html_report import write_report

    print(write_report(_run_dir(args), Path(args.out) if args.out else None))
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    from petsard.run_folders import list_runs

    rows = list_runs(args.runs_dir)
    if not rows:
        print(f"no runs in {args.runs_dir}")
        return 0
    print(f"{'run id':24} {'state':11} {'started':20} {'duration':>9} {'done':>5} "
          f"{'failed':>6}  config")
    for row in rows:
        duration = f"{row.duration:.1f}s" if row.duration is not None else "-"
        started = row.info.started_at.strftime("%Y-%m-%d %H:%M:%S")
        print(f"{row.info.run_id:24} {row.info.state:11} {started:20} {duration:>9} "
              f"{row.done:>5} {row.failed:>6}  {row.info.config_name or '-'}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from petsard.status.status import Status

    run_dir = _run_dir(args)
    status = Status.open(run_dir)
    print("Status summary")
    summary = status.get_status_summary()
    _print_summary(summary)
    if summary.get("owner"):
        print(f"  {'owner':17} {summary['owner']}; record last written "
              f"{summary['last_write']:%Y-%m-%d %H:%M:%S}")
    if summary["state"] in ("interrupted", "failed"):
        from petsard.run_folders import resume_command

        print(f"  {'to go on':17} {resume_command(run_dir.resolve())}")
    print("\nNodes")
    for node in status.get_node_states():
        took = f" {node.duration_seconds:.2f}s" if node.duration_seconds is not None else ""
        print(f"  {node.state:8} {node.node_key}{took}")
    budgets = status.get_privacy_budgets()
    if budgets:
        from petsard.status.queries import describe_budget

        print("\nPrivacy budget (differential privacy)")
        for key, budget in budgets.items():
            print(f"  {key}: {describe_budget(budget)}")
    failed = [n for n in status.get_node_states() if n.state == "failed"]
    if failed:
        print("\nFailed nodes")
        for node in failed:
            print(f"  {node.node_key}: {node.error}")
    return 0


def cmd_timing(args: argparse.Namespace) -> int:
    from petsard.status.status import Status

    frame = Status.open(_run_dir(args)).get_timing_report_data()
    frame = frame.sort_values("duration_seconds", ascending=False)
    print(f"{'seconds':>9}  {'step':14} {'status':9} node")
    for row in frame.itertuples():
        print(f"{row.duration_seconds:>9.3f}  {row.step_name:14} {row.status:9} {row.node_key}")
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="petsard", description="Synthetic-data experiments with a complete run record.",
        epilog="<run>: a run id, a unique prefix, 'latest', or a run folder. Exit codes: 0 "
               "success, 1 the run failed, 2 bad config or usage.")
    commands = main_parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("plan", "validate a config and print its experiment tree"),
                           ("run", "run every experiment combination of a config")):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("config", help="the YAML config file")
        sub.add_argument("--reuse", metavar="RUN",
                         help="reuse unchanged checkpointed nodes of this run")
    commands.add_parser("runs", help="list the runs").add_argument(
        "--runs-dir", default=DEFAULT_RUNS)
    for name, helptext in (("status", "a run's summary, node states and errors"),
                           ("timing", "a run's timing table, slowest first"),
                           ("resume", "finish a failed or killed run")):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("run", help="run id, unique prefix, 'latest' or run folder")
        sub.add_argument("--runs-dir", default=DEFAULT_RUNS)
    report = commands.add_parser("report", help="write a run's HTML report page")
    report.add_argument("run", help="run id, unique prefix, 'latest' or run folder")
    report.add_argument("--out", metavar="PATH",
                        help="where to write the page (default: report.html in the run folder)")
    report.add_argument("--runs-dir", default=DEFAULT_RUNS)
    return main_parser


COMMANDS = {"plan": cmd_plan, "run": cmd_run, "runs": cmd_runs, "status": cmd_status,
            "timing": cmd_timing, "resume": cmd_resume, "report": cmd_report}


def main(argv: Sequence[str] | None = None) -> int:
    with interrupts.stop_on_signals():  # Ctrl-C or SIGTERM: a message and its exit code
        try:
            code = _command(argv)
        except KeyboardInterrupt as exc:  # outside a run (a run raises RunInterrupted)
            signum = interrupts.signal_of(exc)
            print(f"\nstopped by {interrupts.signal_name(signum)}", file=sys.stderr)
            code = 128 + signum
    _exit_at_once_on_signals()
    return code


def _command(argv: Sequence[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # output piped into head & co.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python quiet at exit
        return 0
    except (ConfigError, StoreError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except PetsardError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _exit_at_once_on_signals() -> None:
    """The command is done and Python shuts down: a signal while it waits for threads ends
    the process at once with the signal's exit code; once it tears modules down (short, but
    where a signal would kill it without a word) signals are ignored and the command's own
    exit code stands."""

    def leave(signum: int, frame: Any) -> None:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(128 + signum)

    def ignore() -> None:
        for number in interrupts.SIGNALS:
            signal.signal(number, signal.SIG_IGN)

    if interrupts.in_main_thread():
        for number in interrupts.SIGNALS:
            if signal.getsignal(number) in (signal.default_int_handler, signal.SIG_DFL):
                signal.signal(number, leave)
        atexit.register(ignore)  # runs after Python has waited for threads


if __name__ == "__main__":
    sys.exit(main())
