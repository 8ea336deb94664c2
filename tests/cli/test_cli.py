"""The `petsard` command through its real entry point: output and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml


def petsard(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "petsard", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})


def write(folder: Path, config: dict) -> Path:
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def test_plan_prints_the_tree_and_predicted_schema_and_runs_nothing(tmp_path: Path,
                                                                     adult_csv: Path) -> None:
    write(tmp_path, {"Loader": {"a": {"filepath": str(adult_csv)}},
                     "Preprocessor": {"p": {"encoding": {"race": "onehot"}}},
                     "Synthesizer": {"x": {"method": "default"}, "y": {"method": "default"}}})
    result = petsard("plan", "config.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "4 nodes, 2 combinations: Loader 1, Preprocessor 1, Synthesizer 2" in result.stdout
    assert "    Synthesizer[y] default" in result.stdout
    assert "race_White" in result.stdout and "predicted schema of Loader[a]_Preprocessor[p]" \
        in result.stdout
    assert not (tmp_path / "petsard_runs").exists()


def test_run_then_runs_status_timing(tmp_path: Path, adult_csv: Path) -> None:
    write(tmp_path, {"Loader": {"a": {"filepath": str(adult_csv)}},
                     "Synthesizer": {"x": {"method": "default"}}})
    run = petsard("run", "config.yaml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "completed — 2/2 nodes done" in run.stdout
    assert "node 2/2 Loader[a]_Synthesizer[x]: done" in run.stdout  # plain progress lines
    runs = petsard("runs", cwd=tmp_path)
    assert runs.returncode == 0 and "completed" in runs.stdout and "config.yaml" in runs.stdout
    status = petsard("status", "latest", cwd=tmp_path)
    assert status.returncode == 0 and "done     Loader[a]_Synthesizer[x]" in status.stdout
    timing = petsard("timing", "latest", cwd=tmp_path)
    lines = timing.stdout.splitlines()
    assert timing.returncode == 0 and lines[0].split()[:2] == ["seconds", "step"]
    seconds = [float(line.split()[0]) for line in lines[1:]]
    assert seconds == sorted(seconds, reverse=True)


def test_exit_codes_bad_config_2_failed_run_1_unknown_run_2(tmp_path: Path) -> None:
    write(tmp_path, {"Loader": {"a": {"filepath": "x.csv", "nrows": "many"}}})
    bad = petsard("run", "config.yaml", cwd=tmp_path)
    assert bad.returncode == 2 and "Loader.a.nrows: expected an integer" in bad.stderr
    write(tmp_path, {"Loader": {"a": {"filepath": "absent.csv"}}})
    failed = petsard("run", "config.yaml", cwd=tmp_path)
    assert failed.returncode == 1 and "file not found" in failed.stderr
    assert petsard("status", "nope", cwd=tmp_path).returncode == 2
    assert petsard("frobnicate", cwd=tmp_path).returncode == 2


def test_resume_finishes_a_failed_run(tmp_path: Path, adult_csv: Path) -> None:
    write(tmp_path, {"Loader": {"a": {"filepath": str(adult_csv)}},
                     "Synthesizer": {"x": {"method": "custom_data", "filepath": "later.csv"}}})
    assert petsard("run", "config.yaml", cwd=tmp_path).returncode == 1
    (tmp_path / "later.csv").write_text(adult_csv.read_text())
    resumed = petsard("resume", "latest", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "completed — 1/2 nodes done" in resumed.stdout


def test_two_runs_at_once_in_one_runs_folder_keep_their_own_records(tmp_path: Path,
                                                                    adult_csv: Path) -> None:
    write(tmp_path, {"Loader": {"a": {"filepath": str(adult_csv)}},
                     "Synthesizer": {f"s{i}": {"method": "default"} for i in range(4)}})
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    runs = [subprocess.Popen([sys.executable, "-m", "petsard", "run", "config.yaml"],
                             cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL) for _ in range(2)]
    assert [process.wait(timeout=120) for process in runs] == [0, 0]
    listing = petsard("runs", cwd=tmp_path).stdout.splitlines()[1:]
    assert len(listing) == 2 and all(" completed " in line and " 5 " in line for line in listing)


def test_resuming_a_completed_run_says_so_and_succeeds(tmp_path: Path, adult_csv: Path) -> None:
    write(tmp_path, {"Loader": {"a": {"filepath": str(adult_csv)}}})
    assert petsard("run", "config.yaml", cwd=tmp_path).returncode == 0

    resumed = petsard("resume", "latest", cwd=tmp_path)

    assert resumed.returncode == 0, resumed.stderr
    assert "already completed: nothing to resume" in resumed.stdout


def test_plan_marks_the_nodes_a_checkpointed_run_lets_reuse(tmp_path: Path,
                                                            adult_csv: Path) -> None:
    write(tmp_path, {"Executor": {"random_state": 3},
                     "Loader": {"a": {"filepath": str(adult_csv)}},
                     "Synthesizer": {"x": {"method": "default"}}})
    assert petsard("run", "config.yaml", cwd=tmp_path).returncode == 0
    write(tmp_path, {"Executor": {"random_state": 3},
                     "Loader": {"a": {"filepath": str(adult_csv)}},
                     "Synthesizer": {"x": {"method": "default"},
                                     "y": {"method": "default", "max_categories": 5}}})
    plan = petsard("plan", "config.yaml", "--reuse", "latest", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    assert plan.stdout.splitlines()[1:] == ["Loader[a] default  (reused)",
                                            "  Synthesizer[x] default  (reused)",
                                            "  Synthesizer[y] default"]
