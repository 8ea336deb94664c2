"""Every bad config fails before any module runs, naming the YAML path of each problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from petsard import Config, Executor
from petsard.exceptions import ConfigError

LOADER = {"data": {"filepath": "benchmark://adult-income"}}


def config_error(config: object) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        Executor(config)
    return caught.value


BAD_CONFIGS = [
    # (case id, config, text the message must contain)
    ("unknown module", {"Loader": LOADER, "Synthesiser": {"a": {"method": "sdv"}}},
     "Synthesiser: unknown module; did you mean 'Synthesizer'?"),
    ("unknown method", {"Loader": LOADER, "Synthesizer": {"a": {"method": "sdvv"}}},
     "Synthesizer.a.method: unknown Synthesizer method 'sdvv'; did you mean 'sdv'?"),
    ("ill-typed epochs", {"Loader": LOADER,
                          "Synthesizer": {"ctgan": {"method": "sdv", "model": "CTGAN",
                                                    "epochs": "ten"}}},
     "Synthesizer.ctgan.epochs: expected an integer, got 'ten'"),
    ("zero epochs", {"Loader": LOADER,
                     "Synthesizer": {"ctgan": {"method": "sdv", "model": "CTGAN", "epochs": 0}}},
     "Synthesizer.ctgan.epochs: must be >= 1, got 0"),
    ("misspelt model parameter", {"Loader": LOADER,
                                  "Synthesizer": {"c": {"method": "sdv", "model": "CTGAN",
                                                        "epoch": 5}}},
     "Synthesizer.c.epoch: unknown parameter; did you mean 'epochs'?"),
    ("unknown model", {"Loader": LOADER, "Synthesizer": {"c": {"method": "sdv", "model": "GAN"}}},
     "Synthesizer.c.model: unknown SDV model 'GAN'"),
    ("parameter of another model", {"Loader": LOADER,
                                    "Synthesizer": {"g": {"method": "sdv", "epochs": 3}}},
     "Synthesizer.g.epochs: unknown parameter"),
    ("negative num_samples", {"Loader": LOADER,
                              "Synthesizer": {"g": {"method": "sdv", "num_samples": -5}}},
     "Synthesizer.g.num_samples: must be >= 1, got -5"),
    ("float batch_size", {"Loader": LOADER,
                          "Synthesizer": {"t": {"method": "sdv-single_table-tvae",
                                                "batch_size": 12.5}}},
     "Synthesizer.t.batch_size: expected an integer, got 12.5"),
    ("contradicting model", {"Loader": LOADER,
                             "Synthesizer": {"t": {"method": "sdv-single_table-tvae",
                                                   "model": "CTGAN"}}},
     "Synthesizer.t.model: 'CTGAN' contradicts the method"),
    ("custom_data without filepath", {"Loader": LOADER,
                                      "Synthesizer": {"c": {"method": "custom_data"}}},
     "Synthesizer.c.filepath: required parameter is missing"),
    ("loader unknown parameter", {"Loader": {"d": {"filepath": "x.csv", "sepp": ";"}}},
     "Loader.d.sepp: unknown parameter; did you mean 'sep'?"),
    ("loader nrows not a number", {"Loader": {"d": {"filepath": "x.csv", "nrows": "many"}}},
     "Loader.d.nrows: expected an integer, got 'many'"),
    ("loader header_names not a list", {"Loader": {"d": {"filepath": "x.csv",
                                                         "header_names": "a,b"}}},
     "Loader.d.header_names: expected a list"),
    ("unknown benchmark", {"Loader": {"d": {"filepath": "benchmark://adult"}}},
     "Loader.d.filepath: unknown benchmark dataset 'adult'; valid: adult-income"),
    ("unknown schema type", {"Loader": {"d": {"filepath": "x.csv",
                                              "schema": {"fields": {"age": {"type": "integr"}}}}}},
     "Loader.d.schema.fields.age.type: unknown type 'integr'; did you mean 'integer'?"),
    ("unknown column type key", {"Loader": {"d": {"filepath": "x.csv",
                                                  "column_types": {"categry": ["a"]}}}},
     "Loader.d.column_types.categry: unknown type"),
    ("reserved experiment name", {"Loader": LOADER,
                                  "Synthesizer": {"gen_[1-2]": {"method": "sdv"}}},
     "Synthesizer.gen_[1-2]: experiment names must not end in '_[...]'"),
    ("empty module section", {"Loader": LOADER, "Synthesizer": {}},
     "Synthesizer: expected a mapping of experiment names to parameters, got nothing"),
    ("module section is a list", {"Loader": LOADER, "Synthesizer": ["sdv"]},
     "Synthesizer: expected a mapping of experiment names to parameters, got list"),
    ("experiment is a string", {"Loader": LOADER, "Synthesizer": {"a": "sdv"}},
     "Synthesizer.a: expected a mapping of parameters, got str"),
    ("no loader", {"Synthesizer": {"a": {"method": "sdv"}}},
     "Loader: a config needs a Loader section"),
    ("reporter without method", {"Loader": LOADER, "Reporter": {"r": {"source": "Loader"}}},
     "Reporter.r.method: required"),
    ("reporter unknown method", {"Loader": LOADER,
                                 "Reporter": {"r": {"method": "save_dat", "source": "Loader"}}},
     "Reporter.r.method: unknown Reporter method 'save_dat'; did you mean 'save_data'?"),
    ("reporter source not in config", {"Loader": LOADER,
                                       "Reporter": {"r": {"method": "save_data",
                                                          "source": "Synthesiser"}}},
     "Reporter.r.source: module 'Synthesiser' is not in this config"),
    ("reporter missing source", {"Loader": LOADER, "Reporter": {"r": {"method": "save_data"}}},
     "Reporter.r.source: required parameter is missing"),
    ("bad time unit", {"Loader": LOADER,
                       "Reporter": {"t": {"method": "save_timing", "time_unit": "weeks"}}},
     "Reporter.t.time_unit: expected one of 'seconds', 'minutes', 'hours' or 'days', got 'weeks'"),
    ("executor unknown setting", {"Loader": LOADER, "Executor": {"random_seed": 1}},
     "Executor.random_seed: unknown parameter; did you mean 'random_state'?"),
    ("executor bad log type", {"Loader": LOADER, "Executor": {"log_output_type": "screen"}},
     "Executor.log_output_type: expected one of 'stdout', 'file' or 'both', got 'screen'"),
    ("executor random_state string", {"Loader": LOADER, "Executor": {"random_state": "42a"}},
     "Executor.random_state: expected an integer, got '42a'"),
    ("executor bad store", {"Loader": LOADER, "Executor": {"store": "postgres"}},
     "Executor.store: expected one of 'sqlite' or 'memory', got 'postgres'"),
    ("executor not a mapping", {"Loader": LOADER, "Executor": "fast"},
     "Executor: expected a mapping of settings"),
    ("evaluator method unknown", {"Loader": LOADER, "Evaluator": {"e": {"method": "sdmetric"}}},
     "Evaluator.e.method: unknown Evaluator method 'sdmetric'"),
]


@pytest.mark.parametrize(("config", "expected"), [(c, e) for _, c, e in BAD_CONFIGS],
                         ids=[case for case, _, _ in BAD_CONFIGS])
def test_bad_config_fails_with_its_yaml_path(config: dict, expected: str) -> None:
    error = config_error(config)
    assert expected in str(error), str(error)


def test_every_problem_is_reported_at_once() -> None:
    error = config_error({
        "Loader": {"d": {"filepath": "x.csv", "nrows": "many"}},
        "Synthesizer": {"a": {"method": "sdv", "model": "CTGAN", "epochs": "ten"},
                        "b": {"method": "nope"}},
        "Executor": {"store": "postgres"},
    })
    assert str(error).startswith("[CONFIG_002] invalid config (4 problems):")
    assert len(error.problems) == 4


def test_yaml_problems_name_their_line() -> None:
    text = """
