"""``source`` and ``method`` as PETsARD users write them, and the config problems they meet
before the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from petsard import Config
from petsard.describer.sources import mode_of, read_source
from petsard.exceptions import ConfigError, ConfigWarning


@pytest.mark.parametrize(("source", "written"), [
    ("Loader", {"source": "Loader"}),
    (["Synthesizer"], {"source.0": "Synthesizer"}),
    (["Splitter.ori", "Synthesizer"], {"source.0": "Splitter.ori", "source.1": "Synthesizer"}),
    ({"base": "Loader", "target": "Synthesizer"},
     {"source.base": "Loader", "source.target": "Synthesizer"}),
    ({"syn": "Synthesizer", "ori": "Loader"},  # PETsARD's older keys, in any order
     {"source.ori": "Loader", "source.syn": "Synthesizer"}),
    ({"base": "Loader", "syn": "Synthesizer"},
     {"source.base": "Loader", "source.syn": "Synthesizer"}),
])
def test_a_source_is_one_reference_or_base_then_target(source, written) -> None:
    assert read_source(source) == written


@pytest.mark.parametrize(("source", "message"), [
    (["Loader", "Splitter", "Synthesizer"], "a list names 1 source"),
    ({"base": "Loader"}, "got keys: base"),
    ({"base": "Loader", "ori": "Splitter"}, "got keys: base, ori"),
    ({"base": "Loader", "target": "Synthesizer", "extra": "Splitter"}, "base, target, extra"),
])
def test_a_misshapen_source_says_what_it_takes(source, message) -> None:
    with pytest.raises(ValueError, match=message):
        read_source(source)


def test_default_describes_one_source_and_compares_two() -> None:
    assert mode_of("Loader") == mode_of(["Loader"]) == "describe"
    assert mode_of(["Loader", "Synthesizer"]) == mode_of({"ori": "a", "syn": "b"}) == "compare"


def config(describer: dict, adult_csv: Path, **more: dict) -> Config:
    return Config({"Loader": {"load": {"filepath": str(adult_csv)}},
                   "Splitter": {"split": {"train_split_ratio": 0.8}},
                   "Synthesizer": {"ctgan": {"method": "custom_data", "filepath": str(adult_csv)},
                                   "gc": {"method": "default"}},
                   **more, "Describer": {"d": describer}})


def problems(describer: dict, adult_csv: Path, **more: dict) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        config(describer, adult_csv, **more)
    return [line.strip() for line in str(caught.value).splitlines()[1:]]


@pytest.mark.parametrize("describer", [
    {"source": "Synthesizer"},
    {"method": "default", "source": {"base": "Splitter.train", "target": "Synthesizer"}},
    {"method": "compare", "source": {"base": "Loader", "target": "Synthesizer"},
     "stats_method": ["mean", "std", "nunique", "jsdivergence"], "compare_method": "diff",
     "aggregated_method": "mean", "summary_method": "mean"},
    {"method": "describe", "source": "Splitter.control", "describe_method": "mean"},
    {"source": ["Splitter.validation", "Synthesizer.gc"]},
    {"source": {"ori": "Splitter.ori", "syn": "Synthesizer.ctgan"}},
    {"source": "Loader", "describe_method": ["percentile", "cov"], "percentile": 0.95},
])
def test_petsards_documented_forms_validate(describer: dict, adult_csv: Path) -> None:
    config(describer, adult_csv)


def test_a_bad_reference_names_its_yaml_path_and_the_valid_names(adult_csv: Path) -> None:
    assert problems({"source": {"base": "Splitter.ori", "target": "Synthesizer.ctgn"}},
                    adult_csv) == [
        "Describer.d.source.target: 'ctgn' is not an experiment of Synthesizer; did you mean "
        "'ctgan'? valid: ctgan, gc"]
    assert problems({"source": ["Postprocessor", "Splitter.tset"]}, adult_csv) == [
        "Describer.d.source.0: module 'Postprocessor' is not in this config (modules: Loader, "
        "Splitter, Synthesizer, Describer)",
        "Describer.d.source.1: 'tset' is not an experiment of Splitter; did you mean 'test'? "
        "valid: control, ori, split, test, train, validation"]


def test_modules_without_a_table_of_their_own_cannot_be_sources(adult_csv: Path) -> None:
    assert problems({"source": "Evaluator"}, adult_csv,
                    Evaluator={"e": {"method": "default"}}) == [
        "Describer.d.source: 'Evaluator' has no table of its own to describe (choose one of: "
        "Loader, Splitter, Synthesizer)"]
    assert problems({"source": "Reporter"}, adult_csv,
                    Reporter={"r": {"method": "save_timing"}}) == [
        "Describer.d.source: 'Reporter' does not run before the Describer (choose a module "
        "earlier in the pipeline)"]


def test_each_mode_takes_its_own_parameters(adult_csv: Path) -> None:
    assert problems({"source": "Loader", "stats_method": ["mean"]}, adult_csv) == [
        "Describer.d.stats_method: not used when the Describer describes one source (it takes "
        "describe_method, percentile)"]
    assert problems({"source": ["Loader", "Synthesizer"], "describe_method": ["mean"]},
                    adult_csv) == [
        "Describer.d.describe_method: not used when the Describer compares two sources (it "
        "takes stats_method, compare_method, aggregated_method, summary_method)"]
    found = problems({"method": "compare", "source": ["Loader", "Synthesizer"],
                      "stats_method": ["mean", "mode"], "compare_method": "ratio",
                      "summary_method": "max"}, adult_csv)
    assert [p.split(":")[0] for p in found] == [
        "Describer.d.stats_method.1", "Describer.d.compare_method", "Describer.d.summary_method"]


def test_compare_needs_two_sources_and_describe_keeps_the_first(adult_csv: Path) -> None:
    assert problems({"method": "compare", "source": "Loader"}, adult_csv) == [
        "Describer.d.source: compare takes two sources, got one (write {base: <reference>, "
        "target: <reference>} or a list of two)"]
    with pytest.warns(ConfigWarning, match="only the first, 'Loader', is described"):
        config({"method": "describe", "source": ["Loader", "Synthesizer"]}, adult_csv)


def test_a_percentile_needs_its_value_and_a_value_alone_does_nothing(adult_csv: Path) -> None:
    assert problems({"source": "Loader", "describe_method": ["percentile"]}, adult_csv) == [
        "Describer.d.percentile: required when describe_method lists 'percentile' (a share "
        "from 0 to 1, e.g. 0.95)"]
    assert problems({"source": "Loader", "describe_method": ["q1"], "percentile": 95},
                    adult_csv) == ["Describer.d.percentile: must be <= 1, got 95"]
    with pytest.warns(ConfigWarning, match="percentile: ignored"):
        config({"source": "Loader", "percentile": 0.5}, adult_csv)


def test_source_is_required(adult_csv: Path) -> None:
    assert problems({"method": "default"}, adult_csv) == [
        "Describer.d.source: required parameter is missing"]
