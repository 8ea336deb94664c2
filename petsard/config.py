"""Read a config (YAML file, YAML text or dict), validate all of it, and put modules in their
canonical order. Every problem is reported at once, each with its YAML path and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from petsard import yaml_source
from petsard.catalogue import ModuleKind, module_kind
from petsard.exceptions import ConfigError
from petsard.executor_settings import ExecutorSettings
from petsard.experiment import MODULE_ORDER, ExperimentSpec
from petsard.parameters import validate_signature
from petsard.registry import did_you_mean

RESERVED_SUFFIX = re.compile(r"_\[.*\]$")


class Config:
    """A validated config. ``Config(x)`` takes a YAML file path, YAML text, a dict or a Config."""

    def __init__(self, config: str | Path | dict[str, Any] | Config) -> None:
        if isinstance(config, Config):
            self.__dict__.update(config.__dict__)
            return
        self.text, self.source, data = _read(config)
        problems: list[str] = []
        self.executor = _executor_settings(data.pop("Executor", None), problems)
        self.experiments: dict[str, list[ExperimentSpec]] = {}
        for module in data:
            if module not in MODULE_ORDER:
                valid = [*MODULE_ORDER, "Executor"]
                problems.append(f"{module}: unknown module{did_you_mean(str(module), valid)}")
        for module in MODULE_ORDER:
            if module in data:
                self.experiments[module] = _experiments(module_kind(module), data[module],
                                                        problems)
        if not problems and not _has_source(self.experiments):
            problems.append("Loader: a config needs a Loader section (where the data comes "
                            "from), or a first module whose experiments are all custom_data")
        problems += _cross_checks(self.experiments)
        if problems:
            lines = yaml_source.key_lines(self.text) if not isinstance(config, dict) else {}
            raise ConfigError.from_problems([yaml_source.with_line(p, lines) for p in problems])
        self.sequence: list[str] = list(self.experiments)

    @property
    def name(self) -> str | None:
        return Path(self.source).name if self.source else None

    def input_files(self) -> list[str]:
        """Files the run reads, for the record's content hashes."""
        files: list[str] = []
        for specs in self.experiments.values():
            for spec in specs:
                files += spec.method_cls.input_files(spec.params)
        return list(dict.fromkeys(files))


def _read(config: str | Path | dict[str, Any]) -> tuple[str, str | None, dict[str, Any]]:
    """(text as written, source file or None, parsed mapping)."""
    source = None
    if isinstance(config, dict):
        text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
        data = dict(config)
    elif isinstance(config, (str, Path)):
        text = str(config)
        looks_like_file = isinstance(config, Path) or (
            "\n" not in text and (text.endswith((".yaml", ".yml")) or Path(text).is_file()))
        if looks_like_file:
            path = Path(text)
            if not path.is_file():
                raise ConfigError(f"config file not found: '{path}' (looked in {Path.cwd()})")
            source, text = str(path), path.read_text(encoding="utf-8-sig")
        try:
            data = yaml_source.parse(text)
        except yaml.YAMLError as exc:
            what = f"config file '{source}'" if source else "config"
            raise ConfigError(f"{what} is not valid YAML{yaml_source.describe(exc)}") from exc
    else:
        raise ConfigError(f"config must be a YAML file path, YAML text or a dict, "
                          f"got {type(config).__name__}")
    if not isinstance(data, dict):
        got = "an empty document" if data is None else f"a {type(data).__name__}"
        raise ConfigError(f"config must be a mapping of module names to experiments, got {got}")
    return text, source, data


def _executor_settings(raw: Any, problems: list[str]) -> ExecutorSettings:
    if raw is None:
        return ExecutorSettings()
    if not isinstance(raw, dict):
        problems.append("Executor: expected a mapping of settings")
        return ExecutorSettings()
    raw = dict(raw)
    if isinstance(raw.get("log_level"), str):
        raw["log_level"] = raw["log_level"].upper()
    params, found = validate_signature(ExecutorSettings, raw, "Executor")
    problems += found
    return ExecutorSettings(**params) if not found else ExecutorSettings()


def _experiments(kind: ModuleKind, section: Any, problems: list[str]) -> list[ExperimentSpec]:
    module = kind.name
    if not isinstance(section, dict) or not section:
        problems.append(f"{module}: expected a mapping of experiment names to parameters, got "
                        f"{'nothing' if not section else type(section).__name__}")
        return []
    specs = []
    for name, raw in section.items():
        path = f"{module}.{name}"
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{path}: experiment names must be non-empty strings")
            continue
        if RESERVED_SUFFIX.search(name):
            problems.append(f"{path}: experiment names must not end in '_[...]' (reserved for "
                            "experiments petsard expands, such as Splitter samples)")
            continue
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            problems.append(f"{path}: expected a mapping of parameters, got {type(raw).__name__}")
            continue
        params = dict(raw)
        method = params.pop("method", kind.default_method)
        if method not in kind.registry and "method" not in raw:
            problems.append(f"{path}.method: required; valid: {', '.join(kind.registry.names())}")
            continue
        if not isinstance(method, str):
            problems.append(f"{path}.method: expected a string, got {method!r}")
            continue
        if method not in kind.registry:
            problems.append(f"{path}.method: unknown {module} method '{method}'"
                            f"{did_you_mean(method, kind.registry.names())}")
            continue
        cls = kind.registry.get(method)
        shared = kind.operator.option_names()
        options, found = validate_signature(
            kind.operator.options, {k: v for k, v in params.items() if k in shared},
            path) if shared else ({}, [])
        params, more = cls.params_from({k: v for k, v in params.items() if k not in shared},
                                       path)
        problems += found + more
        if found or more:
            continue
        params = {**params, **options}
        for variant, index in cls.expand(name, params):
            specs.append(ExperimentSpec(module, variant, method.lower(), params, cls,
                                        kind.operator, name if variant != name else None,
                                        index))
    return specs


def _has_source(experiments: dict[str, list[ExperimentSpec]]) -> bool:
    if "Loader" in experiments:
        return True
    first = next(iter(experiments.values()), [])
    return bool(first) and all(spec.method == "custom_data" for spec in first)


def _cross_checks(experiments: dict[str, list[ExperimentSpec]]) -> list[str]:
    """Checks that need more than one module (each method's ``check_pipeline``)."""
    problems = []
    modules = {module: list(dict.fromkeys(spec.base_name or spec.name for spec in specs))
               for module, specs in experiments.items()}
    for specs in experiments.values():
        for spec in specs:
            if spec.index > 1:  # expanded samples share their base's parameters
                continue
            problems += spec.method_cls.check_pipeline(
                spec.params, f"{spec.module}.{spec.base_name or spec.name}", modules)
    return problems