Loader:
  data:
    filepath: benchmark://adult-income
Synthesizer:
  ctgan:
    method: sdv
    model: CTGAN
    epochs: ten
"""
    error = config_error(text)
    assert "Synthesizer.ctgan.epochs: expected an integer, got 'ten' (line 9)" in str(error)


@pytest.mark.parametrize(("text", "expected"), [
    ("Loader: [unclosed", "config is not valid YAML at line 1"),
    ("- Loader\n- Synthesizer\n",
     "config must be a mapping of module names to experiments, got a list"),
    ("", "got an empty document"),
    ("missing-config.yaml", "config file not found: 'missing-config.yaml'"),
])
def test_unreadable_config_is_a_config_error(text: str, expected: str) -> None:
    assert expected in str(config_error(text))


def test_a_config_file_that_is_not_yaml_is_named(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("Loader:\n  a: {filepath: x.csv\n  b: 2\n")
    assert "config file 'bad.yaml' is not valid YAML at line 3" in str(config_error("bad.yaml"))


def test_config_is_not_a_mapping_type() -> None:
    assert "config must be a YAML file path, YAML text or a dict, got int" in str(config_error(3))


def test_bad_config_runs_nothing_and_writes_no_run_folder(tmp_path: Path) -> None:
    config_error({"Loader": LOADER, "Synthesizer": {"a": {"method": "nope"}}})
    assert not (tmp_path / "petsard_runs").exists()


def test_config_file_with_bom_and_key_order_is_read_in_canonical_order(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("\ufeffReporter:\n  r: {method: save_timing}\n"
                    "Loader:\n  d: {filepath: x.csv}\n",
                    encoding="utf-8")
    assert Config(str(path)).sequence == ["Loader", "Reporter"]


def test_petsards_older_method_names_are_accepted() -> None:
    config = Config({"Loader": LOADER, "Splitter": {"s": {}},
                     "Evaluator": {"u": {"method": "mlutility-classification",
                                         "target": "income"},
                                   "q": {"method": "sdmetrics-single_table-qualityreport"}}})
    utility, quality = config.experiments["Evaluator"]
    assert utility.params["task_type"] == "classification"
    assert quality.method_cls.__name__ == "QualityReportEvaluator"
