"""Every registered method honours the method protocol (petsard/method.py), as
scikit-learn's common tests run over every estimator: the contract user classes will meet."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from petsard.catalogue import module_kinds
from petsard.describer.base import DescriberMethod
from petsard.evaluator.base import MEASURES, EvaluatorMethod
from petsard.experiment import MODULE_ORDER
from petsard.loader.base import LoaderMethod
from petsard.method import Method
from petsard.reporter.base import ReporterMethod
from petsard.splitter.base import SplitterMethod
from petsard.splitter.methods import CustomDataSplitter
from petsard.synthesizer.base import SynthesizerMethod
from petsard.synthesizer.custom_data import CustomDataSynthesizer

KIND_BASES: dict[str, tuple[type, ...]] = {
    "Loader": (LoaderMethod,),
    "Splitter": (SplitterMethod, CustomDataSplitter),
    "Preprocessor": (Method,),
    "Synthesizer": (SynthesizerMethod, CustomDataSynthesizer),
    "Postprocessor": (Method,),
    "Constrainer": (Method,),
    "Evaluator": (EvaluatorMethod,),
    "Describer": (DescriberMethod,),
    "Reporter": (ReporterMethod,),
}
METHODS = [(module, name, kind.registry.get(name)) for module, kind in module_kinds().items()
           for name in kind.registry.names()]


def test_every_module_has_a_kind_base() -> None:
    assert list(KIND_BASES) == list(MODULE_ORDER) == list(module_kinds())


@pytest.mark.parametrize(("module", "name", "cls"), METHODS,
                         ids=[f"{m}:{n}" for m, n, _ in METHODS])
def test_a_registered_method_honours_the_protocol(module: str, name: str, cls: type,
                                                  tmp_path: Path) -> None:
    # The class: a concrete Method of its module's kind.
    assert issubclass(cls, Method) and issubclass(cls, KIND_BASES[module])
    assert not inspect.isabstract(cls), f"{cls.__name__} leaves abstract methods"
    # The constructor is the config: keyword-only, typed parameters.
    parameters = [p for p in inspect.signature(cls.__init__).parameters.values()
                  if p.name != "self"]
    for parameter in parameters:
        assert parameter.kind in (parameter.KEYWORD_ONLY, parameter.VAR_KEYWORD), parameter
        assert parameter.annotation is not parameter.empty, f"{parameter.name} has no type"
    names = {p.name for p in parameters}
    accepts_any = any(p.kind is p.VAR_KEYWORD for p in parameters)
    for alias, target in cls.param_aliases.items():
        assert alias not in names and (target in names or accepts_any)
    assert set(cls.implied_params) <= names or accepts_any
    # Class-level hooks answer without constructing anything.
    path = f"{module}.x"
    params, problems = cls.validate_params(dict(cls.implied_params), path)
    assert isinstance(params, dict) and all(p.startswith(path) for p in problems)
    assert all(isinstance(p, str) for p in cls.check_pipeline(params, path, list(MODULE_ORDER)))
    assert cls.scope in ("path", "run") and (cls.scope == "path" or module == "Reporter")
    # An evaluator says what its scores measure (custom_method: the user's class says).
    if module == "Evaluator":
        assert cls.measures in MEASURES or (name == "custom_method" and cls.measures is None)
    if problems:
        return  # required parameters (a file, a target column...): nothing to construct
    assert cls.expand("x", params) == [("x", 1)] or module == "Splitter"
    assert all(isinstance(f, str) for f in cls.input_files(params))
    # Constructed from its validated parameters, it keeps them as given.
    instance = cls(**params)
    for key, value in params.items():
        if key in names:
            assert getattr(instance, key) == value, f"{key} is not stored as given"
    assert dict(instance.info_) == {}
    if module == "Reporter":
        implemented = "report_run" if cls.scope == "run" else "report"
        assert getattr(cls, implemented) is not getattr(ReporterMethod, implemented)
