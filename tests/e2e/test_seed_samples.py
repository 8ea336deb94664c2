"""The seed document's samples, run unchanged but for file paths, on adult-income subsets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor, Schema

SEVEN = ["record_id", "module_name", "experiment_name", "step_name", "start_time", "end_time",
         "duration_seconds"]


@pytest.fixture
def small_csvs(tmp_path: Path, adult: pd.DataFrame) -> tuple[Path, Path]:
    columns = ["age", "workclass", "education", "hours-per-week", "income"]
    first, second = tmp_path / "data_v1.csv", tmp_path / "data_v2.csv"
    adult[columns].sample(300, random_state=1).to_csv(first, index=False)
    adult[columns].sample(200, random_state=2).to_csv(second, index=False)
    return first, second


def test_basic_sample_runs_and_returns_the_documented_shapes(tmp_path: Path,
                                                             small_csvs: tuple[Path, Path]) -> None:
    (tmp_path / "config.yaml").write_text(f"""
Loader:
  load_data:
    filepath: {small_csvs[0]}

Synthesizer:
  generate:
    method: sdv
""")
    exec = Executor(config='config.yaml')
    assert exec.is_execution_completed() is False
    exec.run()

    results = exec.get_result()
    assert list(results) == ["Loader[load_data]_Synthesizer[generate]"]
    result = results["Loader[load_data]_Synthesizer[generate]"]
    assert set(result) == {"data", "schema"}
    assert isinstance(result["data"], pd.DataFrame) and isinstance(result["schema"], Schema)
    original = pd.read_csv(small_csvs[0])
    assert list(result["data"].columns) == list(original.columns)
    assert result["data"].dtypes.equals(original.dtypes)
    assert len(result["data"]) == len(original)

    timing_df = exec.get_timing()
    assert list(timing_df.columns[:7]) == SEVEN
    assert set(timing_df["module_name"]) == {"Loader", "Synthesizer"}
    assert {"run", "load", "fit", "sample"} <= set(timing_df["step_name"])
    assert (timing_df["duration_seconds"] >= 0).all()

    if exec.is_execution_completed():
        results = exec.get_result()
    else:
        pytest.fail("execution should be completed")

    summary = exec.status.get_status_summary()
    assert summary["sequence"] == ["Loader", "Synthesizer"]
    assert summary["active_modules"] == ["Loader", "Synthesizer"]
    assert summary["metadata_modules"] == ["Loader", "Synthesizer"]
    assert summary["total_snapshots"] == 2
    assert summary["last_snapshot"].startswith("snapshot_000002_")
    assert summary["total_changes"] >= 6


def test_multi_experiment_sample_gives_every_combination(tmp_path: Path,
                                                         small_csvs: tuple[Path, Path]) -> None:
    (tmp_path / "config.yaml").write_text(f"""
Loader:
  load_v1:
    filepath: {small_csvs[0]}
  load_v2:
    filepath: {small_csvs[1]}

Synthesizer:
  method_a:
    method: sdv
    model: GaussianCopula
  method_b:
    method: sdv
    model: CTGAN
    epochs: 2

Reporter:
  save_all:
    method: save_data
    source: Synthesizer
""")
    exec = Executor(config='config.yaml')
    exec.run()
    results = exec.get_result()
    assert list(results) == [
        'Loader[load_v1]_Synthesizer[method_a]_Reporter[save_all]',
        'Loader[load_v1]_Synthesizer[method_b]_Reporter[save_all]',
        'Loader[load_v2]_Synthesizer[method_a]_Reporter[save_all]',
        'Loader[load_v2]_Synthesizer[method_b]_Reporter[save_all]',
    ]
    assert [len(r["data"]) for r in results.values()] == [300, 300, 200, 200]
    written = sorted(p.name for p in tmp_path.glob("petsard_*.csv"))
    assert written == [f"petsard_Loader[{lo}]_Synthesizer[{sy}].csv"
                       for lo in ("load_v1", "load_v2") for sy in ("method_a", "method_b")]
    snapshots = exec.status.get_snapshots()
    assert [s.module_name for s in snapshots].count("Loader") == 2
    assert [s.module_name for s in snapshots].count("Synthesizer") == 4
    assert len(snapshots) == 10  # one per module execution
    for snap in snapshots:
        assert snap.context["node_key"].endswith(f"{snap.module_name}[{snap.experiment_name}]")
    timing = exec.get_timing()
    nodes = timing[timing["step_name"] == "run"]
    assert len(nodes) == 10
    for key, steps in timing[timing["step_name"] != "run"].groupby("node_key"):
        node_time = nodes.loc[nodes["node_key"] == key, "duration_seconds"].item()
        assert steps["duration_seconds"].sum() <= node_time
