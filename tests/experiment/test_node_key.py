"""Node keys are formatted and parsed in one place, whatever the experiment names hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petsard.exceptions import PetsardError
from petsard.experiment import MODULE_ORDER, NodeKey


def test_a_key_formats_as_petsard_writes_it_and_parses_back() -> None:
    key = NodeKey.of("Loader", "data").child("Splitter", "split_[10-01]").child(
        "Synthesizer", "gc")
    assert str(key) == "Loader[data]_Splitter[split_[10-01]]_Synthesizer[gc]"
    assert NodeKey.parse(str(key)) == key
    assert (key.module, key.experiment, key.label) == ("Synthesizer", "gc", "Synthesizer[gc]")
    assert str(key.parent) == "Loader[data]_Splitter[split_[10-01]]"
    assert str(key.up_to("Splitter")) == "Loader[data]_Splitter[split_[10-01]]"
    assert str(key.renamed("other")) == "Loader[data]_Splitter[split_[10-01]]_Synthesizer[other]"
    assert key.is_below(NodeKey.of("Loader", "data")) and not key.is_below(key)


@pytest.mark.parametrize("text", ["", "Loader", "Loader[a", "Nothing[a]", "Loader[a]_x"])
def test_text_that_is_not_a_key_is_refused(text: str) -> None:
    with pytest.raises(PetsardError, match="node key"):
        NodeKey.parse(text)


names = st.text(min_size=1, max_size=12)


@given(st.lists(names, min_size=1, max_size=len(MODULE_ORDER)), st.data())
def test_any_experiment_names_round_trip(experiments: list[str], data: st.DataObject) -> None:
    modules = sorted(data.draw(st.sets(st.sampled_from(MODULE_ORDER), min_size=len(
        experiments), max_size=len(experiments))), key=MODULE_ORDER.index)
    key = NodeKey(tuple(zip(modules, experiments, strict=True)))
    if any(f"]_{m}[" in name for name in experiments for m in MODULE_ORDER):
        return  # a name that spells the next module's key part is ambiguous by nature
    assert NodeKey.parse(str(key)) == key
