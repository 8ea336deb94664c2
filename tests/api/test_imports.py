"""The classes PETsARD's Python API documents import from where its docs import them, and
``import petsard`` stays light."""

from __future__ import annotations

import subprocess
import sys


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


def test_importing_petsard_imports_no_heavy_library() -> None:
    code = ("import sys, petsard; print(sorted(m for m in ('sklearn', 'sdv', 'torch', "
            "'anonymeter', 'sdmetrics', 'xgboost') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
