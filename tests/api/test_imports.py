"""The classes PETsARD's Python API documents import from where its docs import them, and
``import petsard`` stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

import petsard

HEAVY = ("scipy", "sklearn", "sdmetrics", "sdv", "torch", "anonymeter", "dask", "distributed",
         "plotly", "xgboost", "faker")
ADULT = Path(petsard.__file__).parent / "datasets" / "adult-income.csv.gz"


def test_the_documented_classes_import_from_petsard() -> None:
    from petsard import (
        Constrainer,
        Describer,
        Evaluator,
        Executor,
        Loader,
        Metadater,
        Processor,
        Reporter,
        Splitter,
        Synthesizer,
    )

    assert all(callable(c) for c in (Constrainer, Describer, Evaluator, Executor, Loader,
                                      Metadater, Processor, Reporter, Splitter, Synthesizer))


def test_describer_and_base_constrainer_import_from_petsards_module_paths() -> None:
    from petsard import Describer
    from petsard.constrainer.constrainer_base import BaseConstrainer
    from petsard.evaluator import Describer as DescriberFromEvaluator

    assert DescriberFromEvaluator is Describer
    assert BaseConstrainer.__abstractmethods__ == {"apply", "validate_config"}


def test_every_public_name_resolves() -> None:
    assert set(petsard.__all__) <= set(dir(petsard))
    for name in petsard.__all__:
        assert getattr(petsard, name) is not None


def test_building_an_executor_for_the_default_pipeline_imports_no_heavy_library(
        tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text(yaml.safe_dump({
        "Loader": {"data": {"filepath": str(ADULT), "na_values": "?"}},
        "Preprocessor": {"pre": {"method": "default"}},
        "Synthesizer": {"syn": {"method": "default"}},
        "Postprocessor": {"post": {"method": "default"}},
        "Evaluator": {"quality": {"method": "default"}},
        "Reporter": {"report": {"method": "save_report", "granularity": "global"}},
    }))
    code = ("import json, sys, petsard\n"
            f"petsard.Executor({str(config)!r})\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    modules = set(json.loads(result.stdout.strip().splitlines()[-1]))
    loaded = {m.split(".")[0] for m in modules}
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    # nor the modules of methods the config does not name
    unnamed = {"petsard.evaluator.mpuccs", "petsard.evaluator.anonymeter_risks",
               "petsard.evaluator.sdmetrics_dcr", "petsard.evaluator.mlutility"}
    assert modules.isdisjoint(unnamed), sorted(modules & unnamed)
