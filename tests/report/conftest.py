"""Real small runs to report on: one that completes, one with failing nodes."""

from __future__ import annotations

from pathlib import Path

import pytest

from petsard import Executor

FAILING_EVALUATOR = '''
class Broken:
    def evaluate(self, data):
        raise RuntimeError("scores unavailable <script>alert(1)</script>")
'''


def _run(config: dict, folder: Path) -> Path:
    executor = Executor(config)
    executor.run()
    assert executor.run_dir is not None
    return executor.run_dir


@pytest.fixture(scope="session")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Loader (1,000 rows) → Splitter → default Synthesizer → sdmetrics quality and ML
    utility → Reporter."""
    folder = tmp_path_factory.mktemp("finished")
    return _run({
        "Executor": {"random_state": 11, "log_level": "WARNING",
                     "runs_dir": str(folder / "runs")},
        "Loader": {"adult": {"filepath": "benchmark://adult-income", "nrows": 1000}},
        "Splitter": {"split": {"train_split_ratio": 0.8}},
        "Synthesizer": {"default": {"method": "default"}},
        "Evaluator": {"quality": {"method": "sdmetrics-qualityreport"},
                      "utility": {"method": "mlutility", "task_type": "classification",
                                  "target": "income", "metrics": ["roc_auc", "f1_score"]}},
        "Reporter": {"timing": {"method": "save_timing", "output_dir": str(folder / "out")}},
    }, folder)


@pytest.fixture(scope="session")
def failed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run whose evaluator raises (with markup in its message); its Reporter is skipped."""
    folder = tmp_path_factory.mktemp("failed")
    module = folder / "broken.py"
    module.write_text(FAILING_EVALUATOR)
    return _run({
        "Executor": {"random_state": 5, "log_level": "WARNING", "on_error": "continue",
                     "runs_dir": str(folder / "runs")},
        "Loader": {"adult": {"filepath": "benchmark://adult-income", "nrows": 300}},
        "Synthesizer": {"default": {"method": "default"}},
        "Evaluator": {"broken": {"method": "custom_method", "module_path": str(module),
                                 "class_name": "Broken"}},
        "Reporter": {"timing": {"method": "save_timing", "output_dir": str(folder / "out")}},
    }, folder)
