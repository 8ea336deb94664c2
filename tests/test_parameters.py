"""Checking parameters: the one reading shared by every module."""

from __future__ import annotations

import pytest
import yaml

from petsard.parameters import is_yaml_null


@pytest.mark.parametrize("text", ["x: None", "x: none", "x: null", "x: ~", "x:"])
def test_none_written_unquoted_reads_as_null_like_yaml_null(text: str) -> None:
    assert is_yaml_null(yaml.safe_load(text)["x"])


@pytest.mark.parametrize("value", ["Nonesuch", "'no'", "0", "false", "[]"])
def test_other_values_are_not_null(value: str) -> None:
    assert not is_yaml_null(yaml.safe_load(f"x: {value}")["x"])
