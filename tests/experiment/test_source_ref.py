"""Source references as configs write them: modules, experiments and Splitter parts."""

from __future__ import annotations

import pytest

from petsard.experiment.source_ref import SourceRef, base_experiment, check_sources

MODULES = {"Loader": ["load"], "Splitter": ["split"], "Synthesizer": ["default", "ctgan"],
           "Reporter": ["save"]}


@pytest.mark.parametrize(("text", "expected"), [
    ("Synthesizer", SourceRef("Synthesizer")),
    ("Synthesizer.ctgan", SourceRef("Synthesizer", experiment="ctgan")),
    ("Splitter.ori", SourceRef("Splitter", part="train")),
    ("Splitter.train", SourceRef("Splitter", part="train")),
    ("Splitter.control", SourceRef("Splitter", part="validation")),
    ("Splitter.validation", SourceRef("Splitter", part="validation")),
    ("Splitter.test", SourceRef("Splitter", part="validation")),
    ("Splitter.split", SourceRef("Splitter", experiment="split")),
])
def test_a_reference_names_a_module_an_experiment_or_a_splitter_part(
        text: str, expected: SourceRef) -> None:
    assert SourceRef.parse(text, MODULES) == expected


def test_an_experiment_named_like_a_splitter_part_is_the_experiment() -> None:
    assert SourceRef.parse("Splitter.train", {"Splitter": ["train"]}) == SourceRef(
        "Splitter", experiment="train")


def test_an_experiment_reference_matches_the_samples_petsard_expands() -> None:
    ref = SourceRef("Splitter", experiment="split")
    assert ref.matches("split_[2-3]") and not ref.matches("other_[1-3]")
    assert base_experiment("split_[2-3]") == "split"
    assert SourceRef("Synthesizer").matches("anything")


def test_bad_references_are_reported_with_their_path_and_the_valid_names() -> None:
    problems = check_sources(["Synthesizer.ctgn", "Evaluator", "Reporter", "Splitter.ori"],
                             "Reporter.save.source", MODULES, before="Reporter")
    assert problems == [
        "Reporter.save.source: 'ctgn' is not an experiment of Synthesizer; did you mean "
        "'ctgan'? valid: ctgan, default",
        "Reporter.save.source: module 'Evaluator' is not in this config (modules: Loader, "
        "Splitter, Synthesizer, Reporter)",
        "Reporter.save.source: 'Reporter' does not run before the Reporter (choose a module "
        "earlier in the pipeline)",
    ]
