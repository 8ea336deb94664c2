"""The method protocol: what every class a config's ``method:`` names is, and may declare.

A method is a class registered in its module's registry (``@REGISTRY.register("name")``).
The constructor is the config (scikit-learn's habit): parameters are typed keyword-only
arguments, stored unchanged, and validated from the signature before anything runs. Each
module kind adds the methods that do the work (``fit``/``sample`` for synthesizers,
``evaluate`` for evaluators...) in its own base class, e.g.
``petsard.synthesizer.base.SynthesizerMethod``; the hooks below have defaults, so a method
overrides only what it needs::

    class MySynthesizer(SynthesizerMethod):
        def __init__(self, *, epochs: int = 10, num_samples: int | None = None) -> None:
            self.epochs = epochs
            self.num_samples = num_samples

        def fit(self, data, schema, seed): ...
        def sample(self, num_rows, seed): ...

Hooks are class-level: the config calls them before any method is constructed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Literal

from petsard.experiment.source_ref import ConfigModules
from petsard.parameters import validate_signature

Problems = list[str]


class Method:
    """Base of every method. Override a hook only to change its default."""

    #: Other names a parameter may be given under ({'sample_num_rows': 'num_samples'}).
    param_aliases: ClassVar[Mapping[str, str]] = MappingProxyType({})
    #: Parameters the registered name sets (``mlutility-regression`` sets task_type).
    implied_params: ClassVar[Mapping[str, Any]] = MappingProxyType({})
    #: 'path': runs at every node of its experiment; 'run' (Reporters only): runs once after
    #: the whole tree, from the run record (reports comparing every combination).
    scope: ClassVar[Literal["path", "run"]] = "path"
    #: Facts the method learnt while running (rows, model, notes), recorded with the node.
    info_: Mapping[str, Any] = MappingProxyType({})

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict[str, Any], Problems]:
        """(params as the constructor takes them, problems each starting with ``path``).

        The default checks ``params`` against the constructor's typed signature. Override it
        for checks the signature cannot express, calling ``super().validate_params`` first.
        """
        return validate_signature(cls, params, path)

    @classmethod
    def params_from(cls, written: dict[str, Any], path: str) -> tuple[dict[str, Any], Problems]:
        """The constructor's parameters from parameters as a user writes them (other names
        resolved, those the registered name implies added), validated: what a config's
        experiment and the Python API both build a method from."""
        aliases = cls.param_aliases
        params = {**cls.implied_params, **{aliases.get(key, key): value
                                           for key, value in written.items()}}
        return cls.validate_params(params, path)

    @classmethod
    def check_pipeline(cls, params: dict[str, Any], path: str,
                       modules: ConfigModules) -> Problems:
        """Problems that need the config's other modules: ``modules`` maps each module, in
        run order, to its experiment names as written (an evaluator that needs control data
        without a Splitter; a ``source:`` naming an experiment that does not exist)."""
        return []

    @classmethod
    def expand(cls, name: str, params: dict[str, Any]) -> list[tuple[str, int]]:
        """The experiments one config entry becomes, as (name, index) pairs: a Splitter with
        ``num_samples: 3`` becomes three experiments."""
        return [(name, 1)]

    @classmethod
    def input_files(cls, params: dict[str, Any]) -> list[str]:
        """Files this experiment reads: their content hashes are recorded, and a changed
        file makes resume refuse and reuse recompute."""
        return []

    @classmethod
    def preload(cls) -> None:
        """Import heavy libraries (SDV, torch) once, before worker processes start, so each
        worker does not pay for them."""
