"""The ``petsard`` command: ``petsard run config.yaml``.

Exit codes: 0 success, 1 the run failed, 2 bad config or usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from petsard.exceptions import ConfigError, PetsardError


def _print_run(executor: object) -> None:
    from petsard.executor import Executor

    assert isinstance(executor, Executor)
    summary = executor.status.get_status_summary()
    print("\nStatus summary")
    for key in ("run_id", "state", "sequence", "active_modules", "metadata_modules",
                "total_snapshots", "total_changes", "total_timings", "last_snapshot",
                "last_change", "nodes"):
        print(f"  {key:17} {summary[key]}")
    files = sorted({value for _, _, kind, value in executor.status.store.artifacts()
                    if kind == "file"})
    if files:
        folders = sorted({str(Path(f).parent) for f in files})
        print(f"\nOutputs: {len(files)} file(s) in {', '.join(folders)}")
        for file in files:
            print(f"  {file}")
    if executor.run_dir is not None:
        print(f"\nRun record: {executor.run_dir / 'record.sqlite'}")
        print(f"  reopen it with: petsard.Status.open('{executor.run_dir}')")


def _run(args: argparse.Namespace) -> int:
    from petsard.executor import Executor

    executor = Executor(args.config)
    try:
        result = executor.run()
    except PetsardError as exc:
        print(f"\nrun failed: {exc}", file=sys.stderr)
        _print_run(executor)
        return 1
    print(f"\n{result}")
    _print_run(executor)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="petsard", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run every experiment combination of a config")
    run.add_argument("config", help="the YAML config file")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
