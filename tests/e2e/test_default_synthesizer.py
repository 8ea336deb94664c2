"""``method: default`` end to end: any table the Loader accepts comes back with its columns,
order and dtypes, fit and sample timed separately, reproducible for a random_state."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from petsard import Executor

DATA = Path(__file__).parents[1] / "data"


def messy_frame(rows: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        "id_code": [f"{i:05d}" for i in rng.integers(0, 99999, rows)],
        "count": rng.integers(0, 50, rows),
        "score": rng.normal(50, 10, rows).round(2),
        "flag": rng.random(rows) > 0.3,
        "city": rng.choice(["Taipei", "Tainan", "Hsinchu", None], rows),
        "visits": pd.array(np.where(rng.random(rows) < 0.2, None, rng.integers(1, 9, rows)),
                           dtype="Int64"),
        "joined": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, rows), "D"),
    })
    return frame


def test_default_synthesizer_keeps_every_column_type_through_the_loader(tmp_path: Path) -> None:
    messy_frame().to_csv(tmp_path / "messy.csv", index=False)
    executor = Executor({
        "Loader": {"messy": {"filepath": "messy.csv"}},
        "Synthesizer": {"gc": {"method": "default", "num_samples": 1000},
                        "alias": {"method": "petsard-gaussian_copula"}},
        "Executor": {"random_state": 3, "store": "memory"},
    })
    executor.run()
    loaded = executor.status.get_metadata("Loader")
    assert [a.dtype for a in loaded] == ["object", "int64", "float64", "bool", "object",
                                                "Int64", "datetime64[ns]"]
    results = list(executor.get_result().values())
    assert [len(r["data"]) for r in results] == [1000, 400]
    for result in results:
        data = result["data"]
        assert [str(t) for t in data.dtypes] == [a.dtype for a in loaded]
        assert data["id_code"].str.fullmatch(r"\d{5}").all()
        assert set(data["city"].dropna()) <= {"Taipei", "Tainan", "Hsinchu"}
        assert abs(data["city"].isna().mean() - loaded["city"].stats.na_percentage) < 0.06
        assert data["score"].between(loaded["score"].stats.min, loaded["score"].stats.max).all()
        assert (data["score"].round(2) == data["score"]).all()
    steps = executor.get_timing().query("module_name == 'Synthesizer'")["step_name"].tolist()
    assert steps.count("fit") == 2 and steps.count("sample") == 2


def test_default_synthesizer_is_reproducible_for_a_random_state(tmp_path: Path) -> None:
    def run(seed: int) -> pd.DataFrame:
        executor = Executor({
            "Loader": {"t": {"filepath": str(DATA / "titanic-train.csv")}},
            "Synthesizer": {"gc": {"method": "default"}},
            "Executor": {"random_state": seed, "store": "memory"}})
        executor.run()
        return next(iter(executor.get_result().values()))["data"]

    pd.testing.assert_frame_equal(run(11), run(11))
    assert not run(11).equals(run(12))


def test_default_synthesizer_runs_on_the_bundled_adult_data() -> None:
    executor = Executor({"Loader": {"a": {"filepath": "benchmark://adult-income"}},
                         "Synthesizer": {"gc": {"method": "default"}},
                         "Executor": {"random_state": 0, "store": "memory"}})
    executor.run()
    data = next(iter(executor.get_result().values()))["data"]
    assert data.shape == (32561, 15)
    assert 0.04 < data["workclass"].isna().mean() < 0.07
